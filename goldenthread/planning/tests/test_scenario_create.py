"""Adding a what-if scenario: validated per field, all-or-nothing, audited."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.planning.models import ForecastRun, Scenario
from goldenthread.planning.tests.history import build_history


def _post(world, body, role=Role.PM):
    return world.api(role).post(
        "/api/v1/planning/scenarios", data=json.dumps(body), content_type="application/json"
    )


@pytest.mark.django_db
def test_it_saves_and_audits_a_scenario(world):
    response = _post(world, {"name": "Two more CMs", "cm_delta": 2})
    assert response.status_code == 201
    scenario = Scenario.objects.get(pk=response.json()["id"])
    assert (scenario.site, scenario.cm_delta) == (world.alpha.site, 2)
    assert AuditEvent.objects.filter(action="scenario.create", object_id=str(scenario.pk)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Cuts", "cm_delta": -1}, "cm_delta"),  # the world has one CM: none left
        ({"name": "Tight", "caseload_target": 40}, "caseload_target"),
        ({"name": "Zero", "referral_factor": 0}, "referral_factor"),
        ({"name": "Odd", "extra_referrals_per_month": -2}, "extra_referrals_per_month"),
        ({"name": "Short", "time_in_program_factor": -1}, "time_in_program_factor"),
        ({"name": "  "}, "name"),
        ({"name": "baseline"}, "name"),
    ],
)
def test_it_names_the_field_and_saves_nothing(world, body, field):
    response = _post(world, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_second_scenario_of_the_same_name(world):
    assert _post(world, {"name": "More"}).status_code == 201
    response = _post(world, {"name": "more"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "name"


@pytest.mark.django_db
def test_it_shows_a_negative_staff_error_on_the_page(world):
    response = world.client(Role.PM).post("/planning/scenarios/", {"name": "Cuts", "cm_delta": -4})
    assert response.status_code == 422
    assert b"Staff cannot be negative" in response.content
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_two_more_case_managers_lower_the_chance_of_exceeding_the_cap(world):
    build_history(world, count=80)
    client = world.client(Role.PM)
    assert (
        client.post("/planning/scenarios/", {"name": "Two more", "cm_delta": 2}).status_code == 302
    )
    client.post("/planning/forecasts/", {"horizon_months": 12, "paths": 500})
    base, more = ForecastRun.objects.get().results["outlooks"]
    assert more["name"] == "Two more" and more["case_managers"] == base["case_managers"] + 2
    assert max(base["p_exceed_cap"]) > 0.5
    assert max(more["p_exceed_cap"]) < max(base["p_exceed_cap"])
