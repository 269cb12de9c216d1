"""OWG case-conferencing pages. Thin: parse the input, call an action or a query, render."""

from __future__ import annotations

import functools
from typing import Any, NamedTuple

from django import forms as djforms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_POST

from goldenthread.access.actor import Actor, Refused
from goldenthread.conferencing import actions, queries, rules
from goldenthread.conferencing.forms import (
    ActionForm,
    ActionStatusForm,
    BodyLinkForm,
    DecisionForm,
    EscalateForm,
    ItemForm,
    MeetingForm,
    MinutesForm,
    NoteForm,
    RequestForm,
    SituationForm,
    SituationUpdateForm,
)
from goldenthread.core.widgets import blank_form
from goldenthread.web.decorators import actor_required


def _actor(request: HttpRequest) -> Actor:
    return request.actor  # type: ignore[attr-defined]


def _refuse(form: djforms.Form, exc: Refused) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _status(request: HttpRequest) -> int:
    return 422 if request.method == "POST" else 200


# Meetings -----------------------------------------------------------------------------------


@actor_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    meetings = list(queries.meetings_for(actor)[:100])
    return render(
        request,
        "conferencing/meeting_list.html",
        {"meetings": meetings, "can_run": actor.can("conferencing.run")},
    )


@actor_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    actor.require("conferencing.run")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = actions.meeting_create(actor=actor, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Meeting scheduled.")
            return redirect("conferencing:meeting_detail", meeting_id=meeting.pk)
    return render(
        request,
        "conferencing/form.html",
        {"form": form, "heading": "New OWG meeting"},
        status=_status(request),
    )


def _page_of(index: int) -> int:
    """The page of the meeting's roster on which its item at ``index`` (from 0) appears."""
    return index // queries.ROSTER_PAGE + 1


class _Body(NamedTuple):
    pk: int
    name: str


@functools.lru_cache(maxsize=256)
def body_form_html(linked: int | None, bodies: tuple[tuple[int, str], ...]) -> SafeString:
    """The meeting page's unbound OWG-body form (``BodyLinkForm.as_div``), written once per
    process for each linked body and list of bodies (ids and names, so a renamed or new body
    makes a new entry). Through Django's form templates it took about a quarter of the roster
    page's CPU (py-spy, 2026-11-30). A bound form, with its errors, is written by ``as_div``."""
    form = BodyLinkForm(
        initial={"governance_body_id": linked}, bodies=[_Body(pk, name) for pk, name in bodies]
    )
    return form.as_div()


def _detail_context(request: HttpRequest, meeting_id: int, **extra: Any) -> dict[str, Any]:
    actor = _actor(request)
    runs = actor.can("conferencing.run")
    found = queries.meeting_page(
        actor, meeting_id, request.GET.get("page"), runs=runs, path=request.path
    )
    meeting = found.meeting
    context: dict[str, Any] = {
        "meeting": meeting,
        "roster": found.roster,
        "page": found.page,
        "runs": runs,
        "body_name": found.body_name,
        "attending_agencies": found.attending,
        "amendments": found.amendments,
    }
    context["shapes"] = runs and meeting.status != rules.CLOSED
    if runs:
        context["body_form_html"] = body_form_html(meeting.governance_body_id, found.bodies)
        context["escalate_form_html"] = blank_form(EscalateForm)
        context["agencies"] = found.agencies
        context["attending"] = {a.pk for a in found.attending}
    context.update(extra)
    return context


@actor_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return render(request, "conferencing/meeting_detail.html", _detail_context(request, meeting_id))


def _post_action(request: HttpRequest, done: str, fn: Any, **kwargs: Any) -> HttpResponse:
    meeting_id = kwargs["meeting_id"]
    try:
        fn(actor=_actor(request), **kwargs)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("conferencing:meeting_detail", meeting_id=meeting_id)


@require_POST
@actor_required
def meeting_body_link(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    actor.require("conferencing.run")
    form = BodyLinkForm(request.POST, bodies=queries.owg_bodies(actor))
    if form.is_valid():
        try:
            actions.meeting_body_link(actor=actor, meeting_id=meeting_id, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Meeting linked to its OWG body.")
            return redirect("conferencing:meeting_detail", meeting_id=meeting_id)
    context = _detail_context(request, meeting_id, body_form_html=form.as_div())
    return render(request, "conferencing/meeting_detail.html", context, status=422)


@require_POST
@actor_required
def meeting_issue_escalate(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    actor.require("conferencing.run")
    form = EscalateForm(request.POST)
    if form.is_valid():
        try:
            proposal = actions.meeting_issue_escalate(
                actor=actor, meeting_id=meeting_id, **form.cleaned_data
            )
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, f"Escalated to the PCG as draft proposal “{proposal.title}”.")
            return redirect("conferencing:meeting_detail", meeting_id=meeting_id)
    context = _detail_context(request, meeting_id, escalate_form_html=form.as_div())
    return render(request, "conferencing/meeting_detail.html", context, status=422)


@require_POST
@actor_required
def roster_build(request: HttpRequest, meeting_id: int) -> HttpResponse:
    _actor(request).require("conferencing.run")
    return _post_action(
        request,
        "Roster updated from its sources.",
        actions.roster_build,
        meeting_id=meeting_id,
    )


@require_POST
@actor_required
def meeting_open(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    actor.require("conferencing.run")
    queries.meeting_for(actor, meeting_id)
    try:
        actions.meeting_open(actor=actor, meeting_id=meeting_id)
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect("conferencing:meeting_detail", meeting_id=meeting_id)
    return redirect("conferencing:meeting_run", meeting_id=meeting_id)


@require_POST
@actor_required
def meeting_close(request: HttpRequest, meeting_id: int) -> HttpResponse:
    _actor(request).require("conferencing.run")
    return _post_action(
        request,
        "Meeting closed; items not reached are carried forward.",
        actions.meeting_close,
        meeting_id=meeting_id,
    )


@require_POST
@actor_required
def attendance_record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    _actor(request).require("conferencing.run")
    ids = [int(v) for v in request.POST.getlist("agency_ids") if v.isdigit()]
    return _post_action(
        request,
        "Attendance recorded.",
        actions.attendance_record,
        meeting_id=meeting_id,
        agency_ids=ids,
    )


@actor_required
def roster_item_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The form to add an item to a meeting's roster, on a page of its own: its drop-down of
    the site's participants (1,500 at a site) is not read or sent with every view of the
    roster."""
    actor = _actor(request)
    actor.require("conferencing.run")
    meeting = queries.meeting_for(actor, meeting_id)
    closed = rules.closed_meeting_refusal(meeting.status)
    if closed:
        messages.error(request, closed)
        return redirect("conferencing:meeting_detail", meeting_id=meeting.pk)
    form = ItemForm(request.POST or None, participants=queries.participant_choices(actor))
    if request.method == "POST" and form.is_valid():
        try:
            actions.roster_item_add(actor=actor, meeting_id=meeting.pk, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Item added to the roster.")
            return redirect("conferencing:meeting_detail", meeting_id=meeting.pk)
    context = {"form": form, "heading": f"Add an item: {meeting}", "meeting": meeting}
    return render(request, "conferencing/form.html", context, status=_status(request))


@require_POST
@actor_required
def roster_item_update(request: HttpRequest, item_id: int) -> HttpResponse:
    actor = _actor(request)
    actor.require("conferencing.run")
    item = queries.item_for(actor, item_id)
    op = request.POST.get("op", "")
    kwargs: dict[str, Any] = {}
    ids = [e.pk for e in queries.roster_index(actor, item.meeting)]
    here = ids.index(item.pk)
    if op == "up":
        kwargs["position"] = max(here - 1, 0)
    elif op == "down":
        kwargs["position"] = here + 1
    elif op in (rules.REMOVED, rules.PENDING, rules.DISCUSSED):
        kwargs["status"] = op
    elif op == "timebox":
        raw = request.POST.get("time_box_minutes", "")
        kwargs["time_box_minutes"] = int(raw) if raw.isdigit() else 0
    try:
        actions.roster_item_update(actor=actor, item_id=item.pk, **kwargs)
    except Refused as exc:
        messages.error(request, exc.message)
    if request.POST.get("next") == "run":
        return redirect(
            f"{reverse('conferencing:meeting_run', args=[item.meeting_id])}?item={item.pk}"
        )
    moved = here + (-1 if op == "up" else 1 if op == "down" else 0)
    page = _page_of(min(max(moved, 0), len(ids) - 1))
    return redirect(
        f"{reverse('conferencing:meeting_detail', args=[item.meeting_id])}"
        f"?page={page}#item-{item.pk}"
    )


@actor_required
def minutes_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    actor.require("conferencing.run")
    meeting = queries.meeting_for(actor, meeting_id)
    form = MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            actions.minutes_edit(actor=actor, meeting_id=meeting.pk, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Minutes saved.")
            return redirect("conferencing:meeting_detail", meeting_id=meeting.pk)
    context = {"form": form, "heading": f"Minutes: {meeting}", "meeting": meeting}
    return render(request, "conferencing/form.html", context, status=_status(request))


@actor_required
def meeting_print(request: HttpRequest, meeting_id: int) -> HttpResponse:
    actor = _actor(request)
    meeting = queries.meeting_for(actor, meeting_id)
    roster = queries.roster_for_meeting(actor, meeting, path=request.path)
    return render(request, "conferencing/print.html", {"meeting": meeting, "roster": roster})


@actor_required
def meeting_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    from goldenthread.conferencing.pdf import agenda_or_minutes

    pdf, name = agenda_or_minutes(_actor(request), meeting_id, path=request.path)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# Meeting mode -------------------------------------------------------------------------------


def _run(
    request: HttpRequest, meeting_id: int, item_id: int | None, status: int = 200, **forms: Any
) -> HttpResponse:
    actor = _actor(request)
    meeting = queries.meeting_for(actor, meeting_id)
    # The stepper needs the whole agenda's order; only the current item is read whole (and
    # logged as read).
    entries = queries.roster_index(actor, meeting)
    items = [e for e in entries if rules.on_agenda(e.status)]
    index = next((n for n, i in enumerate(items) if i.pk == item_id), 0)
    shown = {items[index].pk} if items else set()
    roster = queries.roster_for_meeting(
        actor, meeting, path=request.path, entries=entries, shown=shown
    )
    current = roster.items[0] if roster.items else None
    errors = [
        str(message)
        for form in forms.values()
        for messages_ in form.errors.values()
        for message in messages_
    ]
    context = {
        "errors": errors,
        "meeting": meeting,
        "roster": roster,
        "items": items,
        "current": current,
        "position": index + 1,
        "previous": items[index - 1] if index > 0 else None,
        "next": items[index + 1] if index + 1 < len(items) else None,
        "runs": actor.can("conferencing.run"),
        "notes": actor.can("conferencing.note"),
        "sphere": rules.sphere_of(actor.role),
        "note_form": forms.get("note_form") or NoteForm(),
        "decision_form": forms.get("decision_form")
        or DecisionForm(initial={"sphere": rules.sphere_of(actor.role)}),
        "action_form": forms.get("action_form") or ActionForm(owners=queries.owner_choices(actor)),
    }
    return render(request, "conferencing/meeting_run.html", context, status=status)


@actor_required
def meeting_run(request: HttpRequest, meeting_id: int) -> HttpResponse:
    raw = request.GET.get("item", "")
    return _run(request, meeting_id, int(raw) if raw.isdigit() else None)


def _back_to_item(item: Any) -> HttpResponse:
    return redirect(
        f"{reverse('conferencing:meeting_run', args=[item.meeting_id])}?item={item.pk}#panel"
    )


@require_POST
@actor_required
def note_add(request: HttpRequest, item_id: int) -> HttpResponse:
    actor = _actor(request)
    actor.require("conferencing.note")
    item = queries.item_for(actor, item_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            actions.note_add(actor=actor, item_id=item.pk, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Note recorded (LEAD-derived).")
            return _back_to_item(item)
    return _run(request, item.meeting_id, item.pk, 422, note_form=form)


@require_POST
@actor_required
def decision_record(request: HttpRequest, item_id: int) -> HttpResponse:
    actor = _actor(request)
    actor.require("conferencing.decide")
    item = queries.item_for(actor, item_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.decision_record(actor=actor, item_id=item.pk, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Decision recorded.")
            return _back_to_item(item)
    return _run(request, item.meeting_id, item.pk, 422, decision_form=form)


@require_POST
@actor_required
def action_item_create(request: HttpRequest, item_id: int) -> HttpResponse:
    actor = _actor(request)
    actor.require("conferencing.run")
    item = queries.item_for(actor, item_id)
    form = ActionForm(request.POST, owners=queries.owner_choices(actor))
    if form.is_valid():
        try:
            actions.action_item_create(actor=actor, item_id=item.pk, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Action item created.")
            return _back_to_item(item)
    return _run(request, item.meeting_id, item.pk, 422, action_form=form)


# Action items -------------------------------------------------------------------------------


@actor_required
def my_action_items(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    today = queries.today_for(actor)
    rows = [(a, rules.is_overdue(a.due_on, today)) for a in queries.my_action_items(actor)]
    return render(
        request, "conferencing/my_actions.html", {"rows": rows, "form": ActionStatusForm()}
    )


@require_POST
@actor_required
def action_item_update(request: HttpRequest, action_id: int) -> HttpResponse:
    actor = _actor(request)
    queries.action_item_for(actor, action_id)
    form = ActionStatusForm(request.POST)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    try:
        actions.action_item_update(actor=actor, action_id=action_id, status=status)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Action item updated.")
    return redirect("conferencing:my_action_items")


# Situations and requests --------------------------------------------------------------------


@actor_required
def situation_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    rows = list(queries.situations_for(actor))
    return render(
        request,
        "conferencing/situation_list.html",
        {"rows": rows, "runs": actor.can("conferencing.run")},
    )


@actor_required
def situation_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    actor.require("conferencing.run")
    form = SituationForm(
        request.POST or None,
        agencies=queries.agencies_for(actor),
        participants=queries.participant_choices(actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            situation = actions.situation_create(actor=actor, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Situation recorded.")
            return redirect("conferencing:situation_detail", situation_id=situation.pk)
    return render(
        request,
        "conferencing/form.html",
        {"form": form, "heading": "New situation"},
        status=_status(request),
    )


def _situation_page(
    request: HttpRequest, situation_id: int, form: Any = None, status: int = 200
) -> HttpResponse:
    actor = _actor(request)
    situation = queries.situation_for(actor, situation_id)
    context = {
        "situation": situation,
        "linked": queries.situation_participants(actor, situation),
        "updates": queries.situation_history(situation),
        "runs": actor.can("conferencing.run"),
        "form": form or SituationUpdateForm(initial={"status": situation.status}),
    }
    return render(request, "conferencing/situation_detail.html", context, status=status)


@actor_required
def situation_detail(request: HttpRequest, situation_id: int) -> HttpResponse:
    return _situation_page(request, situation_id)


@require_POST
@actor_required
def situation_update(request: HttpRequest, situation_id: int) -> HttpResponse:
    actor = _actor(request)
    actor.require("conferencing.run")
    queries.situation_for(actor, situation_id)
    form = SituationUpdateForm(request.POST)
    if form.is_valid():
        try:
            actions.situation_update(actor=actor, situation_id=situation_id, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Situation updated.")
            return redirect("conferencing:situation_detail", situation_id=situation_id)
    return _situation_page(request, situation_id, form, 422)


@actor_required
def discussion_request_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    actor.require("conferencing.request")
    form = RequestForm(request.POST or None, participants=queries.participant_choices(actor))
    if request.method == "POST" and form.is_valid():
        try:
            actions.discussion_request_create(actor=actor, **form.cleaned_data)
        except Refused as exc:
            _refuse(form, exc)
        else:
            messages.success(request, "Asked: the participant joins the next roster.")
            return redirect("conferencing:meeting_list")
    return render(
        request,
        "conferencing/form.html",
        {"form": form, "heading": "Ask the OWG to discuss a participant"},
        status=_status(request),
    )
