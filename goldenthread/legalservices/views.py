"""LEAD Legal Services pages: thin, over the same actions and queries as the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goldenthread.access.actor import Actor, Refused
from goldenthread.legalservices import actions, queries, rules
from goldenthread.legalservices.api import attachment
from goldenthread.legalservices.forms import (
    AcceptForm,
    ClearForm,
    DeadlineForm,
    DeclineForm,
    DocumentForm,
    EntryForm,
    MatterUpdateForm,
    OutcomeForm,
    PartyForm,
    ReferOutForm,
    ReferralForm,
    SettingsForm,
)
from goldenthread.web.decorators import actor_required

WORK = "legalservices.work"


def _refused(form: forms.Form, exc: Refused) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# ---- case managers: refer and follow the status ---------------------------------------------


@actor_required
def referrals(request: HttpRequest) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    matters = queries.matters_status_for(actor)
    can_refer = actor.can("legalservices.refer")
    return render(
        request, "legalservices/referrals.html", {"matters": matters, "can_refer": can_refer}
    )


@actor_required
def refer(request: HttpRequest) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    participants = queries.referable_participants_for(actor)
    form = ReferralForm(
        request.POST or None,
        participants=participants,
        initial={"participant": request.GET.get("participant")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matter = actions.matter_refer(
                actor=actor,
                participant_id=data["participant"].pk,
                matter_type=data["matter_type"],
                description=data["description"],
                urgency=data["urgency"],
                deadline_on=data["deadline_on"],
                deadline_label=data["deadline_label"],
            )
        except Refused as exc:
            _refused(form, exc)
        else:
            messages.success(request, "Referred to LEAD Legal Services.")
            return redirect("legalservices:status", matter_id=matter.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "legalservices/refer.html", {"form": form}, status=status)


@actor_required
def status(request: HttpRequest, matter_id: int) -> HttpResponse:
    matter = queries.matter_status_for(request.actor, matter_id)  # type: ignore[attr-defined]
    return render(
        request,
        "legalservices/status.html",
        {"matter": matter, "documents": matter.shared_documents},  # type: ignore[attr-defined]
    )


@actor_required
def participant(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    person, matters = queries.participant_matters_for(actor, participant_id)
    context = {
        "participant": person,
        "matters": matters,
        "can_refer": actor.can("legalservices.refer"),
    }
    return render(request, "legalservices/participant.html", context)


# ---- legal services: docket, caseload, the file ---------------------------------------------


def _docket_context(actor: Actor, attorney_id: int | None) -> dict[str, Any]:
    return {
        "matters": queries.docket_for(actor, attorney_id=attorney_id),
        "deadlines": queries.deadlines_for(actor, attorney_id=attorney_id),
        "caseloads": queries.caseloads_for(actor),
        "today": queries.today_at(actor),
    }


@actor_required
def docket(request: HttpRequest) -> HttpResponse:
    context = _docket_context(request.actor, None)  # type: ignore[attr-defined]
    return render(request, "legalservices/docket.html", {**context, "mine": False})


@actor_required
def caseload(request: HttpRequest) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    context = _docket_context(actor, actor.user_id)
    return render(request, "legalservices/docket.html", {**context, "mine": True})


def _matter_page(
    request: HttpRequest, matter_id: int, bound: dict[str, forms.Form], status: int = 200
) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    matter = queries.matter_file_for(actor, matter_id)
    forms_ = {
        "party_form": PartyForm(),
        "clear_form": ClearForm(),
        "accept_form": AcceptForm(attorneys=queries.attorneys_for(actor)),
        "decline_form": DeclineForm(),
        "refer_out_form": ReferOutForm(),
        "update_form": MatterUpdateForm(
            initial={"court": matter.court, "case_number": matter.case_number},
            attorneys=queries.attorneys_for(actor),
        ),
        "deadline_form": DeadlineForm(),
        "entry_form": EntryForm(),
        "outcome_form": OutcomeForm(),
        "document_form": DocumentForm(),
        "action_form": None,
        **bound,
    }
    context = {
        "matter": matter,
        "today": queries.today_at(actor),
        "awaiting_intake": matter.status == rules.REFERRED,
        "is_open": matter.status == rules.OPEN,
        "flagged": matter.conflict_state == rules.FLAGGED,
        "window": queries.settings_at(actor.site_id).reminder_window_days,
        **forms_,
    }
    return render(request, "legalservices/matter.html", context, status=status)


@actor_required
def matter(request: HttpRequest, matter_id: int) -> HttpResponse:
    return _matter_page(request, matter_id, {})


def _post(
    request: HttpRequest,
    matter_id: int,
    key: str,
    form: forms.Form,
    do: Callable[[Actor, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """Validate ``form``, run the action, and come back to the file: on refusal, with the
    form's errors and status 422, nothing saved."""
    actor: Actor = request.actor  # type: ignore[attr-defined]
    actor.require(WORK)
    if form.is_valid():
        try:
            do(actor, form.cleaned_data)
        except Refused as exc:
            _refused(form, exc)
        else:
            messages.success(request, done)
            return redirect("legalservices:matter", matter_id=matter_id)
    return _matter_page(request, matter_id, {key: form}, status=422)


@require_POST
@actor_required
def party_add(request: HttpRequest, matter_id: int) -> HttpResponse:
    return _post(
        request,
        matter_id,
        "party_form",
        PartyForm(request.POST),
        lambda a, d: actions.party_add(actor=a, matter_id=matter_id, **d),
        "Adverse party recorded.",
    )


@require_POST
@actor_required
def conflict_check(request: HttpRequest, matter_id: int) -> HttpResponse:
    return _post(
        request,
        matter_id,
        "action_form",
        forms.Form(request.POST),
        lambda a, d: actions.matter_conflict_check(actor=a, matter_id=matter_id),
        "Conflict check run.",
    )


@require_POST
@actor_required
def conflict_clear(request: HttpRequest, matter_id: int) -> HttpResponse:
    return _post(
        request,
        matter_id,
        "clear_form",
        ClearForm(request.POST),
        lambda a, d: actions.matter_conflict_clear(actor=a, matter_id=matter_id, **d),
        "Possible conflict cleared.",
    )


@require_POST
@actor_required
def accept(request: HttpRequest, matter_id: int) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    actor.require(WORK)
    return _post(
        request,
        matter_id,
        "accept_form",
        AcceptForm(request.POST, attorneys=queries.attorneys_for(actor)),
        lambda a, d: actions.matter_accept(
            actor=a, matter_id=matter_id, attorney=d["attorney"].get_username()
        ),
        "Matter accepted.",
    )


@require_POST
@actor_required
def decline(request: HttpRequest, matter_id: int) -> HttpResponse:
    return _post(
        request,
        matter_id,
        "decline_form",
        DeclineForm(request.POST),
        lambda a, d: actions.matter_decline(actor=a, matter_id=matter_id, **d),
        "Matter declined; the case manager sees the reason.",
    )


@require_POST
@actor_required
def refer_out(request: HttpRequest, matter_id: int) -> HttpResponse:
    return _post(
        request,
        matter_id,
        "refer_out_form",
        ReferOutForm(request.POST),
        lambda a, d: actions.matter_refer_out(actor=a, matter_id=matter_id, **d),
        "Matter referred elsewhere.",
    )


@require_POST
@actor_required
def update(request: HttpRequest, matter_id: int) -> HttpResponse:
    return _post(
        request,
        matter_id,
        "update_form",
        MatterUpdateForm(request.POST, attorneys=queries.attorneys_for(request.actor)),  # type: ignore[attr-defined]
        lambda a, d: actions.matter_update(
            actor=a,
            matter_id=matter_id,
            court=d["court"],
            case_number=d["case_number"],
            attorney=d["attorney"].get_username() if d["attorney"] else None,
        ),
        "Matter updated.",
    )


@require_POST
@actor_required
def deadline_add(request: HttpRequest, matter_id: int) -> HttpResponse:
    return _post(
        request,
        matter_id,
        "deadline_form",
        DeadlineForm(request.POST),
        lambda a, d: actions.deadline_add(actor=a, matter_id=matter_id, **d),
        "Deadline added.",
    )


@require_POST
@actor_required
def deadline_meet(request: HttpRequest, deadline_id: int) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    try:
        deadline = actions.deadline_meet(actor=actor, deadline_id=deadline_id)
    except Refused as exc:
        messages.error(request, f"{exc.field}: {exc.message}")
        return redirect("legalservices:docket")
    messages.success(request, "Deadline marked met.")
    return redirect("legalservices:matter", matter_id=deadline.matter_id)


@require_POST
@actor_required
def entry_add(request: HttpRequest, matter_id: int) -> HttpResponse:
    return _post(
        request,
        matter_id,
        "entry_form",
        EntryForm(request.POST),
        lambda a, d: actions.entry_add(actor=a, matter_id=matter_id, **d),
        "Added to the file.",
    )


@require_POST
@actor_required
def outcome_add(request: HttpRequest, matter_id: int) -> HttpResponse:
    return _post(
        request,
        matter_id,
        "outcome_form",
        OutcomeForm(request.POST),
        lambda a, d: actions.outcome_record(actor=a, matter_id=matter_id, **d),
        "Outcome recorded.",
    )


@require_POST
@actor_required
def close(request: HttpRequest, matter_id: int) -> HttpResponse:
    return _post(
        request,
        matter_id,
        "action_form",
        forms.Form(request.POST),
        lambda a, d: actions.matter_close(actor=a, matter_id=matter_id),
        "Matter closed.",
    )


@require_POST
@actor_required
def document_upload(request: HttpRequest, matter_id: int) -> HttpResponse:
    form = DocumentForm(request.POST, request.FILES)
    return _post(
        request,
        matter_id,
        "document_form",
        form,
        lambda a, d: actions.document_upload(
            actor=a,
            matter_id=matter_id,
            upload=d["file"],
            title=d["title"],
            privileged=d["privileged"],
        ),
        "Document uploaded.",
    )


@actor_required
def document_download(request: HttpRequest, document_id: int) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    response: HttpResponse = attachment(queries.document_for(actor, document_id, path=request.path))  # type: ignore[assignment]
    return response


@actor_required
def settings(request: HttpRequest) -> HttpResponse:
    actor: Actor = request.actor  # type: ignore[attr-defined]
    conf = queries.settings_for(actor)
    initial = {name: getattr(conf, name) for name in actions.SETTINGS_FIELDS}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.settings_update(actor=actor, changes=form.cleaned_data)
        except Refused as exc:
            _refused(form, exc)
        else:
            messages.success(request, "Settings saved.")
            return redirect("legalservices:settings")
    status = 422 if request.method == "POST" else 200
    return render(request, "legalservices/settings.html", {"form": form}, status=status)


# ---- the PCG report ---------------------------------------------------------------------------


@actor_required
def report(request: HttpRequest) -> HttpResponse:
    r = queries.report_for(request.actor)  # type: ignore[attr-defined]
    rows = {
        "types": [
            (rules.MATTER_TYPES[k], r.by_type.get(k, 0), r.median_days_by_type.get(k))
            for k in rules.MATTER_TYPES
        ],
        "statuses": [(rules.STATUSES[k], r.by_status.get(k, 0)) for k in rules.STATUSES],
        "outcomes": [
            (rules.OUTCOMES[k], r.outcome_counts.get(k, 0), r.outcome_totals.get(k))
            for k in rules.OUTCOMES
        ],
    }
    return render(request, "legalservices/report.html", {"report": r, **rows})
