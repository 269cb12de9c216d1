"""Matrix entries for the planning area."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from goldenthread.core.roles import Role
from goldenthread.testing_matrix import Case

R = Role
_names = itertools.count(1)

PLANNERS = frozenset({R.PM})
CAPACITY = frozenset({R.PM, R.SUPERVISOR})
REPORT = frozenset({R.PM, R.SUPERVISOR, R.CM, R.PCG_MEMBER, R.CLT_MEMBER, R.EVALUATOR})


def _forecast_run(world: Any, site: Any) -> dict[str, Any]:
    from goldenthread.planning.models import ForecastRun

    run = ForecastRun.objects.create(
        site=site.site, requested_by=site.users[R.PM], as_of=date(2026, 6, 1)
    )
    return {"run_id": run.pk}


def _scenario(world: Any, site: Any) -> dict[str, Any]:
    from goldenthread.planning.models import Scenario

    scenario = Scenario.objects.create(
        site=site.site, name=f"Scenario {next(_names)}", created_by=site.users[R.PM], cm_delta=1
    )
    return {"scenario_id": scenario.pk}


def _report_run(world: Any, site: Any) -> dict[str, Any]:
    """A built report asked for by the PM: the PM downloads it; any other role, even one that
    reads the report, gets 404 (only the requester and the site's PM see a build)."""
    from django.core.files.base import ContentFile

    from goldenthread.planning.models import ReportRun

    run = ReportRun.objects.create(
        site=site.site,
        requested_by=site.users[R.PM],
        as_of=date(2026, 6, 1),
        period="2026Q2",
        status=ReportRun.Status.SUCCEEDED,
        filename="pcg-report.pdf",
    )
    run.file.save("pcg-report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return {"run_id": run.pk}


MAKERS = {"forecast_run": _forecast_run, "scenario": _scenario, "report_run": _report_run}

FORECAST = {"horizon_months": 12, "paths": 200}

CASES = [
    Case("planning:dashboard", CAPACITY),
    Case("planning:forecast_start", PLANNERS, method="POST", ok=302, data=FORECAST),
    Case("planning:forecast_detail", CAPACITY, obj="forecast_run"),
    Case("planning:scenario_create", PLANNERS, method="POST", ok=302, data={"name": "Busier"}),
    Case("planning:scenario_delete", PLANNERS, obj="scenario", method="POST", ok=302),
    Case("planning:report", REPORT),
    Case("planning:report_csv", REPORT),
    Case("planning:report_pdf", REPORT),
    Case("planning:community", REPORT),
    Case("planning:report_run_start", REPORT, method="POST", ok=302, data={"period": "2026Q1"}),
    Case("planning:report_run", PLANNERS, obj="report_run"),
    Case("planning:report_run_download", PLANNERS, obj="report_run"),
    Case(
        "planning:report_settings",
        PLANNERS,
        method="POST",
        ok=302,
        data={"small_cell": 6},
    ),
    Case("GET /api/v1/planning/caseloads", CAPACITY),
    Case("GET /api/v1/planning/forecasts", CAPACITY),
    Case("POST /api/v1/planning/forecasts", PLANNERS, method="POST", ok=202, data=FORECAST),
    Case("GET /api/v1/planning/forecasts/{run_id}", CAPACITY, obj="forecast_run"),
    Case("GET /api/v1/planning/scenarios", CAPACITY),
    Case(
        "POST /api/v1/planning/scenarios",
        PLANNERS,
        method="POST",
        ok=201,
        data={"name": "Two more case managers", "cm_delta": 2},
    ),
    Case(
        "DELETE /api/v1/planning/scenarios/{scenario_id}",
        PLANNERS,
        obj="scenario",
        method="DELETE",
        ok=204,
    ),
    Case("GET /api/v1/planning/report", REPORT),
    Case("GET /api/v1/planning/dashboard", CAPACITY),
    Case("GET /api/v1/planning/community", REPORT),
    Case("GET /api/v1/planning/report-runs", REPORT),
    Case(
        "POST /api/v1/planning/report-runs",
        REPORT,
        method="POST",
        ok=202,
        data={"period": "2026Q1"},
    ),
    Case("GET /api/v1/planning/report-runs/{run_id}", PLANNERS, obj="report_run"),
    Case("GET /api/v1/planning/report-runs/{run_id}/download", PLANNERS, obj="report_run"),
    Case(
        "PUT /api/v1/planning/report-settings",
        PLANNERS,
        method="PUT",
        data={"small_cell": 6},
    ),
]
