"""Emergency access pages: open a record with a reason; review the queue."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goldenthread.access import actions, queries
from goldenthread.access.actor import Refused
from goldenthread.access.forms import BreakGlassForm, BreakGlassReviewForm
from goldenthread.core.queries import participant_for
from goldenthread.web.decorators import actor_required


@actor_required
def breakglass_open(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("breakglass.use")
    participant = participant_for(actor, participant_id)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.breakglass_open(
                actor=actor,
                participant_id=participant.pk,
                reason=form.cleaned_data["reason"],
                hours=form.cleaned_data["hours"],
            )
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.warning(request, "Emergency access opened. It is logged and will be reviewed.")
            return redirect("home")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "access/breakglass_open.html",
        {"form": form, "participant": participant},
        status=status,
    )


@actor_required
def breakglass_queue(request: HttpRequest) -> HttpResponse:
    grants = queries.breakglass_queue(request.actor)  # type: ignore[attr-defined]
    return render(
        request, "access/breakglass_queue.html", {"grants": grants, "form": BreakGlassReviewForm()}
    )


@require_POST
@actor_required
def breakglass_review(request: HttpRequest, grant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("breakglass.review")
    form = BreakGlassReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "outcome: choose justified or not justified.")
        return redirect("access:breakglass_queue")
    try:
        actions.breakglass_review(
            actor=actor,
            grant_id=grant_id,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Review recorded.")
    return redirect("access:breakglass_queue")
