"""Budget lines by category and source; budget versus actual; approval by decision."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import Budget, Proposal
from goldenthread.governance.tests.matrix import consensus

pytestmark = pytest.mark.django_db


def _line(world, budget_id, **data):  # type: ignore[no-untyped-def]
    return world.api(Role.PM).post(
        f"/api/v1/governance/budgets/{budget_id}/lines", data=data, content_type="application/json"
    )


def test_it_totals_planned_and_actual_per_category_and_source(world):
    budget_id = (
        world.api(Role.PM)
        .post("/api/v1/governance/budgets", data={"year": 2026}, content_type="application/json")
        .json()["id"]
    )
    _line(world, budget_id, category="case_management", source="city", planned=1000, actual=400)
    _line(world, budget_id, category="case_management", source="county", planned=500, actual=100)
    body = _line(world, budget_id, category="evaluation", source="city", planned=200).json()
    assert body["by_category"] == {"case_management": [1500, 500], "evaluation": [200, 0]}
    assert body["by_source"] == {"city": [1200, 400], "county": [500, 100]}
    page = world.client(Role.PCG_MEMBER).get(f"/governance/budgets/{budget_id}/")
    assert b"<svg" in page.content and b"$1500" in page.content


def test_it_freezes_planned_amounts_once_the_pcg_approves(world):
    budget = Budget.objects.create(site=world.alpha.site, year=2026)
    _line(world, budget.pk, category="other", source="state", planned=100)
    p = consensus(world.alpha)
    Proposal.objects.filter(pk=p.pk).update(subject_type=Budget.SUBJECT, subject_id=budget.pk)
    world.api(Role.PM).post(
        f"/api/v1/governance/proposals/{p.pk}/decision", data={}, content_type="application/json"
    )
    assert Budget.objects.get(pk=budget.pk).approved_by is not None
    assert _line(world, budget.pk, category="other", source="state", planned=900).status_code == 422
    ok = _line(world, budget.pk, category="other", source="state", planned=100, actual=60)
    assert ok.status_code == 200


def test_it_names_an_unknown_category(world):
    budget = Budget.objects.create(site=world.alpha.site, year=2026)
    response = _line(world, budget.pk, category="cars", source="city", planned=1)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "category"
