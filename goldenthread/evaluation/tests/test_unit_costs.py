"""Unit costs: the PM or the evaluator sets them per site (page and API), every change is
audited, bad values are refused naming the field, and the next outcome run's cost analysis
uses them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.evaluation import rules
from goldenthread.evaluation.models import EvaluationConfig, OutcomeRun
from goldenthread.evaluation.tests.test_outcome_run import _load

COSTS = {"jail_day": 150, "booking": 400, "prosecution": 1200, "defence": 900, "program_month": 899}


def test_the_pm_sets_them_on_the_page_and_the_change_is_audited(world):
    client = world.client(Role.PM)
    assert client.get("/evaluation/costs/").status_code == 200
    response = client.post("/evaluation/costs/", {**COSTS, "jail_day": "152.50"})
    assert response.status_code == 302
    config = EvaluationConfig.objects.get(site=world.alpha.site)
    assert (float(config.jail_day_cost), float(config.defence_cost)) == (152.5, 900.0)
    event = AuditEvent.objects.get(action="unit_costs.save")
    assert event.before["jail_day"] == 0.0 and event.after["jail_day"] == 152.5


def test_a_negative_cost_is_refused_naming_the_field_and_nothing_is_saved(world):
    response = world.client(Role.PM).post("/evaluation/costs/", {**COSTS, "booking": "-1"})
    assert response.status_code == 422 and b"booking" in response.content
    body = world.api(Role.EVALUATOR).put(
        "/api/v1/evaluation/costs", {**COSTS, "defence": -5}, content_type="application/json"
    )
    assert body.status_code == 422 and body.json()["errors"][0]["field"] == "defence"
    assert not AuditEvent.objects.filter(action="unit_costs.save").exists()


def test_the_evaluator_sets_them_through_the_api_and_the_next_run_uses_them(world):
    api = world.api(Role.EVALUATOR)
    put = api.put("/api/v1/evaluation/costs", COSTS, content_type="application/json")
    assert put.status_code == 200 and put.json()["prosecution"] == 1200
    assert world.api(Role.PM).get("/api/v1/evaluation/costs").json() == put.json()
    assert world.api(Role.EVALUATOR, world.beta).get("/api/v1/evaluation/costs").json() == {
        k: 0.0 for k in COSTS
    }  # per site
    _load(world)
    world.api(Role.PM).post("/api/v1/evaluation/outcomes")
    run = OutcomeRun.objects.get()
    assert run.results["unit_costs"] == {k: float(v) for k, v in COSTS.items()}
    lead_after = next(
        c for c in run.results["costs"] if (c["group"], c["period"]) == ("LEAD", "after")
    )
    assert lead_after["program_month"] == 12 * 899
    assert lead_after["total"] == pytest.approx(
        sum(lead_after[k] for k in rules.COST_UNITS), abs=0.05
    )


def test_cost_table_prices_charges_for_prosecution_and_defence():
    rows = [
        {
            "group": "Comparison",
            "period": "before",
            "measure": "felony_charges",
            "per_person_year": 1.0,
        },
        {
            "group": "Comparison",
            "period": "before",
            "measure": "misdemeanor_charges",
            "per_person_year": 2.0,
        },
        {
            "group": "Comparison",
            "period": "before",
            "measure": "jail_days",
            "per_person_year": 10.0,
        },
        {"group": "Comparison", "period": "before", "measure": "arrests", "per_person_year": 9.0},
    ]
    (row,) = rules.cost_table(rows, {k: float(v) for k, v in COSTS.items()})
    assert (row["prosecution"], row["defence"], row["jail_day"], row["program_month"]) == (
        3600.0,
        2700.0,
        1500.0,
        0.0,
    )
    assert row["total"] == 7800.0


@given(st.sampled_from(sorted(rules.COST_UNITS)), st.floats(allow_nan=False))
def test_cost_refusal_names_the_field_of_any_value_out_of_range(unit, value):
    refusal = rules.cost_refusal({**{k: 1.0 for k in rules.COST_UNITS}, unit: value})
    if 0 <= value <= rules.MAX_UNIT_COST:
        assert refusal is None
    else:
        assert refusal is not None and refusal[0] == unit
