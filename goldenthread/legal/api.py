"""Legal coordination over the API: the same actions and queries as the pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.http import HttpRequest
from ninja import Router

from goldenthread.core.paging import checked_page
from goldenthread.disclosures.api import summary_out
from goldenthread.legal import actions, queries
from goldenthread.legal.models import Decision, LegalCase
from goldenthread.legal.schemas import (
    BaselineIn,
    CaseDetailOut,
    CaseIn,
    CaseOut,
    ChargeIn,
    ChargeOut,
    CourtDateIn,
    CourtDateOut,
    LegalDecisionIn,
    LegalDecisionOut,
    LegalPolicyIn,
    LegalPolicyOut,
    LegalReviewIn,
    LegalReviewOut,
    LegalSourceIn,
    LegalWorklistOut,
    QueueItemOut,
    WarrantIn,
    WarrantOut,
    WorklistRowOut,
    WorklistSectionOut,
)

router = Router(tags=["legal"])


def case_out(actor, c: LegalCase) -> CaseOut:  # type: ignore[no-untyped-def]
    return CaseOut(**_case_fields(actor, c))


def _case_fields(actor, c: LegalCase) -> dict:  # type: ignore[no-untyped-def]
    return {
        "id": c.pk,
        "person": str(c.person),
        "participant_id": c.participant_id,
        "lead_status": queries.participant_status(actor, c),
        "case_number": c.case_number,
        "court": c.court,
        "court_kind": c.court_kind,
        "status": c.status,
        "source": c.source,
        "filing_date": c.filing_date,
        "defence_agency": c.defence_agency.name if c.defence_agency else None,
        "defence_counsel": c.defence_counsel,
        "baseline": c.baseline,
        "charges": [
            ChargeOut(id=x.pk, statute=x.statute, level=x.level, incident_date=x.incident_date)
            for x in c.charge_list
        ],
        "court_dates": [CourtDateOut(id=x.pk, on=x.on, kind=x.kind) for x in c.court_date_list],
    }


def decision_out(d: Decision) -> LegalDecisionOut:
    return LegalDecisionOut(**_decision_fields(d))


def _decision_fields(d: Decision) -> dict:
    return {
        "id": d.pk,
        "case_id": d.case_id,
        "kind": d.kind,
        "rationale": d.rationale,
        "review_on": d.review_on,
        "terms": d.terms,
        "decided_by": d.decided_by.get_username(),
        "decided_at": d.decided_at,
        "basis": [LegalSourceIn(kind=b.kind, reference=b.reference) for b in d.basis.all()],
        "flagged_for_review": d.flagged_for_review,
        "review_outcome": d.review_outcome,
    }


def _detail(request: HttpRequest, case_id: int) -> CaseDetailOut:
    actor = request.auth  # type: ignore[attr-defined]
    c = queries.case_for(actor, case_id, path=request.path)
    return CaseDetailOut(
        **_case_fields(actor, c),
        warrants=[
            WarrantOut(id=w.pk, status=w.status, on=w.on, reference=w.reference)
            for w in c.warrants.all()
        ],
        decisions=[decision_out(d) for d in c.decisions.all()],
    )


@router.get("/worklist", response=LegalWorklistOut)
def worklist(request: HttpRequest) -> LegalWorklistOut:
    actor = request.auth  # type: ignore[attr-defined]
    work = queries.worklist_for(actor, path=request.path)
    return LegalWorklistOut(
        filing_queue=[
            QueueItemOut(
                case=case_out(actor, item.case),
                predates_enrollment=item.predates_enrollment,
                latest_decision=item.latest,
            )
            for item in work.filing_queue
        ],
        holds_due=[decision_out(d) for d in work.holds_due],
        court_dates=[CourtDateOut(id=x.pk, on=x.on, kind=x.kind) for x in work.court_dates],
        disclosures=[summary_out(d) for d in work.disclosures],
    )


def _worklist_section(section: str) -> Callable[[HttpRequest, int], WorklistSectionOut]:
    def endpoint(request: HttpRequest, page: int = 1) -> WorklistSectionOut:
        part = queries.worklist_section(
            request.auth,  # type: ignore[attr-defined]
            section,
            checked_page(page),
            path=request.path,
            dates=date.isoformat,
        )
        return WorklistSectionOut(
            section=part.section,
            title=part.title,
            page=part.page.number,
            pages=part.page.paginator.num_pages,
            count=part.page.paginator.count,
            rows=[WorklistRowOut(**row) for row in part.rows],
        )

    endpoint.__doc__ = (
        f"{queries.SECTIONS[section]}: every row of this worklist section, a page at a time "
        "(``?page=2``; a page past the end is the last). ``/worklist`` holds the first rows "
        "of each section only."
    )
    return endpoint


# One route a section, as on the web (legal.queries.SECTIONS).
for _slug in queries.SECTIONS:
    _name = f"legal_worklist_{_slug.replace('-', '_')}"
    router.get(
        f"/worklist/{_slug}", response=WorklistSectionOut, operation_id=_name, url_name=_name
    )(_worklist_section(_slug))


@router.get("/cases", response=list[CaseOut])
def case_list(request: HttpRequest) -> list[CaseOut]:
    actor = request.auth  # type: ignore[attr-defined]
    return [case_out(actor, c) for c in queries.cases_for(actor, path=request.path)]


@router.post("/cases", response={201: CaseDetailOut})
def case_create(request: HttpRequest, payload: CaseIn):  # type: ignore[no-untyped-def]
    case = actions.legal_case_create(actor=request.auth, **payload.dict())  # type: ignore[attr-defined]
    return 201, _detail(request, case.pk)


@router.get("/cases/{case_id}", response=CaseDetailOut)
def case_detail(request: HttpRequest, case_id: int) -> CaseDetailOut:
    return _detail(request, case_id)


@router.post("/cases/{case_id}/charges", response={201: ChargeOut})
def charge_add(request: HttpRequest, case_id: int, payload: ChargeIn):  # type: ignore[no-untyped-def]
    row = actions.charge_add(actor=request.auth, case_id=case_id, **payload.dict())  # type: ignore[attr-defined]
    return 201, ChargeOut(
        id=row.pk, statute=row.statute, level=row.level, incident_date=row.incident_date
    )


@router.post("/cases/{case_id}/court-dates", response={201: CourtDateOut})
def court_date_add(request: HttpRequest, case_id: int, payload: CourtDateIn):  # type: ignore[no-untyped-def]
    row = actions.court_date_add(actor=request.auth, case_id=case_id, **payload.dict())  # type: ignore[attr-defined]
    return 201, CourtDateOut(id=row.pk, on=row.on, kind=row.kind)


@router.post("/cases/{case_id}/warrants", response={201: WarrantOut})
def warrant_record(request: HttpRequest, case_id: int, payload: WarrantIn):  # type: ignore[no-untyped-def]
    row = actions.warrant_record(actor=request.auth, case_id=case_id, **payload.dict())  # type: ignore[attr-defined]
    return 201, WarrantOut(id=row.pk, status=row.status, on=row.on, reference=row.reference)


@router.put("/cases/{case_id}/baseline", response=CaseDetailOut)
def baseline_set(request: HttpRequest, case_id: int, payload: BaselineIn) -> CaseDetailOut:
    actions.baseline_set(actor=request.auth, case_id=case_id, baseline=payload.baseline)  # type: ignore[attr-defined]
    return _detail(request, case_id)


@router.post("/cases/{case_id}/decisions", response={201: LegalDecisionOut})
def decision_record(request: HttpRequest, case_id: int, payload: LegalDecisionIn):  # type: ignore[no-untyped-def]
    data = payload.dict()
    decision = actions.decision_record(actor=request.auth, case_id=case_id, **data)  # type: ignore[attr-defined]
    return 201, decision_out(decision)


@router.get("/reviews", response=list[LegalReviewOut])
def review_list(request: HttpRequest) -> list[LegalReviewOut]:
    return [
        LegalReviewOut(
            **_decision_fields(d),
            person=str(d.case.person),
            taint_facts=d.taint_facts,
            review_note=d.review_note,
        )
        for d in queries.review_queue_for(request.auth, path=request.path)  # type: ignore[attr-defined]
    ]


@router.post("/reviews/{decision_id}", response=LegalDecisionOut)
def review_record(
    request: HttpRequest, decision_id: int, payload: LegalReviewIn
) -> LegalDecisionOut:
    decision = actions.decision_review_record(
        actor=request.auth,  # type: ignore[attr-defined]
        decision_id=decision_id,
        outcome=payload.outcome,
        note=payload.note,
    )
    return decision_out(decision)


@router.get("/settings", response=LegalPolicyOut)
def settings_detail(request: HttpRequest) -> LegalPolicyOut:
    actor = request.auth  # type: ignore[attr-defined]
    actor.require("legal.settings")
    policy = queries.policy_for(actor.site_id)
    return LegalPolicyOut(
        taint_lookback_days=policy.taint_lookback_days,
        hold_review_warning_days=policy.hold_review_warning_days,
    )


@router.patch("/settings", response=LegalPolicyOut)
def settings_update(request: HttpRequest, payload: LegalPolicyIn) -> LegalPolicyOut:
    changes = payload.dict(exclude_none=True)
    actions.legal_policy_update(actor=request.auth, changes=changes)  # type: ignore[attr-defined]
    return settings_detail(request)
