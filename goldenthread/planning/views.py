"""Planning pages: the PM's capacity page, forecast runs, scenarios and the PCG report."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from goldenthread.access.actor import Actor, Refused
from goldenthread.planning import actions, presenters, queries, rules
from goldenthread.planning.forms import ForecastForm, ScenarioForm
from goldenthread.web.decorators import actor_required


def _dashboard(
    request: HttpRequest,
    actor: Actor,
    *,
    forecast_form: ForecastForm | None = None,
    scenario_form: ScenarioForm | None = None,
    status: int = 200,
) -> HttpResponse:
    site = actor.site
    rows = queries.caseload_by_case_manager(actor)
    states = queries.state_counts(site.pk)
    in_program = states["enrolled"] + states["active"] + states["inactive"]
    run = queries.latest_forecast(site.pk)
    context: dict[str, Any] = {
        "rows": rows,
        "caseload_chart": presenters.caseload_chart(rows, site.caseload_target, site.caseload_cap)
        if rows
        else None,
        "states": states,
        "in_program": in_program,
        "unassigned": queries.unassigned_count(site.pk),
        "run": run,
        "forecast": presenters.forecast_view(run) if run else None,
        "runs": queries.forecast_runs_for(actor)[:5],
        "scenarios": queries.scenarios_for(actor),
        "forecast_form": forecast_form or ForecastForm(),
        "scenario_form": scenario_form or ScenarioForm(),
        "panels": presenters.panels_view(queries.dashboard_panels(actor, timezone.localdate())),
        "can_run": actor.can("planning.forecast.run"),
        "can_manage": actor.can("planning.scenario.manage"),
    }
    return render(request, "planning/dashboard.html", context, status=status)


@actor_required
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("planning.capacity.view")
    return _dashboard(request, actor)


@actor_required
@require_POST
def forecast_start(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("planning.forecast.run")
    form = ForecastForm(request.POST)
    if form.is_valid():
        try:
            run = actions.forecast_run_request(actor=actor, **form.cleaned_data)
        except Refused as exc:
            form.add_error(exc.field, exc.message)
        else:
            return redirect("planning:forecast_detail", run_id=run.pk)
    return _dashboard(request, actor, forecast_form=form, status=422)


@actor_required
def forecast_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    run = queries.forecast_run_for(actor, run_id)
    context = {"run": run, "forecast": presenters.forecast_view(run)}
    return render(request, "planning/forecast_detail.html", context)


@actor_required
@require_POST
def scenario_create(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("planning.scenario.manage")
    form = ScenarioForm(request.POST)
    if form.is_valid():
        try:
            scenario = actions.scenario_create(actor=actor, **form.values())  # type: ignore[arg-type]
        except Refused as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(
                request, f"Scenario “{scenario.name}” added: run a forecast to compare it."
            )
            return redirect("planning:dashboard")
    return _dashboard(request, actor, scenario_form=form, status=422)


@actor_required
@require_POST
def scenario_delete(request: HttpRequest, scenario_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actions.scenario_delete(actor=actor, scenario_id=scenario_id)
    messages.success(request, "Scenario removed.")
    return redirect("planning:dashboard")


def _report(request: HttpRequest, actor: Actor) -> dict[str, Any]:
    return queries.pcg_report(actor, timezone.localdate(), request.GET.get("quarter"))


@actor_required
def report(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    error: str | None = None
    try:
        data = _report(request, actor)
    except Refused as exc:
        error = exc.message
        data = queries.pcg_report(actor, timezone.localdate())
    run = queries.latest_forecast(actor.site_id)
    context = {
        "report": data,
        "error": error,
        "asked": request.GET.get("quarter", ""),
        "forecast": presenters.forecast_view(run) if run else None,
        "small_cell": rules.SMALL_CELL,
    }
    return render(request, "planning/report.html", context, status=422 if error else 200)


@actor_required
def report_csv(request: HttpRequest) -> HttpResponse:
    """The report's figures as rows of (section, measure, value): aggregates only."""
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("planning.report.export")
    try:
        data = _report(request, actor)
    except Refused as exc:
        return HttpResponse(f"quarter: {exc.message}", status=422, content_type="text/plain")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pcg-report.csv"'
    writer = csv.writer(response)
    writer.writerow(["section", "measure", "value"])
    for section, measure, value in report_rows(data):
        writer.writerow([section, measure, value])
    return response


def report_rows(data: dict[str, Any]) -> list[tuple[str, str, object]]:
    rows: list[tuple[str, str, object]] = [
        ("site", "name", data["site"]),
        ("site", "as of", data["as_of"]),
        ("site", "quarter", data["quarter"]),
    ]
    rows += [("participants", state, n) for state, n in data["states"].items()]
    rows.append(("participants", "in program", data["in_program"]))
    rows.append(("participants", "inactive share (%)", data["inactive_share"]))
    for q in data["quarters"]:
        rows += [(q["quarter"], "enrolled", q["enrolled"]), (q["quarter"], "exited", q["exited"])]
    for key in (
        "case_managers",
        "caseload_target",
        "caseload_cap",
        "average_caseload",
        "highest_caseload",
        "over_cap",
        "unassigned",
    ):
        rows.append(("capacity", key.replace("_", " "), data[key]))
    forecast = data["forecast"]
    if forecast:
        for s in forecast["scenarios"]:
            section = f"forecast {forecast['month']}: {s['name']}"
            rows += [
                (section, key.replace("_", " "), s[key])
                for key in (
                    "case_managers",
                    "target",
                    "caseload_p50",
                    "caseload_p90",
                    "p_exceed_cap",
                    "waitlist_p50",
                    "case_managers_needed",
                )
            ]
    return rows
