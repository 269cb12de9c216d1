"""Planning API: caseloads, forecast runs, scenarios and the PCG report's figures. The same
actions and queries as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from goldenthread.planning import actions, queries
from goldenthread.planning.models import ForecastRun, Scenario

router = Router(tags=["planning"])


class CaseloadOut(Schema):
    name: str
    username: str
    caseload: int
    active: int
    inactive: int


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
    id: int = Field(..., alias="pk")


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


@router.get("/caseloads", response=list[CaseloadOut])
def caseload_list(request: HttpRequest) -> list[CaseloadOut]:
    rows = queries.caseload_by_case_manager(request.auth)  # type: ignore[attr-defined]
    return [CaseloadOut(**row.__dict__) for row in rows]


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


@router.get("/report", response=dict[str, Any])
def report(request: HttpRequest, quarter: str | None = None) -> dict[str, Any]:
    return queries.pcg_report(request.auth, timezone.localdate(), quarter)  # type: ignore[attr-defined]
