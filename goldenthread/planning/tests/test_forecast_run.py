"""Running a forecast: queued by the PM, computed by the background task, audited."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.planning.models import ForecastRun
from goldenthread.planning.tests.history import build_history
from goldenthread.testing import site_today


def _post(world, body, role=Role.PM, site=None):
    return world.api(role, site).post(
        "/api/v1/planning/forecasts", data=json.dumps(body), content_type="application/json"
    )


@pytest.mark.django_db
def test_it_computes_a_forecast_in_the_background_task(world):
    build_history(world)
    response = _post(world, {"horizon_months": 12, "paths": 500, "seed": 3})
    assert response.status_code == 202
    run = ForecastRun.objects.get(pk=response.json()["id"])
    assert run.status == "done" and run.progress == 100
    assert run.site == world.alpha.site
    base = run.results["outlooks"][0]
    assert base["name"] == "Baseline" and len(base["caseload"][1]) == 12
    assert all(0 <= p <= 1 for p in base["p_exceed_cap"])
    assert base["case_managers_needed"] >= 1
    assert run.inputs["source"] == "enrollments" and "door unknown" in run.inputs["note"]
    assert AuditEvent.objects.filter(action="forecast_run.request", object_id=str(run.pk)).exists()


@pytest.mark.django_db
def test_it_is_reproducible_with_the_same_seed(world):
    build_history(world)
    a = _post(world, {"horizon_months": 12, "paths": 300, "seed": 5}).json()
    b = _post(world, {"horizon_months": 12, "paths": 300, "seed": 5}).json()
    assert a["results"] == b["results"]


@pytest.mark.django_db
def test_it_fails_with_a_reason_when_there_is_no_history(world):
    response = _post(world, {"horizon_months": 12, "paths": 200})
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "failed"
    assert "nothing to forecast" in body["error"] or "No arrivals" in body["error"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"horizon_months": 36}, "horizon_months"),
        ({"paths": 5}, "paths"),
        ({"as_of": (site_today() + timedelta(days=40)).isoformat()}, "as_of"),
        ({"horizon_months": "soon"}, "horizon_months"),
    ],
)
def test_it_names_the_field_of_bad_input_and_queues_nothing(world, body, field):
    response = _post(world, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert not ForecastRun.objects.exists()


@pytest.mark.django_db
def test_it_runs_from_the_page_and_shows_the_chart_and_staffing_answer(world):
    build_history(world)
    client = world.client(Role.PM)
    response = client.post("/planning/forecasts/", {"horizon_months": 12, "paths": 300})
    assert response.status_code == 302
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg role="img"' in html and "Caseload forecast</title>" in html
    assert "style=" not in html.split('<svg role="img"')[1].split("</svg>")[0]
    assert 'id="staffing-answer"' in html and "case manager" in html


@pytest.mark.django_db
def test_it_shows_form_errors_on_the_page(world):
    response = world.client(Role.PM).post(
        "/planning/forecasts/", {"horizon_months": 99, "paths": 1000}
    )
    assert response.status_code == 422
    assert b"The horizon must be 12 to 24 months" in response.content


@pytest.mark.django_db
def test_it_hides_another_sites_runs(world):
    build_history(world, world.beta)
    run_id = _post(world, {"horizon_months": 12, "paths": 200}, site=world.beta).json()["id"]
    assert world.api(Role.PM).get(f"/api/v1/planning/forecasts/{run_id}").status_code == 404
    assert world.client(Role.PM).get(f"/planning/forecasts/{run_id}/").status_code == 404
    assert world.api(Role.PM).get("/api/v1/planning/forecasts").json() == []
