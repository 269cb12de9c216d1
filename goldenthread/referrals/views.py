"""Referrals pages: thin, through the same actions and queries as the API. Times show in the
site's own time zone."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from goldenthread.access.actor import Actor, Refused
from goldenthread.core.models import Membership
from goldenthread.core.roles import Role
from goldenthread.governance import queries as governance_queries
from goldenthread.referrals import actions, queries, rules
from goldenthread.referrals.forms import (
    AdoptForm,
    IntakeForm,
    OverrideForm,
    PolicyVersionForm,
    ReferralForm,
    ReorderForm,
    SettingsForm,
)
from goldenthread.referrals.models import Referral
from goldenthread.web.decorators import actor_required

FILING_NOTE = "May be referred for filing"
# The buttons on a referral's page, each shown only to roles that may use it.
ACTIONS_SHOWN = (
    "people",
    "handoff",
    "screen",
    "override",
    "decline",
    "intake",
    "enroll",
    "queue_manage",
)
# The fields an officer fills in on the street; the rest sit behind "more".
QUICK_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "offence_category",
    "probable_cause",
    "charge",
    "arrest_report_number",
)


def site_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in with a membership, and the site's time zone for parsing and display."""

    @actor_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with timezone.override(request.actor.site.tz):  # type: ignore[attr-defined]
            return view(request, request.actor, *args, **kwargs)  # type: ignore[attr-defined]

    return wrapper


def _case_managers(actor: Actor) -> list[tuple[int, str]]:
    members = Membership.objects.filter(
        site_id=actor.site_id, role=Role.CM, active=True
    ).select_related("user")
    return [(m.user_id, m.user.get_full_name() or m.user.get_username()) for m in members]


@site_view
def referral_list(request: HttpRequest, actor: Actor) -> HttpResponse:
    if not actor.can("referrals.view"):
        rows = queries.police_rows(actor, limit=200)
        return render(request, "referrals/police_list.html", {"referrals": rows})
    actions.referrals_expire(site=actor.site)
    state = request.GET.get("state", "")
    referrals = queries.referrals_for(actor)
    if state in Referral.State.values:
        referrals = referrals.filter(state=state)
    context = {
        "referrals": referrals[:200],
        "states": Referral.State.choices,
        "state": state,
        "capacity": queries.capacity_for(actor),
    }
    return render(request, "referrals/list.html", context)


def _default_area(actor: Actor) -> str:
    last = (
        Referral.objects.filter(site_id=actor.site_id, referred_by=actor.user)
        .exclude(area="")
        .first()
    )
    return last.area if last else ""


@site_view
def referral_new(request: HttpRequest, actor: Actor) -> HttpResponse:
    actor.require("referrals.create")
    form = ReferralForm(request.POST or None, initial={"area": _default_area(actor)})
    if request.method == "POST" and form.is_valid():
        try:
            referral = actions.referral_create(
                actor=actor, data=actions.ReferralInput(**form.input_data())
            )
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, f"Referral #{referral.pk} sent. Status: {referral.police_status}."
            )
            return redirect("referrals:detail", referral_id=referral.pk)
    status = 422 if request.method == "POST" else 200
    more = [form[name] for name in form.fields if name not in QUICK_FIELDS and name != "door"]
    context = {
        "form": form,
        "agency": actor.agency,
        "quick": [form[name] for name in QUICK_FIELDS],
        "more": more,
        "more_open": any(field.errors for field in more),
    }
    return render(request, "referrals/new.html", context, status=status)


def _detail_context(actor: Actor, referral: Referral, **extra: Any) -> dict[str, Any]:
    now = timezone.now()
    deadline = rules.handoff_deadline(referral.contact_at, actor.site.handoff_target_minutes)
    matches = (
        queries.possible_duplicates(
            actor,
            first_name=referral.first_name,
            last_name=referral.last_name,
            date_of_birth=referral.date_of_birth,
            aliases=referral.aliases,
            exclude_id=referral.person_id,
        )
        if actor.can("referrals.people")
        else []
    )
    context: dict[str, Any] = {
        "referral": referral,
        "screenings": list(queries.screenings_for(actor, referral)),
        "changes": referral.changes.select_related("changed_by"),
        "matches": matches,
        "links": queries.links_for(actor, referral.person_id) if referral.person_id else [],
        "handoff_deadline": deadline,
        "minutes_left": rules.minutes_left(deadline, now),
        "overdue_minutes": max(0, -rules.minutes_left(deadline, now)),
        "intake_form": IntakeForm(
            case_managers=_case_managers(actor),
            initial={
                "assessment": referral.assessment,
                "roi_signed": referral.roi_signed,
                "roi_signed_on": referral.roi_signed_on,
                "assigned_cm_id": referral.assigned_cm_id or actor.user_id,
            },
        ),
        "override_form": OverrideForm(),
        "can": {name: actor.can(f"referrals.{name}") for name in ACTIONS_SHOWN},
        "versions": [v for p in queries.policies_for(actor) for v in p.versions.all()],
        "errors": {},
    }
    context.update(extra)
    return context


@site_view
def referral_detail(request: HttpRequest, actor: Actor, referral_id: int) -> HttpResponse:
    if not actor.can("referrals.view"):
        referral = queries.status_for(actor, referral_id)
        return render(request, "referrals/police_detail.html", {"referral": referral})
    actions.referrals_expire(site=actor.site)
    referral = queries.referral_read(actor, referral_id, path=request.path)
    return render(request, "referrals/detail.html", _detail_context(actor, referral))


def _run(
    request: HttpRequest,
    actor: Actor,
    referral_id: int,
    key: str,
    call: Callable[[], Any],
    done: str,
    **extra: Any,
) -> HttpResponse:
    """Run one action from the detail page: back to it on success, or the page again with the
    refusal beside the form that caused it (422, or 409 for a conflict)."""
    try:
        call()
    except Refused as exc:
        referral = queries.referral_for(actor, referral_id)
        context = _detail_context(actor, referral, errors={key: exc.message}, **extra)
        return render(request, "referrals/detail.html", context, status=exc.status)
    messages.success(request, done)
    return redirect("referrals:detail", referral_id=referral_id)


@require_POST
@site_view
def referral_identify(request: HttpRequest, actor: Actor, referral_id: int) -> HttpResponse:
    choice = request.POST.get("person", "")
    person_id = int(choice) if choice.isdigit() else None
    return _run(
        request,
        actor,
        referral_id,
        "identify",
        lambda: actions.referral_identify(
            actor=actor, referral_id=referral_id, person_id=person_id, confirm_new=choice == "new"
        ),
        "Person recorded.",
    )


@require_POST
@site_view
def referral_handoff(request: HttpRequest, actor: Actor, referral_id: int) -> HttpResponse:
    return _run(
        request,
        actor,
        referral_id,
        "handoff",
        lambda: actions.referral_handoff(actor=actor, referral_id=referral_id),
        "Warm hand-off taken.",
    )


@require_POST
@site_view
def referral_screen(request: HttpRequest, actor: Actor, referral_id: int) -> HttpResponse:
    version = request.POST.get("policy_version_id", "")
    return _run(
        request,
        actor,
        referral_id,
        "screen",
        lambda: actions.referral_screen(
            actor=actor,
            referral_id=referral_id,
            policy_version_id=int(version) if version.isdigit() else None,
        ),
        "Screened.",
    )


@require_POST
@site_view
def screening_override(request: HttpRequest, actor: Actor, screening_id: int) -> HttpResponse:
    actor.require("referrals.override")
    screening = queries.screening_for(actor, screening_id)
    form = OverrideForm(request.POST)
    return _run(
        request,
        actor,
        screening.referral_id,
        "override",
        lambda: actions.screening_override(
            actor=actor,
            screening_id=screening_id,
            result=form.data.get("result", ""),
            reason=form.data.get("reason", ""),
        ),
        "Decision recorded.",
        override_form=form,
    )


@require_POST
@site_view
def referral_decline(request: HttpRequest, actor: Actor, referral_id: int) -> HttpResponse:
    return _run(
        request,
        actor,
        referral_id,
        "decline",
        lambda: actions.referral_decline(
            actor=actor, referral_id=referral_id, reason=request.POST.get("reason", "")
        ),
        "Recorded as declined.",
    )


@require_POST
@site_view
def referral_intake(request: HttpRequest, actor: Actor, referral_id: int) -> HttpResponse:
    actor.require("referrals.intake")
    queries.referral_for(actor, referral_id)
    form = IntakeForm(request.POST, case_managers=_case_managers(actor))
    if not form.is_valid():
        referral = queries.referral_for(actor, referral_id)
        context = _detail_context(actor, referral, intake_form=form)
        return render(request, "referrals/detail.html", context, status=422)
    return _run(
        request,
        actor,
        referral_id,
        "intake",
        lambda: actions.referral_intake(actor=actor, referral_id=referral_id, **form.cleaned_data),
        "Intake recorded.",
        intake_form=form,
    )


@require_POST
@site_view
def referral_enroll(request: HttpRequest, actor: Actor, referral_id: int) -> HttpResponse:
    return _run(
        request,
        actor,
        referral_id,
        "enroll",
        lambda: actions.referral_enroll(actor=actor, referral_id=referral_id),
        "Enrolled: the participant is created.",
    )


@require_POST
@site_view
def referral_admit(request: HttpRequest, actor: Actor, referral_id: int) -> HttpResponse:
    return _run(
        request,
        actor,
        referral_id,
        "admit",
        lambda: actions.referral_admit(actor=actor, referral_id=referral_id),
        "Taken off the queue: intake can start.",
    )


@require_POST
@site_view
def queue_reorder(request: HttpRequest, actor: Actor, referral_id: int) -> HttpResponse:
    actor.require("referrals.queue_reorder")
    form = ReorderForm(request.POST)
    try:
        if not form.is_valid():
            raise Refused("give the points and a reason", field="points")
        actions.queue_reorder(actor=actor, referral_id=referral_id, **form.cleaned_data)
    except Refused as exc:
        return render(
            request,
            "referrals/queue.html",
            {
                "entries": queries.queue_for(actor),
                "errors": {referral_id: exc.message},
                "can_reorder": True,
            },
            status=exc.status,
        )
    messages.success(request, "Queue reordered; the reason is recorded.")
    return redirect("referrals:queue")


@require_POST
@site_view
def person_link(request: HttpRequest, actor: Actor, referral_id: int) -> HttpResponse:
    referral = queries.referral_for(actor, referral_id)
    other = request.POST.get("other_id", "")
    return _run(
        request,
        actor,
        referral_id,
        "link",
        lambda: actions.person_link(
            actor=actor,
            person_id=referral.person_id or 0,
            other_id=int(other) if other.isdigit() else 0,
            reason=request.POST.get("reason", "Possible duplicate"),
        ),
        "Linked (not merged).",
    )


@require_POST
@site_view
def person_unlink(request: HttpRequest, actor: Actor, link_id: int) -> HttpResponse:
    actions.person_unlink(actor=actor, link_id=link_id)
    messages.success(request, "Link undone.")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("referrals:list")


@site_view
def oncall(request: HttpRequest, actor: Actor) -> HttpResponse:
    """New arrest diversions with a live countdown (HTMX polls the same page's rows)."""
    context = {
        "entries": queries.oncall_for(actor),
        "notifications": queries.failed_notifications_for(actor)[:50],
        "target": actor.site.handoff_target_minutes,
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "referrals/oncall.html#rows", context)
    return render(request, "referrals/oncall.html", context)


@require_POST
@site_view
def notification_retry(request: HttpRequest, actor: Actor, notification_id: int) -> HttpResponse:
    try:
        actions.notification_retry(actor=actor, notification_id=notification_id)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Sent again.")
    return redirect("referrals:oncall")


@site_view
def filing_queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    actor.require("referrals.filing_queue")
    actions.referrals_expire(site=actor.site)
    entries = queries.filing_queue_read(actor, path=request.path)
    context = {"entries": entries, "note": FILING_NOTE, "legal": actor.can("legal.view")}
    return render(request, "referrals/filing_queue.html", context)


@site_view
def queue(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(
        request,
        "referrals/queue.html",
        {
            "entries": queries.queue_for(actor),
            "capacity": queries.capacity_for(actor),
            "errors": {},
            "can_reorder": actor.can("referrals.queue_reorder"),
        },
    )


@site_view
def capacity(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "referrals/capacity.html", {"capacity": queries.capacity_for(actor)})


@site_view
def policies(request: HttpRequest, actor: Actor) -> HttpResponse:
    error = ""
    if request.method == "POST":
        try:
            version = actions.policy_create(actor=actor, name=request.POST.get("name", ""))
        except Refused as exc:
            error = exc.message
        else:
            return redirect("referrals:policy_version", version_id=version.pk)
    context = {
        "policies": queries.policies_for(actor),
        "error": error,
        "can_edit": actor.can("referrals.policy_edit"),
    }
    return render(request, "referrals/policies.html", context, status=422 if error else 200)


def _governance(actor: Actor, version: Any) -> dict[str, Any]:
    """Where the version stands with the PCG: whether the site has one, and its decision."""
    return {
        "has_pcg": governance_queries.has_pcg(actor.site_id),
        "decision": governance_queries.decision_adopted(actor.site_id, version.SUBJECT, version.pk),
        "can_propose": actor.can("referrals.policy_adopt") and actor.can("governance.manage"),
    }


@site_view
def policy_version(request: HttpRequest, actor: Actor, version_id: int) -> HttpResponse:
    version = queries.policy_version_for(actor, version_id)
    form = PolicyVersionForm(request.POST or None, initial=PolicyVersionForm.initial_from(version))
    if request.method == "POST":
        actor.require("referrals.policy_edit")
        if form.is_valid():
            changes = form.changes()
            if form.is_valid():
                try:
                    actions.policy_version_update(
                        actor=actor, version_id=version_id, changes=changes
                    )
                except Refused as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    messages.success(request, "Draft saved.")
                    return redirect("referrals:policy_version", version_id=version_id)
    context = {
        "version": version,
        "form": form,
        "adopt_form": AdoptForm(),
        "can_edit": actor.can("referrals.policy_edit"),
        **_governance(actor, version),
    }
    return render(
        request,
        "referrals/policy_version.html",
        context,
        status=422 if request.method == "POST" else 200,
    )


@require_POST
@site_view
def policy_draft(request: HttpRequest, actor: Actor, policy_id: int) -> HttpResponse:
    try:
        version = actions.policy_draft(actor=actor, policy_id=policy_id)
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect("referrals:policies")
    return redirect("referrals:policy_version", version_id=version.pk)


@require_POST
@site_view
def policy_propose(request: HttpRequest, actor: Actor, version_id: int) -> HttpResponse:
    actor.require("referrals.policy_adopt")
    queries.policy_version_for(actor, version_id)
    try:
        actions.policy_propose(actor=actor, version_id=version_id)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Proposed to the PCG: its members now record their positions.")
    return redirect("referrals:policy_version", version_id=version_id)


@require_POST
@site_view
def policy_adopt(request: HttpRequest, actor: Actor, version_id: int) -> HttpResponse:
    actor.require("referrals.policy_adopt")
    version = queries.policy_version_for(actor, version_id)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            actions.policy_adopt(actor=actor, version_id=version_id, **form.cleaned_data)
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Adoption recorded.")
            return redirect("referrals:policy_version", version_id=version_id)
    context = {
        "version": version,
        "form": PolicyVersionForm(initial=PolicyVersionForm.initial_from(version)),
        "adopt_form": form,
        "can_edit": True,
        **_governance(actor, version),
    }
    return render(request, "referrals/policy_version.html", context, status=422)


@site_view
def referral_settings(request: HttpRequest, actor: Actor) -> HttpResponse:
    actor.require("referrals.settings")
    config = queries.settings_for(actor.site_id)
    initial = {name: getattr(config, name) for name in actions.SETTINGS_FIELDS}
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.referral_settings_update(actor=actor, changes=form.cleaned_data)
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Referral settings saved.")
            return redirect("referrals:settings")
    status = 422 if request.method == "POST" else 200
    return render(
        request, "referrals/settings.html", {"form": form, "site": actor.site}, status=status
    )
