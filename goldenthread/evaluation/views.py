"""Evaluation pages: thin views over the same actions and queries as the API."""

from __future__ import annotations

import json
from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goldenthread.access.actor import NotFound, Refused
from goldenthread.evaluation import actions, exports, queries, report, tasks
from goldenthread.evaluation.forms import ComparisonForm, ImportForm, SourceForm, UnitCostsForm
from goldenthread.web.decorators import actor_required


@actor_required
def home(request: HttpRequest) -> HttpResponse:
    """PM: sources, imports, the review queue, runs and exports. Evaluator: runs and the
    de-identified export only."""
    actor = request.actor  # type: ignore[attr-defined]
    context: dict = {"outcome_runs": queries.outcome_runs_for(actor)[:20]}
    if actor.can("evaluation.import"):
        context["sources"] = queries.source_summaries(actor)
        context["runs"] = queries.import_runs_for(actor)[:20]
        context["pending"] = queries.pending_review_count(actor)
    if actor.can("evaluation.export_hmis"):
        context["hmis_notice"] = exports.PART2_NOTICE
    return render(request, "evaluation/home.html", context)


@actor_required
def sources(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    listing = queries.sources_for(actor)
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.source_save(actor=actor, **form.cleaned_data)
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Source saved.")
            return redirect("evaluation:sources")
    status = 422 if request.method == "POST" else 200
    mapped = [(s, json.dumps(s.column_map, indent=1)) for s in listing]
    return render(
        request, "evaluation/sources.html", {"form": form, "mapped": mapped}, status=status
    )


@actor_required
def import_new(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    form = ImportForm(
        request.POST or None, request.FILES or None, sources=queries.sources_for(actor)
    )
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.import_run_create(
                actor=actor,
                source_id=form.cleaned_data["source"].pk,
                upload=form.cleaned_data.get("file"),
            )
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            tasks.import_legal_events.enqueue(run.pk, actor.membership.pk)
            return redirect("evaluation:import_detail", run_id=run.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "evaluation/import_new.html", {"form": form}, status=status)


@actor_required
def import_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    run = queries.import_run_for(actor, run_id, path=request.path)
    template = (
        "evaluation/import_status.html"
        if getattr(request, "htmx", False)
        else "evaluation/import_detail.html"
    )
    return render(request, template, {"run": run})


@actor_required
def reviews(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    return render(request, "evaluation/reviews.html", {"reviews": queries.reviews_for(actor)[:200]})


@actor_required
def review_detail(request: HttpRequest, review_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    error = ""
    if request.method == "POST":
        choice = request.POST.get("person_id", "")
        try:
            person_id = int(choice) if choice not in {"", "none"} else None
            if choice == "":
                raise Refused("choose a candidate, or 'none of them'", field="person_id")
            actions.match_review_resolve(actor=actor, review_id=review_id, person_id=person_id)
        except ValueError:
            error = "choose a candidate, or 'none of them'"
        except Refused as exc:
            error = exc.message
        else:
            messages.success(request, "Match decided.")
            return redirect("evaluation:reviews")
    review, candidates = queries.review_for(actor, review_id, path=request.path)
    status = 422 if error else 200
    return render(
        request,
        "evaluation/review_detail.html",
        {"review": review, "candidates": candidates, "error": error},
        status=status,
    )


@require_POST
@actor_required
def outcome_run(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    run = actions.outcome_run_create(actor=actor, subjects=queries.evaluation_subjects(actor))
    messages.success(request, "Outcome measures computed.")
    return redirect("evaluation:outcome_detail", run_id=run.pk)


@actor_required
def outcome_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    run = queries.outcome_run_for(actor, run_id)
    return render(request, "evaluation/outcome_detail.html", report.report_context(run))


@actor_required
def outcome_pdf(request: HttpRequest, run_id: int) -> HttpResponse:
    """The evaluation report as a PDF (WeasyPrint): the same tables, models and chart."""
    actor = request.actor  # type: ignore[attr-defined]
    response = HttpResponse(report.report_pdf(actor, run_id), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="evaluation-{run_id}.pdf"'
    return response


@actor_required
def export_deidentified(request: HttpRequest) -> HttpResponseBase:
    actor = request.actor  # type: ignore[attr-defined]
    content, _ = exports.deidentified_bundle(actor)
    return exports.response(content, f"evaluation-{actor.site.slug}.zip")


def _date(text: str | None, field: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise Refused(f"{text!r} is not a date (YYYY-MM-DD)", field=field) from exc


@actor_required
def export_hmis(request: HttpRequest) -> HttpResponseBase:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("evaluation.export_hmis")
    try:
        start, end = _date(request.GET.get("from"), "from"), _date(request.GET.get("to"), "to")
        content, _ = exports.hmis_bundle(
            actor, start=start, end=end, hashing=request.GET.get("hash") == "sha256"
        )
    except Refused as exc:
        messages.error(request, f"{exc.field}: {exc.message}")
        return render(request, "evaluation/home.html", {"outcome_runs": []}, status=422)
    except NotFound:
        raise
    response = exports.response(content, f"hmis-{actor.site.slug}.zip")
    response["X-Part2-Notice"] = exports.PART2_NOTICE
    return response


@actor_required
@require_POST
def comparison_build(request: HttpRequest) -> HttpResponse:
    """Add everyone referred but not enrolled to the comparison group."""
    actor = request.actor  # type: ignore[attr-defined]
    added = actions.comparison_group_build(actor=actor)
    messages.success(
        request, f"Added {len(added)} people referred but not enrolled to the comparison group."
    )
    return redirect("evaluation:comparison")


@actor_required
def comparison(request: HttpRequest) -> HttpResponse:
    """The comparison group: who is in it, and adding someone who is not a participant."""
    actor = request.actor  # type: ignore[attr-defined]
    form = ComparisonForm(request.POST or None, people=queries.comparison_candidates(actor))
    if request.method == "POST" and form.is_valid():
        try:
            actions.comparison_member_add(
                actor=actor,
                person_id=form.cleaned_data["person"].pk,
                entry_date=form.cleaned_data["entry_date"],
                method=form.cleaned_data["method"],
            )
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Added to the comparison group.")
            return redirect("evaluation:comparison")
    status = 422 if request.method == "POST" else 200
    members = queries.comparison_members_for(actor)[:500]
    return render(
        request, "evaluation/comparison.html", {"form": form, "members": members}, status=status
    )


@actor_required
def unit_costs(request: HttpRequest) -> HttpResponse:
    """The site's unit costs, used by the cost analysis of every later outcome run."""
    actor = request.actor  # type: ignore[attr-defined]
    current = queries.unit_costs_for(actor)
    form = UnitCostsForm(request.POST or None, initial=current)
    if request.method == "POST" and form.is_valid():
        try:
            actions.unit_costs_save(
                actor=actor, costs={k: float(v) for k, v in form.cleaned_data.items()}
            )
        except Refused as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, "Unit costs saved. The next outcome run uses them.")
            return redirect("evaluation:unit_costs")
    status = 422 if request.method == "POST" else 200
    return render(request, "evaluation/unit_costs.html", {"form": form}, status=status)
