"""Governance pages: thin. Each POST calls one action; a refusal re-renders the page it came
from with the error beside the field, status 422, and nothing saved."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goldenthread.access.actor import Refused
from goldenthread.core.models import Agency
from goldenthread.core.roles import Role
from goldenthread.governance import actions, queries, rules
from goldenthread.governance.models import (
    ActionItem,
    Body,
    Budget,
    BudgetLine,
    Issue,
    MouVersion,
    Policy,
    PolicyVersion,
    Position,
    Procurement,
    Proposal,
    Seat,
)
from goldenthread.web.decorators import actor_required

# Parsing form input --------------------------------------------------------------------------


def _date(request: HttpRequest, name: str, *, required: bool = True) -> date | None:
    raw = request.POST.get(name, "").strip()
    if not raw:
        if required:
            raise Refused(f"{name.replace('_', ' ')} is required", field=name)
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise Refused("enter a date as YYYY-MM-DD", field=name) from exc


def _int(request: HttpRequest, name: str, *, default: int | None = None) -> Any:
    raw = request.POST.get(name, "").strip()
    if not raw:
        if default is None:
            raise Refused(f"{name.replace('_', ' ')} is required", field=name)
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise Refused("enter a whole number", field=name) from exc


def _opt_int(request: HttpRequest, name: str) -> int | None:
    raw = request.POST.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError as exc:
        raise Refused("enter a whole number", field=name) from exc


def _ids(request: HttpRequest, name: str) -> list[int]:
    try:
        return [int(x) for x in request.POST.getlist(name)]
    except ValueError as exc:
        raise Refused("choose from the list", field=name) from exc


def _bool(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) in {"on", "true", "1"}


def _lines(request: HttpRequest, name: str) -> list[str]:
    return [x.strip() for x in request.POST.get(name, "").splitlines() if x.strip()]


def _str(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "")


def _act(
    request: HttpRequest,
    do: Callable[[], Any],
    *,
    done: Callable[[Any], HttpResponse],
    page: Callable[[dict[str, Any]], HttpResponse],
    success: str,
    perm: str = "governance.manage",
) -> HttpResponse:
    # Permission before parsing: a role that may not act learns nothing from a 422.
    _actor(request).require(perm)
    try:
        result = do()
    except Refused as exc:
        response = page({"error": {"field": exc.field, "message": exc.message}})
        response.status_code = 422 if exc.status == 422 else exc.status
        return response
    messages.success(request, success)
    return done(result)


def _actor(request: HttpRequest) -> Any:
    return request.actor  # type: ignore[attr-defined]


def _render(request: HttpRequest, template: str, ctx: dict[str, Any]) -> HttpResponse:
    actor = _actor(request)
    ctx["can_manage"] = actor.can("governance.manage")
    ctx["can_position"] = actor.can("governance.position")
    ctx["can_view"] = actor.can("governance.view")
    return render(request, template, ctx)


def _agencies(actor: Any) -> Any:
    return Agency.objects.filter(site_id=actor.site_id).order_by("name")


# Overview, health, settings ------------------------------------------------------------------


@actor_required
def index(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    bodies = list(queries.bodies_for(actor))
    open_proposals = queries.proposals_for(actor).filter(
        status__in=[Proposal.Status.OPEN, Proposal.Status.DRAFT]
    )
    return _render(
        request,
        "governance/index.html",
        {
            "bodies": bodies,
            "open_proposals": open_proposals,
            "decisions": queries.decisions_for(actor)[:10],
            "sees_budgets": queries.sees(actor, "budget"),
            "sees_procurements": queries.sees(actor, "procurement"),
        },
    )


def _health_page(request: HttpRequest, extra: dict[str, Any]) -> HttpResponse:
    actor = _actor(request)
    conf = queries.settings_for(actor)
    scopes = {role: rules.scopes_for(role, conf.role_scopes) for role in rules.SCOPED_ROLES}
    ctx = {
        "warnings": queries.health_for(actor),
        "conf": conf,
        "scope_choices": rules.SCOPES,
        "role_scopes": [(role, Role(role).label, scopes[role]) for role in rules.SCOPED_ROLES],
        **extra,
    }
    return _render(request, "governance/health.html", ctx)


@actor_required
def health(request: HttpRequest) -> HttpResponse:
    return _health_page(request, {})


@actor_required
@require_POST
def settings_update(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    return _act(
        request,
        lambda: actions.settings_update(
            actor=actor,
            launch_on=_date(request, "launch_on", required=False),
            checkin_interval_days=_int(request, "checkin_interval_days", default=30),
            pcg_oversees_pm=_bool(request, "pcg_oversees_pm"),
            role_scopes=(
                {role: request.POST.getlist(f"scopes_{role}") for role in rules.SCOPED_ROLES}
                if "role_scopes" in request.POST
                else None
            ),
        ),
        done=lambda _: redirect("governance:health"),
        page=lambda e: _health_page(request, e),
        success="Governance settings saved.",
    )


# Bodies --------------------------------------------------------------------------------------


def _body_form(request: HttpRequest, extra: dict[str, Any]) -> HttpResponse:
    actor = _actor(request)
    actor.require("governance.manage")
    ctx = {
        "kinds": Body.Kind.choices,
        "scopes": Body.Scope.choices[1:],
        "values": request.POST,
        **extra,
    }
    return _render(request, "governance/body_form.html", ctx)


@actor_required
def body_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if request.method != "POST":
        return _body_form(request, {})
    return _act(
        request,
        lambda: actions.body_create(
            actor=actor,
            kind=_str(request, "kind"),
            name=_str(request, "name"),
            formed_on=_date(request, "formed_on"),  # type: ignore[arg-type]
            charter=_str(request, "charter"),
            scope=_str(request, "scope"),
            scope_area=_str(request, "scope_area"),
            cadence_days=_int(request, "cadence_days", default=30),
            quorum_percent=_int(request, "quorum_percent", default=50),
            stand_aside_limit=_opt_int(request, "stand_aside_limit"),
            oversees_pm=_bool(request, "oversees_pm"),
        ),
        done=lambda b: redirect("governance:body_detail", body_id=b.pk),
        page=lambda e: _body_form(request, e),
        success="Body recorded.",
    )


def _body_page(request: HttpRequest, body_id: int, extra: dict[str, Any]) -> HttpResponse:
    actor = _actor(request)
    body = queries.body_for(actor, body_id)
    ctx: dict[str, Any] = {
        "body": body,
        "seats": queries.seats_for(actor, body),
        "meetings": queries.meetings_for(actor, body),
        "agencies": _agencies(actor),
        "seat_kinds": Seat.Kind.choices,
        "sectors": rules.CLT_SECTORS,
        "values": request.POST,
        "sees_pcg": queries.sees(actor, "pcg"),
        **extra,
    }
    if body.kind == Body.Kind.CLT:
        ctx["balance"] = queries.clt_balance(actor, body)
    if body.kind == Body.Kind.OWG:
        ctx["issues"] = queries.issues_for(actor, body)
        ctx["appointments"] = queries.decisions_for(actor).filter(body__kind=Body.Kind.PCG)
    return _render(request, "governance/body_detail.html", ctx)


@actor_required
def body_detail(request: HttpRequest, body_id: int) -> HttpResponse:
    return _body_page(request, body_id, {})


@actor_required
@require_POST
def seat_add(request: HttpRequest, body_id: int) -> HttpResponse:
    actor = _actor(request)
    return _act(
        request,
        lambda: actions.seat_add(
            actor=actor,
            body_id=body_id,
            name=_str(request, "name"),
            agency_id=_int(request, "agency_id"),
            start_on=_date(request, "start_on"),  # type: ignore[arg-type]
            kind=_str(request, "kind") or "agency",
            senior=_bool(request, "senior"),
            authorised=_bool(request, "authorised"),
            sector=_str(request, "sector"),
            most_affected=_bool(request, "most_affected"),
            appointed_by_id=_opt_int(request, "appointed_by_id"),
        ),
        done=lambda _: redirect("governance:body_detail", body_id=body_id),
        page=lambda e: _body_page(request, body_id, e),
        success="Member seated.",
    )


@actor_required
@require_POST
def seat_end(request: HttpRequest, seat_id: int) -> HttpResponse:
    actor = _actor(request)
    seat = Seat.objects.filter(site_id=actor.site_id, pk=seat_id).first()
    body_id = seat.body_id if seat else 0
    return _act(
        request,
        lambda: actions.seat_end(actor=actor, seat_id=seat_id, end_on=_date(request, "end_on")),  # type: ignore[arg-type]
        done=lambda s: redirect("governance:body_detail", body_id=s.body_id),
        page=lambda e: _body_page(request, body_id, e),
        success="Membership ended.",
    )


@actor_required
@require_POST
def meeting_create(request: HttpRequest, body_id: int) -> HttpResponse:
    actor = _actor(request)
    return _act(
        request,
        lambda: actions.meeting_create(
            actor=actor,
            body_id=body_id,
            held_on=_date(request, "held_on"),  # type: ignore[arg-type]
            location=_str(request, "location"),
        ),
        done=lambda m: redirect("governance:meeting_detail", meeting_id=m.pk),
        page=lambda e: _body_page(request, body_id, e),
        success="Meeting recorded.",
    )


@actor_required
@require_POST
def issue_create(request: HttpRequest, body_id: int) -> HttpResponse:
    actor = _actor(request)
    return _act(
        request,
        lambda: actions.issue_create(
            actor=actor,
            body_id=body_id,
            title=_str(request, "title"),
            description=_str(request, "description"),
        ),
        done=lambda _: redirect("governance:body_detail", body_id=body_id),
        page=lambda e: _body_page(request, body_id, e),
        success="Issue recorded.",
    )


@actor_required
@require_POST
def issue_escalate(request: HttpRequest, issue_id: int) -> HttpResponse:
    actor = _actor(request)
    issue = Issue.objects.filter(site_id=actor.site_id, pk=issue_id).first()
    body_id = issue.body_id if issue else 0
    return _act(
        request,
        lambda: actions.issue_escalate(actor=actor, issue_id=issue_id),
        done=lambda p: redirect("governance:proposal_detail", proposal_id=p.pk),
        page=lambda e: _body_page(request, body_id, e),
        success="Escalated to the PCG as a draft proposal.",
    )


# Meetings ------------------------------------------------------------------------------------


def _meeting_page(request: HttpRequest, meeting_id: int, extra: dict[str, Any]) -> HttpResponse:
    actor = _actor(request)
    meeting = queries.meeting_for(actor, meeting_id)
    present = {a.seat_id for a in meeting.attendance.all()}
    ctx = {
        "meeting": meeting,
        "quorum": queries.meeting_quorum(meeting),
        "seats": queries.seats_for(actor, meeting.body),
        "present": present,
        "carried": queries.carried_forward(actor, meeting),
        "agencies": _agencies(actor),
        "topics": Proposal.Topic.choices,
        "values": request.POST,
        **extra,
    }
    return _render(request, "governance/meeting_detail.html", ctx)


@actor_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _meeting_page(request, meeting_id, {})


@actor_required
def meeting_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    from goldenthread.governance.pdf import agenda_pack

    response = HttpResponse(
        agenda_pack(_actor(request), meeting_id), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="agenda-{meeting_id}.pdf"'
    return response


def _meeting_post(
    request: HttpRequest, meeting_id: int, do: Callable[[], Any], success: str
) -> HttpResponse:
    return _act(
        request,
        do,
        done=lambda _: redirect("governance:meeting_detail", meeting_id=meeting_id),
        page=lambda e: _meeting_page(request, meeting_id, e),
        success=success,
    )


@actor_required
@require_POST
def meeting_attendance(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    try:
        seat_ids = [int(x) for x in request.POST.getlist("seat_ids")]
    except ValueError:
        seat_ids = [-1]
    return _meeting_post(
        request,
        meeting_id,
        lambda: actions.meeting_attendance_set(
            actor=actor, meeting_id=meeting_id, seat_ids=seat_ids
        ),
        "Attendance recorded.",
    )


@actor_required
@require_POST
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    return _meeting_post(
        request,
        meeting_id,
        lambda: actions.meeting_minutes_record(
            actor=actor, meeting_id=meeting_id, minutes=_str(request, "minutes")
        ),
        "Minutes saved.",
    )


@actor_required
@require_POST
def agenda_item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    return _meeting_post(
        request,
        meeting_id,
        lambda: actions.agenda_item_add(
            actor=actor,
            meeting_id=meeting_id,
            title=_str(request, "title"),
            topic=_str(request, "topic") or "other",
        ),
        "Agenda item added.",
    )


@actor_required
@require_POST
def agenda_build(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    return _meeting_post(
        request,
        meeting_id,
        lambda: actions.agenda_build(actor=actor, meeting_id=meeting_id),
        "Pending items added to the agenda.",
    )


@actor_required
@require_POST
def action_item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    return _meeting_post(
        request,
        meeting_id,
        lambda: actions.action_item_add(
            actor=actor,
            meeting_id=meeting_id,
            title=_str(request, "title"),
            owner_agency_id=_int(request, "owner_agency_id"),
            owner_name=_str(request, "owner_name"),
            due_on=_date(request, "due_on"),  # type: ignore[arg-type]
        ),
        "Action item recorded.",
    )


@actor_required
@require_POST
def action_item_complete(request: HttpRequest, item_id: int) -> HttpResponse:
    actor = _actor(request)
    item = ActionItem.objects.filter(site_id=actor.site_id, pk=item_id).first()
    meeting_id = item.meeting_id if item else 0
    return _act(
        request,
        lambda: actions.action_item_complete(actor=actor, item_id=item_id),
        done=lambda i: redirect("governance:meeting_detail", meeting_id=i.meeting_id),
        page=lambda e: _meeting_page(request, meeting_id, e),
        success="Action item done.",
    )


# Proposals -----------------------------------------------------------------------------------


def _proposal_form(request: HttpRequest, extra: dict[str, Any]) -> HttpResponse:
    actor = _actor(request)
    actor.require("governance.manage")
    site = actor.site_id
    adoptable = [
        (PolicyVersion.SUBJECT, v.pk, str(v))
        for v in PolicyVersion.objects.filter(site_id=site, adopted_by__isnull=True).select_related(
            "policy"
        )
    ]
    adoptable += [
        (MouVersion.SUBJECT, v.pk, str(v))
        for v in MouVersion.objects.filter(site_id=site, adopted_by__isnull=True)
    ]
    adoptable += [
        (Budget.SUBJECT, b.pk, str(b))
        for b in Budget.objects.filter(site_id=site, approved_by__isnull=True)
    ]
    adoptable += [
        (Procurement.SUBJECT, p.pk, f"Award: {p.title}")
        for p in Procurement.objects.filter(
            site_id=site, award_decision__isnull=True, stage=Procurement.Stage.RECOMMENDED
        )
    ]
    ctx = {
        "bodies": queries.bodies_for(actor),
        "topics": Proposal.Topic.choices,
        "adoptable": adoptable,
        "values": request.POST or request.GET,
        **extra,
    }
    return _render(request, "governance/proposal_form.html", ctx)


@actor_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    if request.method != "POST":
        return _proposal_form(request, {})

    def do() -> Proposal:
        subject = _str(request, "subject")
        subject_type, _, subject_id = subject.rpartition(":")
        return actions.proposal_create(
            actor=actor,
            body_id=_int(request, "body_id"),
            title=_str(request, "title"),
            text=_str(request, "text"),
            options=_lines(request, "options"),
            documents=_lines(request, "documents"),
            topic=_str(request, "topic") or "policy",
            subject_type=subject_type or _str(request, "subject_type"),
            subject_id=int(subject_id) if subject_id else _opt_int(request, "subject_id"),
        )

    return _act(
        request,
        do,
        done=lambda p: redirect("governance:proposal_detail", proposal_id=p.pk),
        page=lambda e: _proposal_form(request, e),
        success="Proposal open for positions.",
    )


def _proposal_page(request: HttpRequest, proposal_id: int, extra: dict[str, Any]) -> HttpResponse:
    actor = _actor(request)
    proposal = queries.proposal_for(actor, proposal_id)
    tally = queries.tally_for(proposal, queries.site_today(actor))
    names = dict(
        Agency.objects.filter(site_id=actor.site_id).values_list("pk", "name"),
    )
    history = []
    step = proposal.revises
    while step is not None:
        history.append(step)
        step = step.revises
    ctx = {
        "proposal": proposal,
        "positions": proposal.positions.all(),
        "tally": tally,
        "missing": sorted(names[a] for a in tally.missing),
        "blocking": sorted(names[a] for a in tally.blocking),
        "history": history,
        "stances": Position.Stance.choices,
        "values": request.POST,
        # The position form only for a member whose seat on this body may decide for its agency.
        "holds_authorised_seat": queries.my_seats(actor)
        .filter(body_id=proposal.body_id, authorised=True)
        .exclude(kind=Seat.Kind.STAFF)
        .exists(),
        **extra,
    }
    return _render(request, "governance/proposal_detail.html", ctx)


@actor_required
def proposal_detail(request: HttpRequest, proposal_id: int) -> HttpResponse:
    return _proposal_page(request, proposal_id, {})


def _proposal_post(
    request: HttpRequest,
    proposal_id: int,
    do: Callable[[], Any],
    success: str,
    perm: str = "governance.manage",
) -> HttpResponse:
    return _act(
        request,
        do,
        perm=perm,
        done=lambda r: redirect(
            "governance:proposal_detail",
            proposal_id=r.pk if isinstance(r, Proposal) else proposal_id,
        ),
        page=lambda e: _proposal_page(request, proposal_id, e),
        success=success,
    )


@actor_required
@require_POST
def proposal_open(request: HttpRequest, proposal_id: int) -> HttpResponse:
    actor = _actor(request)
    return _proposal_post(
        request,
        proposal_id,
        lambda: actions.proposal_open(actor=actor, proposal_id=proposal_id),
        "Proposal open for positions.",
    )


@actor_required
@require_POST
def proposal_revise(request: HttpRequest, proposal_id: int) -> HttpResponse:
    actor = _actor(request)
    return _proposal_post(
        request,
        proposal_id,
        lambda: actions.proposal_revise(
            actor=actor,
            proposal_id=proposal_id,
            text=_str(request, "text"),
            options=_lines(request, "options"),
        ),
        "Revised: the new version is open for positions.",
    )


@actor_required
@require_POST
def position_record(request: HttpRequest, proposal_id: int) -> HttpResponse:
    actor = _actor(request)
    return _proposal_post(
        request,
        proposal_id,
        lambda: actions.position_record(
            actor=actor,
            proposal_id=proposal_id,
            stance=_str(request, "stance"),
            reason=_str(request, "reason"),
            blocked_options=request.POST.getlist("blocked_options"),
        ),
        "Your agency's position is recorded.",
        perm="governance.position",
    )


@actor_required
@require_POST
def decision_record(request: HttpRequest, proposal_id: int) -> HttpResponse:
    actor = _actor(request)
    return _proposal_post(
        request,
        proposal_id,
        lambda: actions.decision_record(
            actor=actor,
            proposal_id=proposal_id,
            decided_on=_date(request, "decided_on", required=False),
            summary=_str(request, "summary"),
        ),
        "Consensus decision recorded.",
    )


# Policies and MOU (the public view) ----------------------------------------------------------


def _policies_page(request: HttpRequest, extra: dict[str, Any]) -> HttpResponse:
    actor = _actor(request)
    ctx = {
        "policies": queries.policies_for(actor),
        "kinds": Policy.Kind.choices,
        "values": request.POST,
        **extra,
    }
    return _render(request, "governance/policies.html", ctx)


@actor_required
def policies(request: HttpRequest) -> HttpResponse:
    return _policies_page(request, {})


@actor_required
@require_POST
def policy_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    return _act(
        request,
        lambda: actions.policy_create(
            actor=actor,
            kind=_str(request, "kind"),
            title=_str(request, "title"),
            text=_str(request, "text"),
        ),
        done=lambda _: redirect("governance:policies"),
        page=lambda e: _policies_page(request, e),
        success="Policy drafted; propose it to the PCG to adopt it.",
    )


@actor_required
@require_POST
def policy_version_add(request: HttpRequest, policy_id: int) -> HttpResponse:
    actor = _actor(request)
    queries.policy_for(actor, policy_id)
    return _act(
        request,
        lambda: actions.policy_version_add(
            actor=actor, policy_id=policy_id, text=_str(request, "text")
        ),
        done=lambda _: redirect("governance:policies"),
        page=lambda e: _policies_page(request, {**e, "error_policy": policy_id}),
        success="New version drafted.",
    )


def _mou_page(request: HttpRequest, extra: dict[str, Any]) -> HttpResponse:
    actor = _actor(request)
    ctx = {
        "versions": queries.mou_status(actor),
        "agencies": _agencies(actor),
        "values": request.POST,
        **extra,
    }
    return _render(request, "governance/mou.html", ctx)


@actor_required
def mou(request: HttpRequest) -> HttpResponse:
    return _mou_page(request, {})


@actor_required
@require_POST
def mou_version_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    try:
        party_ids = [int(x) for x in request.POST.getlist("party_ids")]
    except ValueError:
        party_ids = [-1]
    return _act(
        request,
        lambda: actions.mou_version_create(
            actor=actor, text=_str(request, "text"), party_ids=party_ids
        ),
        done=lambda _: redirect("governance:mou"),
        page=lambda e: _mou_page(request, e),
        success="MOU version drafted; propose it to the PCG to adopt it.",
    )


@actor_required
@require_POST
def mou_sign(request: HttpRequest, version_id: int) -> HttpResponse:
    actor = _actor(request)
    queries.mou_version_for(actor, version_id)
    return _act(
        request,
        lambda: actions.mou_sign(
            actor=actor,
            version_id=version_id,
            agency_id=_int(request, "agency_id"),
            signed_on=_date(request, "signed_on"),  # type: ignore[arg-type]
            signed_by=_str(request, "signed_by"),
        ),
        done=lambda _: redirect("governance:mou"),
        page=lambda e: _mou_page(request, e),
        success="Signature recorded.",
    )


# Budget --------------------------------------------------------------------------------------


def _budgets_page(request: HttpRequest, extra: dict[str, Any]) -> HttpResponse:
    actor = _actor(request)
    ctx = {"budgets": queries.budgets_for(actor), "values": request.POST, **extra}
    return _render(request, "governance/budgets.html", ctx)


@actor_required
def budgets(request: HttpRequest) -> HttpResponse:
    return _budgets_page(request, {})


@actor_required
@require_POST
def budget_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    return _act(
        request,
        lambda: actions.budget_create(actor=actor, year=_int(request, "year")),
        done=lambda b: redirect("governance:budget_detail", budget_id=b.pk),
        page=lambda e: _budgets_page(request, e),
        success="Budget started.",
    )


def _budget_page(request: HttpRequest, budget_id: int, extra: dict[str, Any]) -> HttpResponse:
    from goldenthread.governance.charts import budget_chart

    actor = _actor(request)
    budget = queries.budget_for(actor, budget_id)
    by_cat, by_src = queries.budget_vs_actual(budget)
    cat_labels = dict(BudgetLine.Category.choices)
    src_labels = dict(BudgetLine.Source.choices)
    rows_cat = [(cat_labels[k], p, a) for k, (p, a) in by_cat.items()]
    rows_src = [(src_labels[k], p, a) for k, (p, a) in by_src.items()]
    ctx = {
        "budget": budget,
        "lines": budget.lines.all(),
        "by_category": rows_cat,
        "by_source": rows_src,
        "chart": budget_chart(rows_cat) if rows_cat else "",
        "pools": queries.pool_choices(actor) if actor.can("governance.manage") else [],
        "categories": BudgetLine.Category.choices,
        "sources": BudgetLine.Source.choices,
        "values": request.POST,
        **extra,
    }
    return _render(request, "governance/budget_detail.html", ctx)


@actor_required
def budget_detail(request: HttpRequest, budget_id: int) -> HttpResponse:
    return _budget_page(request, budget_id, {})


@actor_required
@require_POST
def budget_line_set(request: HttpRequest, budget_id: int) -> HttpResponse:
    actor = _actor(request)
    return _act(
        request,
        lambda: actions.budget_line_set(
            actor=actor,
            budget_id=budget_id,
            category=_str(request, "category"),
            source=_str(request, "source"),
            planned=_int(request, "planned"),
            actual=_int(request, "actual", default=0),
            pool_ids=_ids(request, "pool_ids"),
        ),
        done=lambda _: redirect("governance:budget_detail", budget_id=budget_id),
        page=lambda e: _budget_page(request, budget_id, e),
        success="Budget line saved.",
    )


# Community check-ins -------------------------------------------------------------------------


def _checkins_page(request: HttpRequest, extra: dict[str, Any]) -> HttpResponse:
    actor = _actor(request)
    ctx = {
        "checkins": queries.checkins_for(actor),
        "sectors": rules.CLT_SECTORS,
        "values": request.POST,
        **extra,
    }
    return _render(request, "governance/checkins.html", ctx)


@actor_required
def checkins(request: HttpRequest) -> HttpResponse:
    return _checkins_page(request, {})


@actor_required
@require_POST
def checkin_record(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    return _act(
        request,
        lambda: actions.checkin_record(
            actor=actor,
            leader=_str(request, "leader"),
            held_on=_date(request, "held_on"),  # type: ignore[arg-type]
            organisation=_str(request, "organisation"),
            sector=_str(request, "sector"),
            notes=_str(request, "notes"),
            input_raised=_str(request, "input_raised"),
        ),
        done=lambda _: redirect("governance:checkins"),
        page=lambda e: _checkins_page(request, e),
        success="Check-in logged.",
    )


@actor_required
@require_POST
def checkin_respond(request: HttpRequest, checkin_id: int) -> HttpResponse:
    actor = _actor(request)
    queries.checkin_for(actor, checkin_id)
    return _act(
        request,
        lambda: actions.checkin_respond(
            actor=actor, checkin_id=checkin_id, response=_str(request, "response")
        ),
        done=lambda _: redirect("governance:checkins"),
        page=lambda e: _checkins_page(request, e),
        success="Response recorded.",
    )


# Procurement ---------------------------------------------------------------------------------


def _procurements_page(request: HttpRequest, extra: dict[str, Any]) -> HttpResponse:
    actor = _actor(request)
    ctx = {
        "procurements": queries.procurements_for(actor),
        "services": Procurement.Service.choices,
        "stages": Procurement.Stage.choices[1:-1],
        "committees": queries.bodies_for(actor).filter(
            kind__in=[Body.Kind.PCG, Body.Kind.COMMITTEE]
        ),
        "agencies": _agencies(actor),
        "values": request.POST,
        **extra,
    }
    return _render(request, "governance/procurements.html", ctx)


@actor_required
def procurements(request: HttpRequest) -> HttpResponse:
    return _procurements_page(request, {})


@actor_required
@require_POST
def procurement_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    return _act(
        request,
        lambda: actions.procurement_create(
            actor=actor,
            title=_str(request, "title"),
            service=_str(request, "service"),
            committee_id=_opt_int(request, "committee_id"),
        ),
        done=lambda _: redirect("governance:procurements"),
        page=lambda e: _procurements_page(request, e),
        success="Procurement opened.",
    )


@actor_required
@require_POST
def procurement_advance(request: HttpRequest, procurement_id: int) -> HttpResponse:
    actor = _actor(request)
    return _act(
        request,
        lambda: actions.procurement_advance(
            actor=actor,
            procurement_id=procurement_id,
            stage=_str(request, "stage"),
            awardee_id=_opt_int(request, "awardee_id"),
        ),
        done=lambda _: redirect("governance:procurements"),
        page=lambda e: _procurements_page(request, e),
        success="Procurement moved on.",
    )
