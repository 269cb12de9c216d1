"""Planning API: caseloads, forecast runs, scenarios and the PCG report's figures. The same
actions and queries as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from ninja import Router, Schema

from goldenthread.planning import actions, queries, rules
from goldenthread.planning.models import ForecastRun, ReportRun, Scenario

router = Router(tags=["planning"])


class PlanningCaseloadOut(Schema):
    name: str
    username: str
    caseload: int
    active: int
    inactive: int
    level: str  # against the site's target and cap: "over" (the cap), "high" (the target), "ok"


class ForecastIn(Schema):
    horizon_months: int = 24
    paths: int = 10_000
    seed: int = 0
    as_of: date | None = None


class ForecastOut(Schema):
    id: int
    status: str
    progress: int
    horizon_months: int
    paths: int
    seed: int
    as_of: date
    error: str
    finished_at: datetime | None
    inputs: dict[str, Any]
    results: dict[str, Any]


class ScenarioIn(Schema):
    name: str
    cm_delta: int = 0
    caseload_target: int | None = None
    referral_factor: float = 1.0
    extra_referrals_per_month: float = 0.0
    time_in_program_factor: float = 1.0


class ScenarioOut(ScenarioIn):
    id: int


def _run_out(run: ForecastRun) -> ForecastOut:
    return ForecastOut(
        id=run.pk,
        status=run.status,
        progress=run.progress,
        horizon_months=run.horizon_months,
        paths=run.paths,
        seed=run.seed,
        as_of=run.as_of,
        error=run.error,
        finished_at=run.finished_at,
        inputs=run.inputs,
        results=run.results,
    )


def _scenario_out(s: Scenario) -> ScenarioOut:
    return ScenarioOut.model_validate(s, from_attributes=True)


@router.get("/caseloads", response=list[PlanningCaseloadOut])
def caseload_list(request: HttpRequest) -> list[PlanningCaseloadOut]:
    rows = queries.caseload_by_case_manager(request.auth)  # type: ignore[attr-defined]
    return [PlanningCaseloadOut(**row.__dict__) for row in rows]


@router.get("/forecasts", response=list[ForecastOut])
def forecast_list(request: HttpRequest) -> list[ForecastOut]:
    return [_run_out(r) for r in queries.forecast_runs_for(request.auth)[:50]]  # type: ignore[attr-defined]


@router.post("/forecasts", response={202: ForecastOut})
def forecast_create(request: HttpRequest, payload: ForecastIn) -> tuple[int, ForecastOut]:
    run = actions.forecast_run_request(actor=request.auth, **payload.dict())  # type: ignore[attr-defined]
    return 202, _run_out(run)


@router.get("/forecasts/{run_id}", response=ForecastOut)
def forecast_detail(request: HttpRequest, run_id: int) -> ForecastOut:
    return _run_out(queries.forecast_run_for(request.auth, run_id))  # type: ignore[attr-defined]


@router.get("/scenarios", response=list[ScenarioOut])
def scenario_list(request: HttpRequest) -> list[ScenarioOut]:
    return [_scenario_out(s) for s in queries.scenarios_for(request.auth)]  # type: ignore[attr-defined]


@router.post("/scenarios", response={201: ScenarioOut})
def scenario_create(request: HttpRequest, payload: ScenarioIn) -> tuple[int, ScenarioOut]:
    scenario = actions.scenario_create(actor=request.auth, **payload.dict())  # type: ignore[attr-defined]
    return 201, _scenario_out(scenario)


@router.delete("/scenarios/{scenario_id}", response={204: None})
def scenario_delete(request: HttpRequest, scenario_id: int) -> tuple[int, None]:
    actions.scenario_delete(actor=request.auth, scenario_id=scenario_id)  # type: ignore[attr-defined]
    return 204, None


def _params(**values: str | None) -> dict[str, str]:
    return {k: v for k, v in values.items() if v}


@router.get("/report", response=dict[str, Any])
def report(
    request: HttpRequest,
    quarter: str | None = None,
    period: str | None = None,
    region: str | None = None,
    door: str | None = None,
) -> dict[str, Any]:
    """The PCG report's figures; ``period`` (or ``quarter``, default this quarter), ``region``
    and ``door`` as on the page. A bad value answers 422 naming the parameter."""
    actor = request.auth  # type: ignore[attr-defined]
    today = actor.site.today()
    params = _params(quarter=quarter, period=period, region=region, door=door)
    if not params.get("period") and not params.get("quarter"):
        year, q = queries.quarter_of(today)
        params["period"] = f"{year}Q{q}"
    filters = queries.filters_from(actor, params, today, default_months=3)
    return queries.pcg_report(actor, today, filters=filters)


class WaitingOut(Schema):
    door: str
    waiting: int
    median_days: float
    longest_days: int


class QueueOut(Schema):
    position: int
    referral_id: int
    door: str
    days_waiting: int
    score: int
    terms: list[tuple[str, int]]


class DashboardOut(Schema):
    since: date
    until: date
    filters: dict[str, str]
    referrals: dict[str, dict[str, int]] | None
    contacts: list[tuple[date, int, int]] | None
    flex_by_pool: list[tuple[str, float, int]] | None
    flex_by_category: list[tuple[str, float, int]] | None
    days_to_intake: dict[str, list[int]] | None
    legal_services: dict[str, dict[str, int]] | None
    reviews: dict[str, int] | None
    decisions: list[tuple[str, int]] | None
    legal_events: list[tuple[date, str, str]] | None
    waiting: list[WaitingOut]
    queue: list[QueueOut] | None


@router.get("/dashboard", response=DashboardOut)
def dashboard(
    request: HttpRequest,
    period: str | None = None,
    region: str | None = None,
    door: str | None = None,
) -> DashboardOut:
    """The capacity page's aggregates for the same ``period``, ``region`` and ``door``, the
    capacity queue's waits per door and, for roles that read the queue, its order."""
    actor = request.auth  # type: ignore[attr-defined]
    today = actor.site.today()
    filters = queries.filters_from(actor, _params(period=period, region=region, door=door), today)
    panels = queries.dashboard_panels(actor, today, filters=filters)
    queue = queries.capacity_queue(actor)
    return DashboardOut(
        since=panels.since,
        until=filters.period.end,
        filters=filters.query(),
        referrals=panels.referrals,
        contacts=panels.contacts,
        flex_by_pool=panels.flex_by_pool,
        flex_by_category=panels.flex_by_category,
        days_to_intake=panels.days_to_intake,
        legal_services=panels.legal_services,
        reviews=panels.reviews,
        decisions=panels.decisions,
        legal_events=(
            [(m, kind, rules.suppress(n, panels.small_cell)) for m, kind, n in panels.legal_events]
            if panels.legal_events is not None
            else None
        ),
        waiting=[WaitingOut(**w.__dict__) for w in queries.waiting_by_door(actor.site_id)],
        queue=(
            [
                QueueOut(
                    position=q.position,
                    referral_id=q.referral_id,
                    door=q.door,
                    days_waiting=q.days_waiting,
                    score=q.score,
                    terms=[(t.label, t.points) for t in q.terms],
                )
                for q in queue
            ]
            if queue is not None
            else None
        ),
    )


@router.get("/community", response=dict[str, Any])
def community(
    request: HttpRequest,
    period: str | None = None,
    region: str | None = None,
    door: str | None = None,
) -> dict[str, Any]:
    """The CLT's community view: aggregates only, small cells suppressed."""
    actor = request.auth  # type: ignore[attr-defined]
    today = actor.site.today()
    filters = queries.filters_from(actor, _params(period=period, region=region, door=door), today)
    return queries.community_view(actor, filters, today)


class ReportSettingsIn(Schema):
    small_cell: int


@router.put("/report-settings", response=ReportSettingsIn)
def report_settings_update(request: HttpRequest, payload: ReportSettingsIn) -> ReportSettingsIn:
    settings = actions.report_settings_update(actor=request.auth, small_cell=payload.small_cell)  # type: ignore[attr-defined]
    return ReportSettingsIn(small_cell=settings.small_cell)


class ReportRunIn(Schema):
    period: str = ""
    quarter: str = ""
    region: str = ""
    door: str = ""


class ReportRunOut(Schema):
    id: int
    url: str
    status: str
    progress: int
    step: str
    error: str
    as_of: date
    filters: dict[str, str]
    requested_by: str
    created_at: datetime
    finished_at: datetime | None
    size: int
    sha256: str
    download: str | None


def _report_run_out(run: ReportRun) -> ReportRunOut:
    ready = run.status == ReportRun.Status.SUCCEEDED
    return ReportRunOut(
        id=run.pk,
        url=reverse("api:planning_report_run", kwargs={"run_id": run.pk}),
        status=run.status,
        progress=run.progress,
        step=run.step,
        error=run.error,
        as_of=run.as_of,
        filters=run.filters,
        requested_by=run.requested_by.username,
        created_at=run.created_at,
        finished_at=run.finished_at,
        size=run.size,
        sha256=run.sha256,
        download=(
            reverse("api:planning_report_run_download", kwargs={"run_id": run.pk})
            if ready
            else None
        ),
    )


@router.get("/report-runs", response=list[ReportRunOut])
def report_run_list(request: HttpRequest) -> list[ReportRunOut]:
    """The PCG report builds the caller may download (their own; the PM: the site's)."""
    return [_report_run_out(r) for r in queries.report_runs_for(request.auth)[:50]]  # type: ignore[attr-defined]


@router.post("/report-runs", response={202: ReportRunOut})
def report_run_create(request: HttpRequest, payload: ReportRunIn) -> tuple[int, ReportRunOut]:
    """Queue the PCG report's PDF with the caller's permissions; poll ``url`` until its status
    is ``succeeded``, then GET ``download``. A bad filter answers 422 naming it."""
    run = actions.report_run_request(actor=request.auth, params=payload.dict())  # type: ignore[attr-defined]
    return 202, _report_run_out(run)


@router.get("/report-runs/{run_id}", response=ReportRunOut, url_name="planning_report_run")
def report_run_detail(request: HttpRequest, run_id: int) -> ReportRunOut:
    return _report_run_out(queries.report_run_for(request.auth, run_id))  # type: ignore[attr-defined]


@router.get(
    "/report-runs/{run_id}/download",
    response={200: None},
    url_name="planning_report_run_download",
)
def report_run_download(request: HttpRequest, run_id: int) -> FileResponse:
    from goldenthread.planning.views import report_attachment

    run = queries.report_run_file(request.auth, run_id, path=request.path)  # type: ignore[attr-defined]
    return report_attachment(run)
