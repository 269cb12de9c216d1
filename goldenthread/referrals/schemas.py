"""API shapes for the referrals area."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema


class HistoryItemIn(Schema):
    code: str
    on: date | None = None


class ReferralIn(Schema):
    door: str
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    aliases: list[str] = []
    contact_at: datetime | None = None
    area: str = ""
    offence_category: str = ""
    charge: str = ""
    probable_cause: bool = False
    arrest_report_number: str = ""
    quantity_grams: Decimal | None = None
    dosage_units: int | None = None
    prior_activity: str = ""
    verification: str = ""
    prior_activity_on: date | None = None
    prior_activity_place: str = ""
    referring_partner: str = ""
    history_flags: list[HistoryItemIn] = []
    recent_arrests: int = 0
    vulnerability_flags: list[str] = []
    notes: str = ""


class ReferralStatusOut(Schema):
    """All that police see: the status and whether the person enrolled."""

    id: int
    door: str
    status: str
    enrolled: bool


class ReferralOut(Schema):
    id: int
    door: str
    state: str
    status: str
    waiting: bool
    name: str
    date_of_birth: date | None
    aliases: list[str]
    person_id: int | None
    participant_id: int | None
    contact_at: datetime
    area: str
    offence_category: str
    charge: str
    arrest_report_number: str
    referring_agency: str
    referring_partner: str
    intake_due: date | None
    handoff_at: datetime | None
    assigned_cm: str | None
    roi_signed: bool


class CriterionOut(Schema):
    criterion: str
    outcome: str
    reason: str


class ScreeningOut(Schema):
    id: int
    referral_id: int
    policy_version_id: int
    policy_version: str
    result: str
    decision: str
    explanation: list[CriterionOut]
    override_reason: str
    override_role: str
    referral_state: str


class ScreenIn(Schema):
    policy_version_id: int | None = None


class OverrideIn(Schema):
    result: str
    reason: str


class IdentifyIn(Schema):
    person_id: int | None = None
    confirm_new: bool = False


class MatchOut(Schema):
    person_id: int
    name: str
    date_of_birth: date | None
    aliases: list[str]
    score: int
    is_participant: bool


class ReasonIn(Schema):
    reason: str = ""


class IntakeIn(Schema):
    assessment: str
    roi_signed: bool = False
    roi_signed_on: date | None = None
    assigned_cm_id: int | None = None


class ReorderIn(Schema):
    points: int
    reason: str


class LinkIn(Schema):
    person_id: int
    other_id: int
    reason: str = ""


class LinkOut(Schema):
    id: int
    person_id: int
    other_id: int
    score: int
    reason: str
    active: bool


class FilingEntryOut(Schema):
    """A filing-queue entry: the diverted arrest, and that it may be referred for filing."""

    id: int
    name: str
    date_of_birth: date | None
    arrest_report_number: str
    offence_category: str
    charge: str
    contact_at: datetime
    intake_due: date | None
    expired_at: datetime | None
    note: str


class QueueEntryOut(Schema):
    referral_id: int
    name: str
    waiting_since: datetime | None
    score: int
    terms: list[dict[str, Any]]


class CaseloadRowOut(Schema):
    username: str
    active: int
    target: int
    cap: int


class CapacityOut(Schema):
    caseload: int
    capacity: int
    pending: int
    target: int
    cap: int
    has_room: bool
    case_managers: list[CaseloadRowOut]


class OnCallOut(Schema):
    referral_id: int
    contact_at: datetime
    deadline: datetime
    minutes_left: int


class NotificationOut(Schema):
    id: int
    referral_id: int
    channel: str
    status: str
    attempts: int
    errors: list[str]


class ReferralsPolicyVersionOut(Schema):
    id: int
    policy_id: int
    policy: str
    number: int
    status: str
    effective_from: date | None
    eligible_categories: list[str]
    max_grams: Decimal | None
    max_dosage_units: int | None
    exclusions: list[dict[str, Any]]
    minimum_age: int | None
    program_areas: list[str]
    social_contact_lookback_months: int
    prosecutor_signoff: bool
    approval_doors: list[str]
    adopted_at: datetime | None
    adopted_by: str | None
    pcg_proposal_id: int | None = None
    pcg_decision_id: int | None = None


class ProposeIn(Schema):
    note: str = ""


class ReferralsPolicyIn(Schema):
    name: str


class PolicyVersionPatch(Schema):
    eligible_categories: list[str] | None = None
    max_grams: Decimal | None = None
    max_dosage_units: int | None = None
    exclusions: list[dict[str, Any]] | None = None
    minimum_age: int | None = None
    program_areas: list[str] | None = None
    social_contact_lookback_months: int | None = None
    prosecutor_signoff: bool | None = None
    approval_doors: list[str] | None = None


class AdoptIn(Schema):
    effective_from: date
    note: str = ""


class ReferralsSettingsOut(Schema):
    social_contacts_wait_for_capacity: bool
    weight_per_day_waiting: int
    weight_per_recent_arrest: int
    weight_per_vulnerability: int
    oncall_email: str
    webhook_url: str
    filing_charge_level: str


class ReferralsSettingsPatch(Schema):
    social_contacts_wait_for_capacity: bool | None = None
    weight_per_day_waiting: int | None = None
    weight_per_recent_arrest: int | None = None
    weight_per_vulnerability: int | None = None
    oncall_email: str | None = None
    webhook_url: str | None = None
    filing_charge_level: str | None = None
