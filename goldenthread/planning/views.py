"""Planning pages: the PM's capacity page, forecast runs, scenarios and the PCG report."""

from __future__ import annotations

import csv
from datetime import timedelta
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST

from goldenthread.access.actor import Actor, Refused
from goldenthread.core.compiled import gather, run_steps
from goldenthread.core.widgets import blank_form
from goldenthread.planning import actions, presenters, queries, rules
from goldenthread.planning.forms import ForecastForm, ReportSettingsForm, ScenarioForm
from goldenthread.planning.models import ReportRun
from goldenthread.referrals.models import Referral
from goldenthread.web.decorators import actor_required


def _filters(
    request: HttpRequest, actor: Actor, *, default_months: int = 12
) -> tuple[rules.Filters, dict[str, str] | None]:
    """The filters of the URL, or the default ones and the refusal naming the parameter."""
    today = actor.site.today()
    try:
        return queries.filters_from(actor, request.GET, today, default_months=default_months), None
    except Refused as exc:
        default = queries.filters_from(actor, {}, today, default_months=default_months)
        return default, {"field": exc.field or "", "message": exc.message}


def _filter_context(
    request: HttpRequest,
    actor: Actor,
    error: Any,
    params: Any = None,
    *,
    regions: list[str] | None = None,
) -> dict[str, Any]:
    params = request.GET if params is None else params
    return {
        "asked": {k: params.get(k, "") for k in ("period", "region", "door")}
        | ({"period": params["quarter"]} if params.get("quarter") else {}),
        "filter_error": error,
        "regions": queries.regions_of(actor.site_id) if regions is None else regions,
        "doors": Referral.Door.choices,
    }


def _panels_html(filters: rules.Filters, panels: queries.Panels) -> str:
    """The dashboard's panels as charts and tables, for the filters they were read with."""
    period_text = (
        f"{filters.period.start} to {filters.period.end - timedelta(days=1)}"
        + (f", region {filters.region}" if filters.region else "")
        + (f", door {filters.door}" if filters.door else "")
    )
    return render_to_string(
        "planning/_panels.html",
        {"panels": presenters.panels_view(panels), "period_text": period_text},
    )


def _dashboard(
    request: HttpRequest,
    actor: Actor,
    *,
    forecast_form: ForecastForm | None = None,
    scenario_form: ScenarioForm | None = None,
    status: int = 200,
) -> HttpResponse:
    site = actor.site
    filters, error = _filters(request, actor)
    # The page's reads in one statement on PostgreSQL (core.compiled.gather, ADR 23); the
    # panels are read after it, and only those no longer kept.
    rows, states, run, unassigned, runs, scenarios, panels_html, queue, waiting, regions = (
        run_steps(
            gather(
                queries.caseload_by_case_manager_steps(actor),
                queries.state_counts_steps(site.pk),
                queries.latest_forecast_steps(site.pk),
                queries.unassigned_count_steps(site.pk),
                queries.recent_forecast_runs_steps(actor),
                queries.scenario_list_steps(actor),
                queries.dashboard_panels_kept_steps(
                    actor, actor.site.today(), partial(_panels_html, filters), filters=filters
                ),
                queries.capacity_queue_steps(actor),
                queries.waiting_by_door_steps(site.pk),
                queries.regions_of_steps(site.pk),
            )
        )
    )
    in_program = states["enrolled"] + states["active"] + states["inactive"]
    context: dict[str, Any] = {
        "rows": rows,
        "caseload_chart": presenters.caseload_chart(rows, site.caseload_target, site.caseload_cap)
        if rows
        else None,
        "states": states,
        "in_program": in_program,
        "unassigned": unassigned,
        "run": run,
        "forecast": presenters.forecast_view(run) if run else None,
        "runs": runs,
        "scenarios": scenarios,
        "forecast_form_html": forecast_form.as_div() if forecast_form else blank_form(ForecastForm),
        "scenario_form_html": scenario_form.as_div() if scenario_form else blank_form(ScenarioForm),
        "panels_html": panels_html,
        "queue": queue,
        "waiting": waiting,
        **_filter_context(request, actor, error, regions=regions),
        "can_run": actor.can("planning.forecast.run"),
        "can_manage": actor.can("planning.scenario.manage"),
    }
    if error and status == 200:
        status = 422
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


def _report_filters(params: Any, actor: Actor) -> rules.Filters:
    """The report's filters (default: this quarter); raises Refused naming the parameter."""
    today = actor.site.today()
    return queries.filters_from(
        actor, actions.report_params(params, today), today, default_months=3
    )


@actor_required
def report(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("planning.report.view")
    return _report(request, actor, request.GET)


def _report(
    request: HttpRequest, actor: Actor, params: Any, *, error: dict[str, str] | None = None
) -> HttpResponse:
    """The report page for ``params`` (the URL's, or a refused "Build the PDF" form's)."""
    try:
        filters = _report_filters(params, actor)
    except Refused as exc:
        error = {"field": exc.field or "", "message": exc.message}
        filters = _report_filters({}, actor)
    today = actor.site.today()
    data = queries.pcg_report(actor, today, filters=filters)
    context = presenters.report_context(data, queries.latest_forecast(actor.site_id))
    context |= _filter_context(request, actor, error, params)
    context |= {
        "query": urlencode(filters.query()),
        "filters": filters.query(),
        "period_placeholder": data["quarter"],
        "can_settings": actor.can("planning.report.settings"),
        "settings_form": ReportSettingsForm(initial={"small_cell": data["small_cell"]}),
        "report_runs": list(queries.report_runs_for(actor)[:5])
        if actor.can("planning.report.export")
        else [],
        "can_export": actor.can("planning.report.export"),
    }
    return render(request, "planning/report.html", context, status=422 if error else 200)


@actor_required
@require_POST
def report_run_start(request: HttpRequest) -> HttpResponse:
    """“Build the PDF”: queue the report with the posted filters, then show its progress."""
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("planning.report.export")
    try:
        run = actions.report_run_request(actor=actor, params=request.POST)
    except Refused as exc:
        error = {"field": exc.field or "", "message": exc.message}
        return _report(request, actor, request.POST, error=error)
    return redirect("planning:report_run", run_id=run.pk)


@actor_required
def report_run(request: HttpRequest, run_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    run = queries.report_run_for(actor, run_id)
    return render(request, "planning/report_run.html", {"run": run})


@actor_required
def report_run_download(request: HttpRequest, run_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    response: HttpResponse = report_attachment(  # type: ignore[assignment]
        queries.report_run_file(actor, run_id, path=request.path)
    )
    return response


def report_attachment(run: ReportRun) -> FileResponse:
    """A built report as a download, never rendered inline: attachment, nosniff."""
    response = FileResponse(
        run.file.open("rb"),
        as_attachment=True,
        filename=run.filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _export(request: HttpRequest, make: Any) -> HttpResponse:
    """A download of the report (CSV or PDF): the export permission, the same filters as the
    page (a bad one answers 422 naming it, as plain text), then ``make(actor, filters)``."""
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("planning.report.export")
    try:
        filters = _report_filters(request.GET, actor)
    except Refused as exc:
        return HttpResponse(
            f"{exc.field}: {exc.message}", status=422, content_type="text/plain; charset=utf-8"
        )
    response: HttpResponse = make(actor, filters)
    return response


def _csv(actor: Actor, filters: rules.Filters) -> HttpResponse:
    data = queries.pcg_report(actor, actor.site.today(), filters=filters)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pcg-report.csv"'
    writer = csv.writer(response)
    writer.writerow(["section", "measure", "value"])
    for section, measure, value in report_rows(data):
        writer.writerow([section, measure, value])
    return response


def _pdf(actor: Actor, filters: rules.Filters) -> HttpResponse:
    from goldenthread.planning.pdf import pcg_report_pdf

    data, pdf = pcg_report_pdf(actor, actor.site.today(), filters)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"pcg-report-{actor.site.slug}-{data['quarter']}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@actor_required
def report_csv(request: HttpRequest) -> HttpResponse:
    """The report's figures as rows of (section, measure, value): aggregates only."""
    return _export(request, _csv)


@actor_required
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The PCG report as a PDF, from the same query and templates as the page."""
    return _export(request, _pdf)


@actor_required
@require_POST
def report_settings(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("planning.report.settings")
    form = ReportSettingsForm(request.POST)
    if form.is_valid():
        try:
            actions.report_settings_update(actor=actor, small_cell=form.cleaned_data["small_cell"])
        except Refused as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(request, "Suppression threshold saved.")
            return redirect("planning:report")
    messages.error(
        request, "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items())
    )
    return redirect("planning:report")


@actor_required
def community(request: HttpRequest) -> HttpResponse:
    """The CLT's community-level view: aggregates only, small cells suppressed."""
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("planning.report.view")
    filters, error = _filters(request, actor)
    view = queries.community_view(actor, filters, actor.site.today())
    context = {
        "view": view,
        "region_chart": presenters.region_chart(view["referrals"], "community-regions-chart"),  # type: ignore[arg-type]
        **_filter_context(request, actor, error),
    }
    return render(request, "planning/community.html", context, status=422 if error else 200)


def report_rows(data: dict[str, Any]) -> list[tuple[str, str, object]]:
    rows: list[tuple[str, str, object]] = [
        ("site", "name", data["site"]),
        ("site", "as of", data["as_of"]),
        ("site", "quarter", data["quarter"]),
        ("site", "period", f"{data['period']['start']} to {data['period']['end']}"),
        ("site", "region", data["region"]),
        ("site", "door", data["door"]),
        ("site", "small cells below", data["small_cell"]),
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
    rows += [
        ("period", "enrolled", data["enrolled_in_period"]),
        ("period", "exited", data["exited_in_period"]),
        ("referrals", "total", data["referrals"]["total"]),
    ]
    for door, states in data["referrals"]["by_door"].items():
        rows += [(f"referrals {door}", state, n) for state, n in states.items()]
    rows += [("referrals by region", k, n) for k, n in data["referrals"]["by_region"].items()]
    rows.append(("wait-list", "waiting", data["queue"]["waiting"]))
    for d in data["queue"]["doors"]:
        rows += [(f"wait-list {d['door']}", k, d[k]) for k in ("waiting", "median_days")]
    budget = data["budget"]
    if budget and not budget["missing"]:
        for line in budget["by_category"]:
            rows += [(f"budget {budget['year']}", f"{line['name']} planned", line["planned"])]
            rows += [(f"budget {budget['year']}", f"{line['name']} actual", line["actual"])]
    governance = data["governance"]
    if governance:
        rows.append(("governance", "decisions in the period", len(governance["decisions"])))
        rows.append(("governance", "open action items", governance["open_actions"]))
    for outcome, n in (data["reviews"] or {}).items():
        rows.append(("golden rule reviews", outcome, n))
    rows += [("data quality", k.replace("_", " "), v) for k, v in data["data_quality"].items()]
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
