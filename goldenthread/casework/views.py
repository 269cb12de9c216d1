"""Case-management pages: thin; they parse input, call an action or a query, and render."""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from goldenthread.access.actor import NotFound, Refused
from goldenthread.casework import actions, forms, queries, rules
from goldenthread.web.decorators import actor_required


def site_time(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Times typed into a form and shown on a page are in the site's time zone."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with timezone.override(request.actor.site.tz):  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _run(form: djforms.Form, fn: Callable[..., Any], **kwargs: Any) -> Any:
    """Call an action; a refusal becomes an error on the field it names (nothing was saved)."""
    try:
        return fn(**kwargs)
    except Refused as exc:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return None


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    status = 422 if request.method == "POST" else 200
    return render(request, f"casework/{template}", context, status=status)


def _pid_url(name: str, participant_id: int) -> str:
    return reverse(f"casework:{name}", kwargs={"participant_id": participant_id})


# Caseload ---------------------------------------------------------------------------------


@actor_required
def caseload(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    wanted = request.GET.get("cm", "")
    cm_id = int(wanted) if wanted.isdigit() else None
    rows, case_managers = queries.caseload_page(actor, cm_id)
    return render(
        request,
        "casework/caseload.html",
        {
            "rows": rows,
            "filter": forms.CaseloadFilter(
                initial={"cm": "" if cm_id is None else cm_id}, case_managers=case_managers
            ),
            "cm_id": cm_id,
            "inactive_after": actor.site.inactive_after_days,
            "form": forms.InactiveForm(),
        },
    )


@require_POST
@actor_required
def participant_inactive(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    form = forms.InactiveForm(request.POST)
    reason = form.data.get("reason", "") or "No contact: in the wind"
    try:
        actions.participant_mark_inactive(actor=actor, participant_id=participant_id, reason=reason)
    except Refused as exc:
        messages.error(request, f"{exc.field or 'state'}: {exc.message}")
    else:
        messages.success(request, "Marked inactive. They stay on the caseload.")
    return redirect("casework:caseload")


# The participant --------------------------------------------------------------------------


@actor_required
def participant(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    page = queries.participant_page(actor, participant_id, path=request.path)
    return render(
        request,
        "casework/participant.html",
        {
            "page": page,
            "p": page.participant,
            "can": _can(actor),
            "page_progress_limit": queries.PROGRESS_LIMIT,
        },
    )


def _can(actor: Any) -> dict[str, bool]:
    names = [
        "contact.log",
        "plan.edit",
        "status.record",
        "service.refer",
        "flex.request",
        "flex.view",
    ]
    return {n.replace(".", "_"): actor.can(f"casework.{n}") for n in names}


@actor_required
@site_time
def contacts(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    p, page = queries.contacts_page(
        actor, participant_id, request.GET.get("page"), path=request.path
    )
    return render(request, "casework/contacts.html", {"p": p, "contacts": page, "page": page})


@actor_required
@site_time
def history(request: HttpRequest, participant_id: int) -> HttpResponse:
    """The participant's whole history, newest first, a page at a time (``?page=2`` is older).
    A malformed page number is the first page; one past the end is an empty page."""
    actor = request.actor  # type: ignore[attr-defined]
    raw = request.GET.get("page", "1")
    # isdigit() alone lets "²" through, which int() refuses: parse, and fall back on failure.
    try:
        number = int(raw) if len(raw) < 7 else 1
    except ValueError:
        number = 1
    if not 1 <= number <= queries.HISTORY_MAX_PAGE:
        number = 1
    page = queries.history_for(actor, participant_id, number, path=request.path)
    return render(request, "casework/history.html", {"page": page, "p": page.participant})


@actor_required
@site_time
def contact_new(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    p = queries.participant_for(actor, participant_id, "casework.contact.log")
    if request.method == "POST":
        form = forms.ContactForm(request.POST)
        if form.is_valid():
            result = _run(
                form, actions.contact_log, actor=actor, participant_id=p.pk, **form.cleaned_data
            )
            if result is not None:
                _, created = result
                messages.success(
                    request, "Contact logged." if created else "That contact was already logged."
                )
                return redirect(_pid_url("participant", p.pk))
    else:
        draft = queries.draft_for(actor, p.pk)
        initial: dict[str, Any] = {"idempotency_key": forms.ContactForm.new_key(), "kind": "street"}
        if draft is not None:
            initial.update(draft.data, idempotency_key=draft.idempotency_key)
            initial["substantive"] = draft.data.get("substantive") in {"on", "true", "True"}
        form = forms.ContactForm(initial=initial)
    return _page(
        request,
        "contact_form.html",
        {"p": p, "form": form, "restored": request.method == "GET" and "note" in form.initial},
    )


@require_POST
@actor_required
def contact_draft(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    try:
        actions.contact_draft_save(
            actor=actor,
            participant_id=participant_id,
            idempotency_key=request.POST.get("idempotency_key", ""),
            data=request.POST.dict(),
        )
    except Refused as exc:
        return HttpResponse(f"Draft not saved: {exc.message}", status=exc.status)
    return HttpResponse("Draft saved.")


@actor_required
def goal_new(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    p = queries.participant_for(actor, participant_id, "casework.plan.edit")
    form = forms.GoalForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(form, actions.goal_add, actor=actor, participant_id=p.pk, **form.cleaned_data)
    ):
        messages.success(request, "Goal added.")
        return redirect(_pid_url("participant", p.pk))
    return _page(request, "form.html", {"p": p, "form": form, "title": "New goal"})


@actor_required
def step_new(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    goal = queries.goal_for(actor, goal_id, "casework.plan.edit")
    form = forms.StepForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(form, actions.step_add, actor=actor, goal_id=goal.pk, **form.cleaned_data)
    ):
        messages.success(request, "Step added.")
        return redirect(_pid_url("participant", goal.participant_id))
    ctx = {"p": goal.participant, "form": form, "title": f"New step — {goal}"}
    return _page(request, "form.html", ctx)


@require_POST
@actor_required
def step_done(request: HttpRequest, step_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    step = actions.step_complete(actor=actor, step_id=step_id)
    messages.success(request, "Step done.")
    return redirect(_pid_url("participant", step.goal.participant_id))


@actor_required
def goal_progress(request: HttpRequest, goal_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    goal = queries.goal_for(actor, goal_id, "casework.plan.edit")
    form = forms.ProgressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _run(
            form,
            actions.goal_progress_add,
            actor=actor,
            goal_id=goal.pk,
            note=data["note"],
            state=data["state"] or None,
        ):
            messages.success(request, "Progress noted.")
            return redirect(_pid_url("participant", goal.participant_id))
    ctx = {"p": goal.participant, "form": form, "title": f"Progress — {goal}"}
    return _page(request, "form.html", ctx)


@actor_required
def status_new(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    p = queries.participant_for(actor, participant_id, "casework.status.record")
    form = forms.StatusForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(form, actions.status_record, actor=actor, participant_id=p.pk, **form.cleaned_data)
    ):
        messages.success(request, "Status recorded.")
        return redirect(_pid_url("participant", p.pk))
    return _page(request, "form.html", {"p": p, "form": form, "title": "Record a status"})


@actor_required
def service_new(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    p = queries.participant_for(actor, participant_id, "casework.service.refer")
    form = forms.ServiceReferralForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(form, actions.service_refer, actor=actor, participant_id=p.pk, **form.cleaned_data)
    ):
        messages.success(request, "Referral sent.")
        return redirect(_pid_url("participant", p.pk))
    return _page(request, "form.html", {"p": p, "form": form, "title": "Refer to a service"})


@actor_required
def service_update(request: HttpRequest, referral_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    referral = queries.service_referral_for(actor, referral_id, "casework.service.refer")
    form = forms.ServiceUpdateForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(
            form, actions.service_update, actor=actor, referral_id=referral.pk, **form.cleaned_data
        )
    ):
        messages.success(request, "Referral updated.")
        return redirect(_pid_url("participant", referral.participant_id))
    title = f"{referral.get_kind_display()} — {referral.provider} ({referral.status})"
    return _page(request, "form.html", {"form": form, "title": title})


# Team -------------------------------------------------------------------------------------


@actor_required
def team(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    loads = queries.team_caseloads(actor)
    staff, coverage = queries.team_staff(actor)
    ctx = {
        "loads": loads,
        "staff": staff,
        "coverage": coverage,
        "unassigned": queries.unassigned_count(actor),
        "site": actor.site,
    }
    return render(request, "casework/team.html", ctx)


@actor_required
def reassign(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("casework.reassign")
    cms = list(queries.case_managers(actor))
    wanted = request.GET.get("from", "")
    people = queries.open_participants(actor, int(wanted) if wanted.isdigit() else None)
    form = forms.ReassignForm(request.POST or None, cms=cms, participants=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        moves = _run(
            form,
            actions.caseload_reassign,
            actor=actor,
            participant_ids=data["participant_ids"],
            to_user_id=data["to_user_id"],
            reason=data["reason"],
        )
        if moves is not None:
            messages.success(request, f"{len(moves)} participant(s) moved.")
            return redirect("casework:team")
    # A role that may break the glass but does not read clinical records here gets a way to
    # open one in an emergency (access:breakglass_open; time-limited, logged, reviewed).
    emergency = actor.can("breakglass.use") and not actor.can("casework.participant.view")
    ctx = {"form": form, "cms": cms, "from": wanted, "emergency": emergency}
    return _page(request, "reassign.html", ctx)


@actor_required
def profile(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    mine = queries.profile_of(actor)
    initial = {
        "credentials": mine.credentials,
        "clinical_credential": mine.clinical_credential,
        "provides_supervision": mine.provides_supervision,
        "trainings": ", ".join(mine.trainings),
        "languages": ", ".join(mine.languages),
        "lived_experience": mine.lived_experience,
    }
    form = forms.ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["trainings"] = forms.split_list(data["trainings"])
        data["languages"] = forms.split_list(data["languages"])
        if _run(form, actions.profile_save, actor=actor, **data):
            messages.success(request, "Profile saved.")
            return redirect("casework:profile")
    return _page(request, "form.html", {"form": form, "title": "My staff profile"})


@actor_required
def advocate(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    rows = queries.advocate_worklist(actor)
    return render(request, "casework/advocate.html", {"rows": rows})


# Flex funds -------------------------------------------------------------------------------


@actor_required
def flex(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    status = request.GET.get("status") or None
    ctx = {
        "requests": queries.flex_requests_for(actor, status),
        "pools": queries.pools_for(actor),
        "status": status,
        "statuses": queries.FlexFundRequest.Status.choices,
    }
    return render(request, "casework/flex.html", ctx)


@actor_required
def flex_new(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    p = queries.participant_for(actor, participant_id, "casework.flex.request")
    pools = queries.pools_for(actor)
    goals = [g for g in queries.goals_for(actor, p) if g.state == "open"]
    form = forms.FlexRequestForm(request.POST or None, pools=pools, goals=goals)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["pool_id"], data["goal_id"] = data.pop("pool"), data.pop("goal")
        made = _run(form, actions.flex_request_submit, actor=actor, participant_id=p.pk, **data)
        if made is not None:
            messages.success(request, f"Request {made.get_status_display().lower()}.")
            return redirect("casework:flex_detail", request_id=made.pk)
    threshold = queries.settings_for(actor).flex_approval_threshold
    ctx = {"p": p, "form": form, "threshold": threshold, "always": rules.SUPERVISOR_CATEGORIES}
    return _page(request, "flex_form.html", ctx)


@actor_required
def flex_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    item = queries.flex_request_for(actor, request_id, path=request.path)
    ctx = {
        "r": item,
        "decide": forms.DecideForm(),
        "disburse": forms.DisburseForm(),
        "can_approve": actor.can("casework.flex.approve"),
        "can_disburse": actor.can("casework.flex.disburse"),
    }
    return render(request, "casework/flex_detail.html", ctx)


@require_POST
@actor_required
def flex_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    form = forms.DecideForm(request.POST)
    if form.is_valid():
        done = _run(
            form,
            actions.flex_request_decide,
            actor=actor,
            request_id=request_id,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
        if done is not None:
            messages.success(request, f"Request {done.get_status_display().lower()}.")
            return redirect("casework:flex_detail", request_id=request_id)
    item = queries.flex_request_for(actor, request_id)
    ctx = {"r": item, "decide": form, "disburse": forms.DisburseForm(), "can_approve": True}
    return _page(request, "flex_detail.html", ctx)


@require_POST
@actor_required
def flex_disburse(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    form = forms.DisburseForm(request.POST, request.FILES)
    if form.is_valid():
        done = _run(
            form,
            actions.flex_request_disburse,
            actor=actor,
            request_id=request_id,
            **form.cleaned_data,
        )
        if done is not None:
            messages.success(request, "Disbursement recorded.")
            return redirect("casework:flex_detail", request_id=request_id)
    item = queries.flex_request_for(actor, request_id)
    ctx = {"r": item, "decide": forms.DecideForm(), "disburse": form, "can_disburse": True}
    return _page(request, "flex_detail.html", ctx)


@actor_required
def flex_receipt(request: HttpRequest, request_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    item = queries.flex_request_for(actor, request_id, path=request.path)
    if not item.receipt:
        raise NotFound()
    response: HttpResponse = FileResponse(item.receipt.open("rb"), as_attachment=True)  # type: ignore[assignment]
    return response


@actor_required
def pools(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("casework.flex.pools")
    form = forms.PoolForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(form, actions.pool_create, actor=actor, **form.cleaned_data)
    ):
        messages.success(request, "Pool created.")
        return redirect("casework:pools")
    return _page(request, "pools.html", {"form": form, "pools": queries.pools_for(actor)})


@actor_required
def ledger(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    report = queries.ledger_report(actor, request.GET.get("by", "pool"))
    ctx = {
        "report": report,
        "entries": queries.ledger_entries(actor),
        "groups": [(k, v[1]) for k, v in queries.REPORT_GROUPS.items()],
        "reverse_form": forms.ReverseForm(),
    }
    return render(request, "casework/ledger.html", ctx)


@actor_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    report = queries.ledger_report(actor, request.GET.get("by", "pool"))
    response = HttpResponse(content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="flex-funds-by-{report.by}.csv"'
    out = csv.writer(response)
    out.writerow([report.heading, "total", "entries"])
    for label, total, count in report.rows:
        out.writerow([label, f"{total:.2f}", count])
    out.writerow(["All pools", f"{report.total:.2f}", ""])
    return response


@require_POST
@actor_required
def ledger_reverse(request: HttpRequest, entry_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    try:
        actions.ledger_reverse(
            actor=actor, entry_id=entry_id, reason=request.POST.get("reason", "")
        )
    except Refused as exc:
        messages.error(request, f"{exc.field or 'entry'}: {exc.message}")
    else:
        messages.success(request, "Reversing entry posted.")
    return redirect("casework:ledger")


@actor_required
def settings(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("casework.settings")
    conf = queries.settings_for(actor)
    initial = {name: getattr(conf, name) for name in actions.SETTINGS_FIELDS}
    form = forms.SettingsForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and _run(form, actions.settings_update, actor=actor, changes=form.cleaned_data)
    ):
        messages.success(request, "Settings saved.")
        return redirect("casework:settings")
    return _page(request, "form.html", {"form": form, "title": "Case-management settings"})
