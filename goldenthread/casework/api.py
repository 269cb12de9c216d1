"""Case-management API: the same actions and queries as the pages."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from goldenthread.apidoc import Id
from goldenthread.casework import actions, queries
from goldenthread.casework.models import (
    Contact,
    FlexFundRequest,
    FundingPool,
    Goal,
    LedgerEntry,
    ServiceReferral,
    StatusRecord,
)
from goldenthread.core.paging import checked_page
from goldenthread.core.schemas import Row

router = Router(tags=["casework"])


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


# Shapes -----------------------------------------------------------------------------------


class CaseloadOut(Row):
    participant_id: int
    name: str
    state: str
    case_manager: str | None
    last_contact: date | None
    days_since_contact: int | None
    days_since_substantive: int | None
    in_the_wind: bool
    propose_inactive: bool
    status_due: bool
    flags: list[str]
    next_court_date: date | None = None


class LoadOut(Schema):
    case_manager: str
    total: int
    active: int
    inactive: int
    level: str


class TeamOut(Schema):
    caseload_target: int
    caseload_cap: int
    caseloads: list[LoadOut]
    clinical_credentials: bool
    supervision: bool
    lived_experience: bool
    languages: list[str]
    gaps: list[str]


class ContactIn(Schema):
    idempotency_key: str
    kind: str
    occurred_at: datetime | None = None
    place: str = ""
    duration_minutes: int | None = None
    present: str = ""
    substantive: bool = False
    note: str = ""


class ContactOut(Schema):
    id: int
    kind: str
    occurred_at: datetime
    place: str
    duration_minutes: int | None
    present: str
    substantive: bool
    note: str
    author: str


class DraftIn(Schema):
    idempotency_key: str
    data: dict[str, Any]


class OkOut(Schema):
    ok: bool
    id: int | None = None


class GoalIn(Schema):
    domain: str
    title: str
    target_on: date | None = None


class StepOut(Schema):
    id: int
    description: str
    owner: str
    due_on: date | None
    done_on: date | None


class GoalOut(Schema):
    id: int
    domain: str
    title: str
    state: str
    target_on: date | None
    steps: list[StepOut]
    progress: list[str]


class StepIn(Schema):
    description: str
    owner: str
    due_on: date | None = None


class ProgressIn(Schema):
    note: str
    state: str | None = None


class StatusIn(Schema):
    domain: str
    value: str
    recorded_on: date | None = None
    at_intake: bool = False


class StatusOut(Schema):
    id: int
    domain: str
    value: str
    recorded_on: date
    at_intake: bool


class ServiceIn(Schema):
    kind: str
    provider: str
    sent_on: date | None = None
    note: str = ""


class ServiceUpdateIn(Schema):
    status: str
    on: date | None = None


class ServiceOut(Schema):
    id: int
    kind: str
    provider: str
    status: str
    sent_on: date
    accepted_on: date | None
    declined_on: date | None
    completed_on: date | None


class EventOut(Schema):
    on: date
    kind: str
    title: str
    detail: str


class LegalMatterOut(Schema):
    """An open LEAD Legal Services matter's status (never its privileged file)."""

    matter_id: int
    matter_type: str
    status: str
    attorney: str | None = None
    next_due: date | None = None
    next_label: str = ""


class TimelineOut(Schema):
    participant_id: int
    name: str
    state: str
    next_court_date: date | None = None
    legal_matters: list[LegalMatterOut] = []
    events: list[EventOut]


class HistoryOut(Schema):
    """One page of the whole history, newest first; ``has_older`` says whether page + 1 holds
    more."""

    participant_id: int
    page: int
    has_older: bool
    events: list[EventOut]


class ReassignIn(Schema):
    participant_ids: list[Id]
    to_user_id: int
    reason: str


class ProfileIn(Schema):
    credentials: str = ""
    clinical_credential: bool = False
    provides_supervision: bool = False
    trainings: list[str] = []
    languages: list[str] = []
    lived_experience: bool | None = None


class ProfileOut(ProfileIn):
    username: str


class WorklistOut(Schema):
    participant_id: int
    name: str
    case_manager: str | None
    pending_cases: list[str] = []
    next_court_date: date | None = None
    defence_counsel: str | None = None


class PoolIn(Schema):
    name: str
    funding_source: str
    budget: Decimal
    period_start: date
    period_end: date
    categories: list[str] = []


class PoolOut(Schema):
    id: int
    name: str
    funding_source: str
    budget: Decimal
    period_start: date
    period_end: date
    categories: list[str]
    spent: Decimal
    left: Decimal


class FlexIn(Schema):
    participant_id: int
    pool_id: int
    goal_id: int
    amount: Decimal
    category: str
    vendor: str
    purpose: str
    attested: bool = False
    pools_checked: str = ""


class FlexOut(Schema):
    id: int
    participant_id: int
    pool_id: int
    goal_id: int
    amount: Decimal
    category: str
    vendor: str
    purpose: str
    attested: bool
    pools_checked: str
    needs_supervisor: bool
    status: str
    decided_by: str | None
    decision_note: str
    disbursed_on: date | None
    has_receipt: bool


class DecideIn(Schema):
    approve: bool
    note: str = ""


class ReverseIn(Schema):
    reason: str


class EntryOut(Schema):
    id: int
    pool_id: int
    participant_id: int
    category: str
    kind: str
    amount: Decimal
    entry_on: date
    reverses_id: int | None


class ReportRowOut(Schema):
    label: str
    total: Decimal
    entries: int


class ReportOut(Schema):
    by: str
    rows: list[ReportRowOut]
    total_all_pools: Decimal
    pools: list[PoolOut]


class SettingsIn(Schema):
    flex_approval_threshold: Decimal | None = None
    status_every_days: int | None = None
    receipt_max_mb: int | None = None


class SettingsOut(Schema):
    flex_approval_threshold: Decimal
    status_every_days: int
    receipt_max_mb: int


def _contact(c: Contact) -> ContactOut:
    return ContactOut(
        id=c.pk,
        kind=c.kind,
        occurred_at=c.occurred_at,
        place=c.place,
        duration_minutes=c.duration_minutes,
        present=c.present,
        substantive=c.substantive,
        note=c.note,
        author=c.author.get_username(),
    )


def _goal(g: Goal) -> GoalOut:
    return GoalOut(
        id=g.pk,
        domain=g.domain,
        title=g.title,
        state=g.state,
        target_on=g.target_on,
        steps=[
            StepOut(
                id=s.pk,
                description=s.description,
                owner=s.owner,
                due_on=s.due_on,
                done_on=s.done_on,
            )
            for s in g.steps.all()
        ],
        progress=[f"{n.written_on}: {n.note}" for n in g.progress.all()],
    )


def _status(s: StatusRecord) -> StatusOut:
    return StatusOut(
        id=s.pk, domain=s.domain, value=s.value, recorded_on=s.recorded_on, at_intake=s.at_intake
    )


def _service(r: ServiceReferral) -> ServiceOut:
    return ServiceOut(
        id=r.pk,
        kind=r.kind,
        provider=r.provider,
        status=r.status,
        sent_on=r.sent_on,
        accepted_on=r.accepted_on,
        declined_on=r.declined_on,
        completed_on=r.completed_on,
    )


def _pool(p: FundingPool) -> PoolOut:
    return PoolOut(
        id=p.pk,
        name=p.name,
        funding_source=p.funding_source,
        budget=p.budget,
        period_start=p.period_start,
        period_end=p.period_end,
        categories=p.categories,
        spent=getattr(p, "spent", Decimal("0")),
        left=getattr(p, "left", p.budget),
    )


def _flex(r: FlexFundRequest) -> FlexOut:
    return FlexOut(
        id=r.pk,
        participant_id=r.participant_id,
        pool_id=r.pool_id,
        goal_id=r.goal_id,
        amount=r.amount,
        category=r.category,
        vendor=r.vendor,
        purpose=r.purpose,
        attested=r.attested,
        pools_checked=r.pools_checked,
        needs_supervisor=r.needs_supervisor,
        status=r.status,
        decided_by=r.decided_by.get_username() if r.decided_by else None,
        decision_note=r.decision_note,
        disbursed_on=r.disbursed_on,
        has_receipt=bool(r.receipt),
    )


def _entry(e: LedgerEntry) -> EntryOut:
    return EntryOut(
        id=e.pk,
        pool_id=e.pool_id,
        participant_id=e.participant_id,
        category=e.category,
        kind=e.kind,
        amount=e.amount,
        entry_on=e.entry_on,
        reverses_id=e.reverses_id,
    )


# Caseloads and the team -------------------------------------------------------------------


@router.get("/caseload", response=list[CaseloadOut])
def caseload(request: HttpRequest, cm: int | None = None) -> list[CaseloadOut]:
    rows = queries.caseload_for(_actor(request), cm)
    return [
        CaseloadOut(
            participant_id=r.participant.pk,
            name=str(r.participant),
            state=r.participant.state,
            case_manager=r.participant.case_manager,
            last_contact=r.last_contact,
            days_since_contact=r.days_since_contact,
            days_since_substantive=r.days_since_substantive,
            in_the_wind=r.in_the_wind,
            propose_inactive=r.propose_inactive,
            status_due=r.status_due,
            flags=r.flags,
            next_court_date=r.next_court_date,
        )
        for r in rows
    ]


@router.get("/team", response=TeamOut)
def team(request: HttpRequest) -> TeamOut:
    actor = _actor(request)
    loads = queries.team_caseloads(actor)
    _, cov = queries.team_staff(actor)
    return TeamOut(
        caseload_target=actor.site.caseload_target,
        caseload_cap=actor.site.caseload_cap,
        caseloads=[
            LoadOut(
                case_manager=r.user.get_username(),
                total=r.total,
                active=r.active,
                inactive=r.inactive,
                level=r.level,
            )
            for r in loads
        ],
        clinical_credentials=cov.clinical_credentials,
        supervision=cov.supervision,
        lived_experience=cov.lived_experience,
        languages=list(cov.languages),
        gaps=cov.gaps,
    )


@router.post("/reassign", response=OkOut)
def reassign(request: HttpRequest, payload: ReassignIn) -> OkOut:
    moves = actions.caseload_reassign(actor=_actor(request), **payload.dict())
    return OkOut(ok=True, id=len(moves))


@router.get("/profile", response=ProfileOut)
def profile(request: HttpRequest) -> ProfileOut:
    actor = _actor(request)
    p = queries.profile_of(actor)
    return ProfileOut(
        username=actor.user.get_username(),
        credentials=p.credentials,
        clinical_credential=p.clinical_credential,
        provides_supervision=p.provides_supervision,
        trainings=p.trainings,
        languages=p.languages,
        lived_experience=p.lived_experience,
    )


@router.put("/profile", response=ProfileOut)
def profile_save(request: HttpRequest, payload: ProfileIn) -> ProfileOut:
    actions.profile_save(actor=_actor(request), **payload.dict())
    return profile(request)


@router.get("/advocate/worklist", response=list[WorklistOut])
def advocate_worklist(request: HttpRequest) -> list[WorklistOut]:
    return [
        WorklistOut(
            participant_id=r.participant.pk,
            name=str(r.participant),
            case_manager=(
                r.participant.case_manager.get_username() if r.participant.case_manager else None
            ),
            pending_cases=r.pending_cases,
            next_court_date=r.next_court_date,
            defence_counsel=", ".join(r.defence_counsel) or None,
        )
        for r in queries.advocate_worklist(_actor(request))
    ]


# A participant ----------------------------------------------------------------------------

P = "/participants/{participant_id}"


@router.get(P + "/timeline", response=TimelineOut)
def timeline(request: HttpRequest, participant_id: int) -> TimelineOut:
    page = queries.participant_page(_actor(request), participant_id, path=request.path)
    p = page.participant
    return TimelineOut(
        participant_id=p.pk,
        name=str(p),
        state=p.state,
        next_court_date=page.next_court_date,
        legal_matters=[LegalMatterOut(**vars(m)) for m in page.legal_matters],
        events=[
            EventOut(on=e.on, kind=e.kind, title=e.title, detail=e.detail) for e in page.timeline
        ],
    )


@router.get(P + "/history", response=HistoryOut)
def history(request: HttpRequest, participant_id: int, page: int = 1) -> HistoryOut:
    """The whole history page by page (the timeline holds the newest events only)."""
    checked_page(page, queries.HISTORY_MAX_PAGE)
    found = queries.history_for(_actor(request), participant_id, page, path=request.path)
    return HistoryOut(
        participant_id=found.participant.pk,
        page=found.number,
        has_older=found.has_older,
        events=[
            EventOut(on=e.on, kind=e.kind, title=e.title, detail=e.detail) for e in found.events
        ],
    )


@router.post(P + "/inactive", response=OkOut)
def mark_inactive(request: HttpRequest, participant_id: int, payload: ReverseIn) -> OkOut:
    p = actions.participant_mark_inactive(
        actor=_actor(request), participant_id=participant_id, reason=payload.reason
    )
    return OkOut(ok=True, id=p.pk)


@router.get(P + "/contacts", response=list[ContactOut])
def contacts(request: HttpRequest, participant_id: int) -> list[ContactOut]:
    _, rows = queries.contacts_for(_actor(request), participant_id, path=request.path)
    return [_contact(c) for c in rows]


@router.post(P + "/contacts", response={200: ContactOut, 201: ContactOut})
def contact_log(
    request: HttpRequest, participant_id: int, payload: ContactIn
) -> tuple[int, ContactOut]:
    contact, created = actions.contact_log(
        actor=_actor(request), participant_id=participant_id, **payload.dict()
    )
    return (201 if created else 200), _contact(contact)


@router.put(P + "/contacts/draft", response=OkOut)
def contact_draft(request: HttpRequest, participant_id: int, payload: DraftIn) -> OkOut:
    draft = actions.contact_draft_save(
        actor=_actor(request),
        participant_id=participant_id,
        idempotency_key=payload.idempotency_key,
        data=payload.data,
    )
    return OkOut(ok=True, id=draft.pk)


@router.get(P + "/goals", response=list[GoalOut])
def goals(request: HttpRequest, participant_id: int) -> list[GoalOut]:
    _, rows = queries.plan_for(_actor(request), participant_id, path=request.path)
    return [_goal(g) for g in rows]


@router.post(P + "/goals", response={201: GoalOut})
def goal_add(request: HttpRequest, participant_id: int, payload: GoalIn) -> tuple[int, GoalOut]:
    goal = actions.goal_add(actor=_actor(request), participant_id=participant_id, **payload.dict())
    return 201, _goal(goal)


@router.post("/goals/{goal_id}/steps", response={201: OkOut})
def step_add(request: HttpRequest, goal_id: int, payload: StepIn) -> tuple[int, OkOut]:
    step = actions.step_add(actor=_actor(request), goal_id=goal_id, **payload.dict())
    return 201, OkOut(ok=True, id=step.pk)


@router.post("/steps/{step_id}/done", response=OkOut)
def step_done(request: HttpRequest, step_id: int) -> OkOut:
    step = actions.step_complete(actor=_actor(request), step_id=step_id)
    return OkOut(ok=True, id=step.pk)


@router.post("/goals/{goal_id}/progress", response={201: OkOut})
def goal_progress(request: HttpRequest, goal_id: int, payload: ProgressIn) -> tuple[int, OkOut]:
    note = actions.goal_progress_add(actor=_actor(request), goal_id=goal_id, **payload.dict())
    return 201, OkOut(ok=True, id=note.pk)


@router.get(P + "/statuses", response=list[StatusOut])
def statuses(request: HttpRequest, participant_id: int) -> list[StatusOut]:
    _, rows = queries.statuses_for(_actor(request), participant_id, path=request.path)
    return [_status(s) for s in rows]


@router.post(P + "/statuses", response={201: StatusOut})
def status_add(
    request: HttpRequest, participant_id: int, payload: StatusIn
) -> tuple[int, StatusOut]:
    record = actions.status_record(
        actor=_actor(request), participant_id=participant_id, **payload.dict()
    )
    return 201, _status(record)


@router.get(P + "/services", response=list[ServiceOut])
def services(request: HttpRequest, participant_id: int) -> list[ServiceOut]:
    _, rows = queries.service_referrals_for(_actor(request), participant_id)
    return [_service(r) for r in rows]


@router.post(P + "/services", response={201: ServiceOut})
def service_refer(
    request: HttpRequest, participant_id: int, payload: ServiceIn
) -> tuple[int, ServiceOut]:
    made = actions.service_refer(
        actor=_actor(request), participant_id=participant_id, **payload.dict()
    )
    return 201, _service(made)


@router.post("/services/{referral_id}/status", response=ServiceOut)
def service_update(request: HttpRequest, referral_id: int, payload: ServiceUpdateIn) -> ServiceOut:
    done = actions.service_update(actor=_actor(request), referral_id=referral_id, **payload.dict())
    return _service(done)


# Flex funds -------------------------------------------------------------------------------


@router.get("/flex/pools", response=list[PoolOut])
def pools(request: HttpRequest) -> list[PoolOut]:
    return [_pool(p) for p in queries.pools_for(_actor(request))]


@router.post("/flex/pools", response={201: PoolOut})
def pool_create(request: HttpRequest, payload: PoolIn) -> tuple[int, PoolOut]:
    pool = actions.pool_create(actor=_actor(request), **payload.dict())
    return 201, _pool(pool)


@router.get("/flex/requests", response=list[FlexOut])
def flex_requests(request: HttpRequest, status: str | None = None) -> list[FlexOut]:
    return [_flex(r) for r in queries.flex_requests_for(_actor(request), status)]


@router.post("/flex/requests", response={201: FlexOut})
def flex_submit(request: HttpRequest, payload: FlexIn) -> tuple[int, FlexOut]:
    made = actions.flex_request_submit(actor=_actor(request), **payload.dict())
    return 201, _flex(made)


@router.get("/flex/requests/{request_id}", response=FlexOut)
def flex_detail(request: HttpRequest, request_id: int) -> FlexOut:
    return _flex(queries.flex_request_for(_actor(request), request_id, path=request.path))


@router.post("/flex/requests/{request_id}/decide", response=FlexOut)
def flex_decide(request: HttpRequest, request_id: int, payload: DecideIn) -> FlexOut:
    done = actions.flex_request_decide(
        actor=_actor(request), request_id=request_id, **payload.dict()
    )
    return _flex(done)


@router.post("/flex/requests/{request_id}/disburse", response=FlexOut)
def flex_disburse(
    request: HttpRequest,
    request_id: int,
    disbursed_on: date | None = Form(None),  # noqa: B008
    receipt: UploadedFile | None = File(None),  # noqa: B008
) -> FlexOut:
    done = actions.flex_request_disburse(
        actor=_actor(request), request_id=request_id, disbursed_on=disbursed_on, receipt=receipt
    )
    return _flex(done)


@router.get("/flex/ledger", response=list[EntryOut])
def ledger(request: HttpRequest) -> list[EntryOut]:
    return [_entry(e) for e in queries.ledger_entries(_actor(request))]


@router.get("/flex/report", response=ReportOut)
def report(request: HttpRequest, by: str = "pool") -> ReportOut:
    r = queries.ledger_report(_actor(request), by)
    return ReportOut(
        by=r.by,
        rows=[ReportRowOut(label=label, total=t, entries=n) for label, t, n in r.rows],
        total_all_pools=r.total,
        pools=[_pool(p) for p in r.pools],
    )


@router.post("/flex/ledger/{entry_id}/reverse", response={201: EntryOut})
def ledger_reverse(request: HttpRequest, entry_id: int, payload: ReverseIn) -> tuple[int, EntryOut]:
    made = actions.ledger_reverse(actor=_actor(request), entry_id=entry_id, reason=payload.reason)
    return 201, _entry(made)


@router.get("/settings", response=SettingsOut)
def settings_detail(request: HttpRequest) -> SettingsOut:
    actor = _actor(request)
    actor.require("casework.settings")
    conf = queries.settings_for(actor)
    return SettingsOut(
        flex_approval_threshold=conf.flex_approval_threshold,
        status_every_days=conf.status_every_days,
        receipt_max_mb=conf.receipt_max_mb,
    )


@router.patch("/settings", response=SettingsOut)
def settings_update(request: HttpRequest, payload: SettingsIn) -> SettingsOut:
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    actions.settings_update(actor=_actor(request), changes=changes)
    return settings_detail(request)
