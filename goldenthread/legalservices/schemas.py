"""API shapes for LEAD Legal Services. ``MatterStatusOut`` is all a case manager or the PM ever
gets; ``MatterFileOut`` (the privileged file) goes to legal services only."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from ninja import Schema


class LegalServicesReferralIn(Schema):
    matter_type: str
    description: str
    urgency: str = "routine"
    deadline_on: date | None = None
    deadline_label: str = ""


class DeadlineOut(Schema):
    id: int
    due_on: date
    label: str
    remind_days: int | None  # None: the site's reminder window
    met_on: date | None


class DocumentOut(Schema):
    id: int
    title: str
    filename: str
    content_type: str
    size: int
    privileged: bool
    uploaded_at: datetime
    uploaded_by: str
    download_url: str


class LegalServicesSettingsOut(Schema):
    document_max_mb: int
    reminder_window_days: int
    remind_referrer: bool


class LegalServicesSettingsPatch(Schema):
    document_max_mb: int | None = None
    reminder_window_days: int | None = None
    remind_referrer: bool | None = None


class OutcomeOut(Schema):
    id: int
    kind: str
    kind_label: str
    amount: Decimal | None
    achieved_on: date


class MatterStatusOut(Schema):
    id: int
    participant_id: int
    participant: str
    matter_type: str
    matter_type_label: str
    urgency: str
    status: str
    status_label: str
    referred_on: date
    referred_by: str
    attorney: str | None
    decided_on: date | None
    decline_reason: str
    referred_to: str
    closed_on: date | None
    deadlines: list[DeadlineOut]
    outcomes: list[OutcomeOut]
    # Only the documents marked not privileged; the file (MatterFileOut) lists them all.
    documents: list[DocumentOut] = []


class PartyOut(Schema):
    id: int
    name: str
    relation: str


class HitOut(Schema):
    searched: str
    source: str
    matched: str
    score: int


class LegalServicesEntryOut(Schema):
    id: int
    kind: str
    occurred_on: date
    text: str
    author: str


class MatterFileOut(MatterStatusOut):
    description: str
    court: str
    case_number: str
    conflict_state: str
    conflict_cleared_reason: str
    parties: list[PartyOut]
    conflict_hits: list[HitOut]
    entries: list[LegalServicesEntryOut]


class DocketRowOut(Schema):
    id: int
    participant: str
    matter_type: str
    urgency: str
    status: str
    conflict_state: str
    attorney: str | None
    referred_on: date
    next_due: date | None


class DeadlineRowOut(DeadlineOut):
    matter_id: int
    participant: str
    attorney: str | None
    reminder_due: bool
    overdue: bool


class LegalServicesCaseloadOut(Schema):
    attorney_id: int
    username: str
    name: str
    open: int


class PartyIn(Schema):
    name: str
    relation: str = ""


class LegalServicesReasonIn(Schema):
    reason: str


class AcceptIn(Schema):
    attorney: str  # the attorney's username


class ReferOutIn(Schema):
    referred_to: str


class MatterPatch(Schema):
    court: str | None = None
    case_number: str | None = None
    attorney: str | None = None  # a username


class DeadlineIn(Schema):
    due_on: date
    label: str
    remind_days: int | None = None  # None: the site's reminder window


class EntryIn(Schema):
    kind: str
    text: str
    occurred_on: date | None = None


class OutcomeIn(Schema):
    kind: str
    amount: Decimal | None = None
    achieved_on: date | None = None


class LegalServicesReportOut(Schema):
    total: int
    resolved: int
    by_type: dict[str, int]
    by_status: dict[str, int]
    outcome_counts: dict[str, int]
    outcome_totals: dict[str, Decimal]
    median_days_to_resolution: float | None
    median_days_by_type: dict[str, float]
