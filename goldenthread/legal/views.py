"""Pages for legal coordination: thin, over the same actions and queries as the API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goldenthread.access.actor import Refused
from goldenthread.disclosures.rules import PART2_NOTICE
from goldenthread.legal import actions, queries, rules
from goldenthread.legal.forms import (
    BaselineForm,
    CaseForm,
    ChargeForm,
    CourtDateForm,
    DecisionForm,
    PolicyForm,
    ReviewForm,
    WarrantForm,
)
from goldenthread.web.decorators import actor_required

ALIASES = {"basis": "basis_0_kind"}


def add_refusal(form: forms.Form, exc: Refused) -> None:
    name = ALIASES.get(exc.field or "", exc.field)
    form.add_error(name if name in form.fields else None, exc.message)


@actor_required
def worklist(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    work = queries.worklist_page(actor, path=request.path)
    context = {
        "work": work,
        "notice": PART2_NOTICE,
        "can_create": actor.can("legal.case.create"),
        "is_prosecutor": actor.can("legal.decide"),
    }
    return render(request, "legal/worklist.html", context)


# Each worklist section's URL name (legal:<name>), by its slug in legal.queries.SECTIONS.
SECTION_URLS = {slug: f"worklist_{slug.replace('-', '_')}" for slug in queries.SECTIONS}


@actor_required
def worklist_section(request: HttpRequest, section: str) -> HttpResponse:
    """One section of the worklist, a page at a time (``?page=2``)."""
    actor = request.actor  # type: ignore[attr-defined]
    part = queries.worklist_section(actor, section, request.GET.get("page"), path=request.path)
    return render(request, "legal/worklist_section.html", {"part": part})


@actor_required
def case_create(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("legal.case.create")
    form = CaseForm(
        request.POST or None,
        site_id=actor.site_id,
        participants=queries.case_participants(actor),
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.legal_case_create(actor=actor, **form.action_kwargs())
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "Case recorded.")
            return redirect("legal:case_detail", case_id=case.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "legal/case_form.html", {"form": form}, status=status)


def _case_page(
    request: HttpRequest, case_id: int, status: int = 200, **forms_: Any
) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    case = queries.case_for(actor, case_id, path=request.path)
    context = {
        "case": case,
        "lead_status": queries.participant_status(actor, case),
        "can_manage": actor.can("legal.manage"),
        "can_decide": actor.can("legal.decide"),
        "charge_form": forms_.get("charge_form") or ChargeForm(),
        "court_date_form": forms_.get("court_date_form") or CourtDateForm(),
        "warrant_form": forms_.get("warrant_form") or WarrantForm(),
        "baseline_form": forms_.get("baseline_form")
        or BaselineForm(initial={"baseline": case.baseline}),
    }
    return render(request, "legal/case_detail.html", context, status=status)


@actor_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_page(request, case_id)


def _case_post(
    request: HttpRequest,
    case_id: int,
    form_cls: type[forms.Form],
    form_name: str,
    act: Callable[..., Any],
    done: str,
) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    form = form_cls(request.POST)
    form.is_valid()
    try:
        act(actor=actor, case_id=case_id, **form.cleaned_data)
    except Refused as exc:
        add_refusal(form, exc)
        return _case_page(request, case_id, status=422, **{form_name: form})
    messages.success(request, done)
    return redirect("legal:case_detail", case_id=case_id)


@require_POST
@actor_required
def charge_add(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_post(
        request, case_id, ChargeForm, "charge_form", actions.charge_add, "Charge added."
    )


@require_POST
@actor_required
def court_date_add(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_post(
        request,
        case_id,
        CourtDateForm,
        "court_date_form",
        actions.court_date_add,
        "Court date added.",
    )


@require_POST
@actor_required
def warrant_record(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_post(
        request, case_id, WarrantForm, "warrant_form", actions.warrant_record, "Warrant recorded."
    )


@require_POST
@actor_required
def baseline_set(request: HttpRequest, case_id: int) -> HttpResponse:
    return _case_post(
        request, case_id, BaselineForm, "baseline_form", actions.baseline_set, "Baseline recorded."
    )


@actor_required
def decision_record(request: HttpRequest, case_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("legal.decide")
    case = queries.case_for(actor, case_id, path=request.path)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = actions.decision_record(actor=actor, case_id=case_id, **form.action_kwargs())
        except Refused as exc:
            add_refusal(form, exc)
        else:
            note = " It is flagged for Golden Rule review." if decision.flagged_for_review else ""
            messages.success(request, f"Decision recorded.{note}")
            return redirect("legal:case_detail", case_id=case_id)
    status = 422 if request.method == "POST" else 200
    return render(request, "legal/decision_form.html", {"case": case, "form": form}, status=status)


def _reviews_page(request: HttpRequest, status: int = 200, form: ReviewForm | None = None):  # type: ignore[no-untyped-def]
    actor = request.actor  # type: ignore[attr-defined]
    rows = queries.review_queue_for(actor, path=request.path)
    context = {"rows": rows, "form": form or ReviewForm()}
    return render(request, "legal/reviews.html", context, status=status)


@actor_required
def reviews(request: HttpRequest) -> HttpResponse:
    return _reviews_page(request)


@require_POST
@actor_required
def review_record(request: HttpRequest, decision_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        actions.decision_review_record(actor=actor, decision_id=decision_id, **form.cleaned_data)
    except Refused as exc:
        add_refusal(form, exc)
        return _reviews_page(request, status=422, form=form)
    messages.success(request, "Review recorded.")
    return redirect("legal:reviews")


@actor_required
def settings(request: HttpRequest) -> HttpResponse:
    """The site's Golden Rule look-back and hold warning (PM or site admin)."""
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("legal.settings")
    policy = queries.policy_for(actor.site_id)
    initial = {name: getattr(policy, name) for name in rules.POLICY_RANGES}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.legal_policy_update(actor=actor, changes=form.cleaned_data)
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "Settings saved.")
            return redirect("legal:settings")
    status = 422 if request.method == "POST" else 200
    return render(request, "legal/settings.html", {"form": form}, status=status)
