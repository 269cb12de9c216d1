"""API shapes for governance."""

from __future__ import annotations

from datetime import date

from ninja import Schema

from goldenthread.apidoc import Id


class BodyIn(Schema):
    kind: str
    name: str
    formed_on: date
    charter: str = ""
    scope: str = ""
    scope_area: str = ""
    cadence_days: int = 30
    quorum_percent: int = 50
    stand_aside_limit: int | None = None
    parent_id: int | None = None
    oversees_pm: bool = False


class BodyOut(Schema):
    id: int
    kind: str
    name: str
    charter: str
    scope: str
    scope_area: str
    cadence_days: int
    quorum_percent: int
    stand_aside_limit: int | None
    formed_on: date
    parent_id: int | None
    oversees_pm: bool


class SeatIn(Schema):
    name: str
    agency_id: int
    start_on: date
    kind: str = "agency"
    user_id: int | None = None
    senior: bool = False
    authorised: bool = False
    sector: str = ""
    most_affected: bool = False
    appointed_by_id: int | None = None


class SeatOut(Schema):
    id: int
    body_id: int
    name: str
    agency_id: int
    agency: str
    kind: str
    senior: bool
    authorised: bool
    sector: str
    most_affected: bool
    start_on: date
    end_on: date | None
    appointed_by_id: int | None


class SeatEndIn(Schema):
    end_on: date


class BodyDetailOut(BodyOut):
    seats: list[SeatOut]
    missing_sectors: list[str] = []


class WarningOut(Schema):
    code: str
    message: str


class MeetingIn(Schema):
    held_on: date
    location: str = ""


class AgendaItemOut(Schema):
    id: int
    order: int
    title: str
    topic: str
    proposal_id: int | None


class ActionItemOut(Schema):
    id: int
    meeting_id: int
    title: str
    owner_agency_id: int
    owner_name: str
    due_on: date
    status: str


class MeetingOut(Schema):
    id: int
    body_id: int
    held_on: date
    location: str
    minutes: str
    quorum: bool
    attendance: list[int]
    agenda: list[AgendaItemOut]
    action_items: list[ActionItemOut]
    carried_forward: list[ActionItemOut]


class AttendanceIn(Schema):
    seat_ids: list[Id]


class MinutesIn(Schema):
    minutes: str


class AgendaItemIn(Schema):
    title: str
    topic: str = "other"
    proposal_id: int | None = None


class ActionItemIn(Schema):
    title: str
    owner_agency_id: int
    due_on: date
    owner_name: str = ""


class ProposalIn(Schema):
    body_id: int | None = None
    title: str
    text: str
    options: list[str] = []
    documents: list[str] = []
    topic: str = "policy"
    subject_type: str = ""
    subject_id: int | None = None
    open_now: bool = True


class ReviseIn(Schema):
    text: str
    title: str = ""
    options: list[str] | None = None


class PositionIn(Schema):
    stance: str
    reason: str
    blocked_options: list[str] = []


class PositionOut(Schema):
    id: int
    agency_id: int
    agency: str
    stance: str
    reason: str
    blocked_options: list[str]


class TallyOut(Schema):
    outcome: str
    supporting: list[int]
    standing_aside: list[int]
    blocking: list[int]
    missing: list[int]
    zone_of_agreement: list[str]


class ProposalOut(Schema):
    id: int
    body_id: int
    title: str
    text: str
    options: list[str]
    documents: list[str]
    topic: str
    status: str
    version: int
    revises_id: int | None
    subject_type: str
    subject_id: int | None
    escalated_from_id: int | None


class ProposalDetailOut(ProposalOut):
    positions: list[PositionOut]
    tally: TallyOut
    decision_id: int | None


class DecisionIn(Schema):
    decided_on: date | None = None
    summary: str = ""


class DecisionOut(Schema):
    id: int
    body_id: int
    proposal_id: int
    decided_on: date
    summary: str
    subject_type: str
    subject_id: int | None


class IssueIn(Schema):
    title: str
    description: str


class IssueOut(Schema):
    id: int
    body_id: int
    title: str
    description: str
    status: str


class PolicyIn(Schema):
    kind: str
    title: str
    text: str


class PolicyVersionIn(Schema):
    text: str


class PolicyVersionOut(Schema):
    id: int
    policy_id: int
    number: int
    text: str
    adopted_by_id: int | None


class PolicyOut(Schema):
    id: int
    kind: str
    title: str
    in_force: PolicyVersionOut | None
    drafts: list[PolicyVersionOut]


class MouIn(Schema):
    text: str
    party_ids: list[Id]


class SignatureIn(Schema):
    agency_id: int
    signed_on: date
    signed_by: str


class MouOut(Schema):
    id: int
    number: int
    text: str
    adopted_by_id: int | None
    signed: list[str]
    unsigned: list[str]


class BudgetIn(Schema):
    year: int


class BudgetLineIn(Schema):
    category: str
    source: str
    planned: int
    actual: int = 0
    pool_ids: list[Id] = []


class BudgetLineOut(Schema):
    id: int
    category: str
    source: str
    planned: int
    actual: int  # for a line linked to casework pools: their ledger spend, whole dollars
    pool_ids: list[int]


class BudgetOut(Schema):
    id: int
    year: int
    approved_by_id: int | None
    lines: list[BudgetLineOut]
    by_category: dict[str, list[int]]
    by_source: dict[str, list[int]]


class CheckinIn(Schema):
    leader: str
    held_on: date
    organisation: str = ""
    sector: str = ""
    notes: str = ""
    input_raised: str = ""


class CheckinRespondIn(Schema):
    response: str


class CheckinOut(Schema):
    id: int
    leader: str
    organisation: str
    sector: str
    held_on: date
    notes: str
    input_raised: str
    response: str
    responded_on: date | None


class GovernanceSettingsIn(Schema):
    launch_on: date | None = None
    checkin_interval_days: int = 30
    pcg_oversees_pm: bool = False
    role_scopes: dict[str, list[str]] | None = None


class GovernanceSettingsOut(Schema):
    launch_on: date | None
    checkin_interval_days: int
    pcg_oversees_pm: bool
    role_scopes: dict[str, list[str]]


class ProcurementIn(Schema):
    title: str
    service: str
    committee_id: int | None = None


class AdvanceIn(Schema):
    stage: str
    awardee_id: int | None = None


class ProcurementOut(Schema):
    id: int
    title: str
    service: str
    stage: str
    committee_id: int | None
    awardee_id: int | None
    award_decision_id: int | None
