"""Governance API at /api/v1/governance/: the same actions and queries as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from goldenthread.apidoc import file_response
from goldenthread.governance import actions, queries, rules
from goldenthread.governance import schemas as s
from goldenthread.governance.models import (
    ActionItem,
    Body,
    Budget,
    CommunityCheckin,
    Decision,
    Issue,
    Meeting,
    PolicyVersion,
    Proposal,
    Seat,
)

router = Router(tags=["governance"])


def _actor(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


def _body(b: Body) -> s.BodyOut:
    return s.BodyOut.from_orm(b)


def _seat(seat: Seat) -> s.SeatOut:
    return s.SeatOut(
        id=seat.pk,
        body_id=seat.body_id,
        name=seat.name,
        agency_id=seat.agency_id,
        agency=seat.agency.name,
        kind=seat.kind,
        senior=seat.senior,
        authorised=seat.authorised,
        sector=seat.sector,
        most_affected=seat.most_affected,
        start_on=seat.start_on,
        end_on=seat.end_on,
        appointed_by_id=seat.appointed_by_id,
    )


def _action_item(item: ActionItem) -> s.ActionItemOut:
    return s.ActionItemOut.from_orm(item)


def _meeting(actor: Any, meeting_id: int) -> s.MeetingOut:
    m: Meeting = queries.meeting_for(actor, meeting_id)
    return s.MeetingOut(
        id=m.pk,
        body_id=m.body_id,
        held_on=m.held_on,
        location=m.location,
        minutes=m.minutes,
        quorum=queries.meeting_quorum(m),
        attendance=[a.seat_id for a in m.attendance.all()],
        agenda=[s.AgendaItemOut.from_orm(a) for a in m.agenda.all()],
        action_items=[_action_item(i) for i in m.action_items.all()],
        carried_forward=[_action_item(i) for i in queries.carried_forward(actor, m)],
    )


def _proposal(p: Proposal) -> s.ProposalOut:
    return s.ProposalOut.from_orm(p)


def _proposal_detail(actor: Any, proposal_id: int) -> s.ProposalDetailOut:
    p = queries.proposal_for(actor, proposal_id)
    tally = queries.tally_for(p, queries.site_today(actor))
    decision = getattr(p, "decision", None)
    return s.ProposalDetailOut(
        **_proposal(p).dict(),
        positions=[
            s.PositionOut(
                id=pos.pk,
                agency_id=pos.agency_id,
                agency=pos.agency.name,
                stance=pos.stance,
                reason=pos.reason,
                blocked_options=pos.blocked_options,
            )
            for pos in p.positions.all()
        ],
        tally=s.TallyOut(
            outcome=tally.outcome,
            supporting=sorted(tally.supporting),
            standing_aside=sorted(tally.standing_aside),
            blocking=sorted(tally.blocking),
            missing=sorted(tally.missing),
            zone_of_agreement=list(tally.zone_of_agreement),
        ),
        decision_id=decision.pk if decision else None,
    )


def _decision(d: Decision) -> s.DecisionOut:
    return s.DecisionOut.from_orm(d)


def _version(v: PolicyVersion | None) -> s.PolicyVersionOut | None:
    return s.PolicyVersionOut.from_orm(v) if v else None


def _budget(actor: Any, budget_id: int) -> s.BudgetOut:
    b: Budget = queries.budget_for(actor, budget_id)
    by_cat, by_src = queries.budget_vs_actual(b)
    return s.BudgetOut(
        id=b.pk,
        year=b.year,
        approved_by_id=b.approved_by_id,
        lines=[
            s.BudgetLineOut(
                id=line.pk,
                category=line.category,
                source=line.source,
                planned=line.planned,
                actual=line.spent,  # type: ignore[attr-defined]
                pool_ids=line.pool_ids,
            )
            for line in b.lines.all()
        ],
        by_category={k: list(v) for k, v in by_cat.items()},
        by_source={k: list(v) for k, v in by_src.items()},
    )


def _checkin(c: CommunityCheckin) -> s.CheckinOut:
    return s.CheckinOut.from_orm(c)


# Settings and health --------------------------------------------------------------------------


def _settings(conf: Any) -> s.GovernanceSettingsOut:
    return s.GovernanceSettingsOut(
        launch_on=conf.launch_on,
        checkin_interval_days=conf.checkin_interval_days,
        pcg_oversees_pm=conf.pcg_oversees_pm,
        role_scopes={
            role: sorted(rules.scopes_for(role, conf.role_scopes)) for role in rules.SCOPED_ROLES
        },
    )


@router.get("/settings", response=s.GovernanceSettingsOut)
def settings_detail(request: HttpRequest) -> Any:
    """The site's governance settings; ``role_scopes`` as in effect (defaults filled in)."""
    return _settings(queries.settings_for(_actor(request)))


@router.put("/settings", response=s.GovernanceSettingsOut)
def settings_update(request: HttpRequest, payload: s.GovernanceSettingsIn) -> Any:
    return _settings(actions.settings_update(actor=_actor(request), **payload.dict()))


@router.get("/health", response=list[s.WarningOut])
def health(request: HttpRequest) -> Any:
    return [
        s.WarningOut(code=w.code, message=w.message) for w in queries.health_for(_actor(request))
    ]


# Bodies and seats ------------------------------------------------------------------------------


@router.get("/bodies", response=list[s.BodyOut])
def body_list(request: HttpRequest) -> Any:
    return [_body(b) for b in queries.bodies_for(_actor(request))]


@router.post("/bodies", response={201: s.BodyOut})
def body_create(request: HttpRequest, payload: s.BodyIn) -> Any:
    return 201, _body(actions.body_create(actor=_actor(request), **payload.dict()))


@router.get("/bodies/{body_id}", response=s.BodyDetailOut)
def body_detail(request: HttpRequest, body_id: int) -> Any:
    actor = _actor(request)
    body = queries.body_for(actor, body_id)
    missing = (
        [k for k, _ in queries.clt_balance(actor, body).missing]
        if body.kind == Body.Kind.CLT
        else []
    )
    return s.BodyDetailOut(
        **_body(body).dict(),
        seats=[_seat(x) for x in queries.seats_for(actor, body)],
        missing_sectors=missing,
    )


@router.post("/bodies/{body_id}/seats", response={201: s.SeatOut})
def seat_add(request: HttpRequest, body_id: int, payload: s.SeatIn) -> Any:
    return 201, _seat(actions.seat_add(actor=_actor(request), body_id=body_id, **payload.dict()))


@router.post("/seats/{seat_id}/end", response=s.SeatOut)
def seat_end(request: HttpRequest, seat_id: int, payload: s.SeatEndIn) -> Any:
    return _seat(actions.seat_end(actor=_actor(request), seat_id=seat_id, end_on=payload.end_on))


# Meetings -------------------------------------------------------------------------------------


@router.post("/bodies/{body_id}/meetings", response={201: s.MeetingOut})
def meeting_create(request: HttpRequest, body_id: int, payload: s.MeetingIn) -> Any:
    actor = _actor(request)
    m = actions.meeting_create(actor=actor, body_id=body_id, **payload.dict())
    return 201, _meeting(actor, m.pk)


@router.get("/meetings/{meeting_id}", response=s.MeetingOut)
def meeting_detail(request: HttpRequest, meeting_id: int) -> Any:
    return _meeting(_actor(request), meeting_id)


@router.get("/meetings/{meeting_id}/agenda.pdf", openapi_extra=file_response("application/pdf"))
def meeting_pdf(request: HttpRequest, meeting_id: int) -> Any:
    """The meeting's agenda pack (agenda, proposals, action items, minutes) as a PDF."""
    from goldenthread.governance.pdf import agenda_pack

    pdf = agenda_pack(_actor(request), meeting_id)
    return HttpResponse(pdf, content_type="application/pdf")


@router.post("/meetings/{meeting_id}/attendance", response=s.MeetingOut)
def meeting_attendance(request: HttpRequest, meeting_id: int, payload: s.AttendanceIn) -> Any:
    actor = _actor(request)
    actions.meeting_attendance_set(actor=actor, meeting_id=meeting_id, seat_ids=payload.seat_ids)
    return _meeting(actor, meeting_id)


@router.post("/meetings/{meeting_id}/minutes", response=s.MeetingOut)
def meeting_minutes(request: HttpRequest, meeting_id: int, payload: s.MinutesIn) -> Any:
    actor = _actor(request)
    actions.meeting_minutes_record(actor=actor, meeting_id=meeting_id, minutes=payload.minutes)
    return _meeting(actor, meeting_id)


@router.post("/meetings/{meeting_id}/agenda", response={201: s.AgendaItemOut})
def agenda_item_add(request: HttpRequest, meeting_id: int, payload: s.AgendaItemIn) -> Any:
    item = actions.agenda_item_add(actor=_actor(request), meeting_id=meeting_id, **payload.dict())
    return 201, s.AgendaItemOut.from_orm(item)


@router.post("/meetings/{meeting_id}/agenda/build", response=s.MeetingOut)
def agenda_build(request: HttpRequest, meeting_id: int) -> Any:
    actor = _actor(request)
    actions.agenda_build(actor=actor, meeting_id=meeting_id)
    return _meeting(actor, meeting_id)


@router.post("/meetings/{meeting_id}/action-items", response={201: s.ActionItemOut})
def action_item_add(request: HttpRequest, meeting_id: int, payload: s.ActionItemIn) -> Any:
    item = actions.action_item_add(actor=_actor(request), meeting_id=meeting_id, **payload.dict())
    return 201, _action_item(item)


@router.post("/action-items/{item_id}/complete", response=s.ActionItemOut)
def action_item_complete(request: HttpRequest, item_id: int) -> Any:
    return _action_item(actions.action_item_complete(actor=_actor(request), item_id=item_id))


# Proposals and decisions ----------------------------------------------------------------------


@router.get("/proposals", response=list[s.ProposalOut])
def proposal_list(request: HttpRequest) -> Any:
    return [_proposal(p) for p in queries.proposals_for(_actor(request))[:500]]


@router.post("/proposals", response={201: s.ProposalDetailOut})
def proposal_create(request: HttpRequest, payload: s.ProposalIn) -> Any:
    actor = _actor(request)
    p = actions.proposal_create(actor=actor, **payload.dict())
    return 201, _proposal_detail(actor, p.pk)


@router.get("/proposals/{proposal_id}", response=s.ProposalDetailOut)
def proposal_detail(request: HttpRequest, proposal_id: int) -> Any:
    return _proposal_detail(_actor(request), proposal_id)


@router.post("/proposals/{proposal_id}/open", response=s.ProposalDetailOut)
def proposal_open(request: HttpRequest, proposal_id: int) -> Any:
    actor = _actor(request)
    actions.proposal_open(actor=actor, proposal_id=proposal_id)
    return _proposal_detail(actor, proposal_id)


@router.post("/proposals/{proposal_id}/revise", response={201: s.ProposalDetailOut})
def proposal_revise(request: HttpRequest, proposal_id: int, payload: s.ReviseIn) -> Any:
    actor = _actor(request)
    new = actions.proposal_revise(actor=actor, proposal_id=proposal_id, **payload.dict())
    return 201, _proposal_detail(actor, new.pk)


@router.post("/proposals/{proposal_id}/positions", response={201: s.ProposalDetailOut})
def position_record(request: HttpRequest, proposal_id: int, payload: s.PositionIn) -> Any:
    actor = _actor(request)
    actions.position_record(actor=actor, proposal_id=proposal_id, **payload.dict())
    return 201, _proposal_detail(actor, proposal_id)


@router.post("/proposals/{proposal_id}/decision", response={201: s.DecisionOut})
def decision_record(request: HttpRequest, proposal_id: int, payload: s.DecisionIn) -> Any:
    d = actions.decision_record(actor=_actor(request), proposal_id=proposal_id, **payload.dict())
    return 201, _decision(d)


@router.get("/decisions", response=list[s.DecisionOut])
def decision_list(request: HttpRequest) -> Any:
    return [_decision(d) for d in queries.decisions_for(_actor(request))[:500]]


# OWG issues -----------------------------------------------------------------------------------


@router.post("/bodies/{body_id}/issues", response={201: s.IssueOut})
def issue_create(request: HttpRequest, body_id: int, payload: s.IssueIn) -> Any:
    issue: Issue = actions.issue_create(actor=_actor(request), body_id=body_id, **payload.dict())
    return 201, s.IssueOut.from_orm(issue)


@router.post("/issues/{issue_id}/escalate", response={201: s.ProposalOut})
def issue_escalate(request: HttpRequest, issue_id: int) -> Any:
    return 201, _proposal(actions.issue_escalate(actor=_actor(request), issue_id=issue_id))


# Policies, MOU, budget, check-ins --------------------------------------------------------------


@router.get("/policies", response=list[s.PolicyOut])
def policy_list(request: HttpRequest) -> Any:
    return [
        s.PolicyOut(
            id=p.pk,
            kind=p.kind,
            title=p.title,
            in_force=_version(in_force),
            drafts=[s.PolicyVersionOut.from_orm(d) for d in drafts],
        )
        for p, in_force, drafts in queries.policies_for(_actor(request))
    ]


@router.post("/policies", response={201: s.PolicyVersionOut})
def policy_create(request: HttpRequest, payload: s.PolicyIn) -> Any:
    return 201, _version(actions.policy_create(actor=_actor(request), **payload.dict()))


@router.post("/policies/{policy_id}/versions", response={201: s.PolicyVersionOut})
def policy_version_add(request: HttpRequest, policy_id: int, payload: s.PolicyVersionIn) -> Any:
    v = actions.policy_version_add(actor=_actor(request), policy_id=policy_id, text=payload.text)
    return 201, _version(v)


@router.get("/mou", response=list[s.MouOut])
def mou_list(request: HttpRequest) -> Any:
    return [
        s.MouOut(
            id=m.version.pk,
            number=m.version.number,
            text=m.version.text,
            adopted_by_id=m.version.adopted_by_id,
            signed=[name for name, _, _ in m.signed],
            unsigned=m.unsigned,
        )
        for m in queries.mou_status(_actor(request))
    ]


@router.post("/mou", response={201: s.MouOut})
def mou_version_create(request: HttpRequest, payload: s.MouIn) -> Any:
    v = actions.mou_version_create(actor=_actor(request), **payload.dict())
    parties = [p.name for p in v.parties.all()]
    return 201, s.MouOut(
        id=v.pk, number=v.number, text=v.text, adopted_by_id=None, signed=[], unsigned=parties
    )


@router.post("/mou/{version_id}/signatures", response={201: s.MouOut})
def mou_sign(request: HttpRequest, version_id: int, payload: s.SignatureIn) -> Any:
    actor = _actor(request)
    actions.mou_sign(actor=actor, version_id=version_id, **payload.dict())
    m = next(x for x in queries.mou_status(actor) if x.version.pk == version_id)
    return 201, s.MouOut(
        id=m.version.pk,
        number=m.version.number,
        text=m.version.text,
        adopted_by_id=m.version.adopted_by_id,
        signed=[name for name, _, _ in m.signed],
        unsigned=m.unsigned,
    )


@router.get("/budgets", response=list[s.BudgetOut])
def budget_list(request: HttpRequest) -> Any:
    actor = _actor(request)
    return [_budget(actor, b.pk) for b in queries.budgets_for(actor)[:20]]


@router.post("/budgets", response={201: s.BudgetOut})
def budget_create(request: HttpRequest, payload: s.BudgetIn) -> Any:
    actor = _actor(request)
    return 201, _budget(actor, actions.budget_create(actor=actor, year=payload.year).pk)


@router.get("/budgets/{budget_id}", response=s.BudgetOut)
def budget_detail(request: HttpRequest, budget_id: int) -> Any:
    return _budget(_actor(request), budget_id)


@router.post("/budgets/{budget_id}/lines", response=s.BudgetOut)
def budget_line_set(request: HttpRequest, budget_id: int, payload: s.BudgetLineIn) -> Any:
    actor = _actor(request)
    actions.budget_line_set(actor=actor, budget_id=budget_id, **payload.dict())
    return _budget(actor, budget_id)


@router.get("/checkins", response=list[s.CheckinOut])
def checkin_list(request: HttpRequest) -> Any:
    return [_checkin(c) for c in queries.checkins_for(_actor(request))[:200]]


@router.post("/checkins", response={201: s.CheckinOut})
def checkin_record(request: HttpRequest, payload: s.CheckinIn) -> Any:
    return 201, _checkin(actions.checkin_record(actor=_actor(request), **payload.dict()))


@router.post("/checkins/{checkin_id}/response", response=s.CheckinOut)
def checkin_respond(request: HttpRequest, checkin_id: int, payload: s.CheckinRespondIn) -> Any:
    c = actions.checkin_respond(
        actor=_actor(request), checkin_id=checkin_id, response=payload.response
    )
    return _checkin(c)


@router.get("/procurements", response=list[s.ProcurementOut])
def procurement_list(request: HttpRequest) -> Any:
    return [s.ProcurementOut.from_orm(p) for p in queries.procurements_for(_actor(request))]


@router.post("/procurements", response={201: s.ProcurementOut})
def procurement_create(request: HttpRequest, payload: s.ProcurementIn) -> Any:
    p = actions.procurement_create(actor=_actor(request), **payload.dict())
    return 201, s.ProcurementOut.from_orm(p)


@router.post("/procurements/{procurement_id}/advance", response=s.ProcurementOut)
def procurement_advance(request: HttpRequest, procurement_id: int, payload: s.AdvanceIn) -> Any:
    p = actions.procurement_advance(
        actor=_actor(request), procurement_id=procurement_id, **payload.dict()
    )
    return s.ProcurementOut.from_orm(p)
