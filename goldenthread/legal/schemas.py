"""API shapes for legal coordination."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema

from goldenthread.disclosures.schemas import DisclosureSummaryOut


class ChargeIn(Schema):
    statute: str
    level: str
    incident_date: date


class ChargeOut(ChargeIn):
    id: int


class CaseIn(Schema):
    participant_id: int
    court: str
    court_kind: str = "local"
    case_number: str = ""
    filing_date: date | None = None
    defence_agency_id: int | None = None
    defence_counsel: str = ""
    charges: list[ChargeIn] = []


class CourtDateIn(Schema):
    on: date
    kind: str = ""


class CourtDateOut(CourtDateIn):
    id: int


class WarrantIn(Schema):
    status: str
    on: date
    reference: str = ""


class WarrantOut(WarrantIn):
    id: int


class BaselineIn(Schema):
    baseline: str


class LegalSourceIn(Schema):
    kind: str
    reference: str = ""


class LegalDecisionIn(Schema):
    kind: str
    rationale: str = ""
    basis: list[LegalSourceIn] = []
    review_on: date | None = None
    terms: str = ""


class LegalDecisionOut(Schema):
    id: int
    case_id: int
    kind: str
    rationale: str
    review_on: date | None
    terms: str
    decided_by: str
    decided_at: datetime
    basis: list[LegalSourceIn]
    flagged_for_review: bool
    review_outcome: str


class CaseOut(Schema):
    id: int
    person: str
    participant_id: int | None
    lead_status: str | None
    case_number: str
    court: str
    court_kind: str
    status: str
    source: str
    filing_date: date | None
    defence_agency: str | None
    defence_counsel: str
    baseline: str
    charges: list[ChargeOut]
    court_dates: list[CourtDateOut]


class CaseDetailOut(CaseOut):
    warrants: list[WarrantOut]
    decisions: list[LegalDecisionOut]


class QueueItemOut(Schema):
    case: CaseOut
    predates_enrollment: bool | None
    latest_decision: str | None


class LegalWorklistOut(Schema):
    filing_queue: list[QueueItemOut]
    holds_due: list[LegalDecisionOut]
    court_dates: list[CourtDateOut]
    disclosures: list[DisclosureSummaryOut]


class WorklistRowOut(Schema):
    """One row of a worklist section: the columns the section's web page shows (labels as
    shown there), dates in ISO 8601; a column the section does not have is null."""

    case_id: int
    person: str
    case: str | None = None
    source: str | None = None
    charges: str | None = None
    predates_enrollment: bool | None = None
    latest: str | None = None
    review_on: date | None = None
    court: str | None = None
    on: date | None = None
    kind: str | None = None
    status: str | None = None


class WorklistSectionOut(Schema):
    """One page of a worklist section (``GET /legal/worklist/{section}?page=N``): which page
    this is (a page past the end is the last), how many pages and rows the section holds."""

    section: str
    title: str
    page: int
    pages: int
    count: int
    rows: list[WorklistRowOut]


class LegalReviewIn(Schema):
    outcome: str
    note: str = ""


class LegalReviewOut(LegalDecisionOut):
    person: str
    taint_facts: list[dict]
    review_note: str


class LegalPolicyIn(Schema):
    """Only the settings sent are changed."""

    taint_lookback_days: int | None = None
    hold_review_warning_days: int | None = None


class LegalPolicyOut(Schema):
    taint_lookback_days: int
    hold_review_warning_days: int
