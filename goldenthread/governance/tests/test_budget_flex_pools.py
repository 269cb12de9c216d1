"""The flex-funds budget line is linked to casework's funding pools: its actual is their spend
in the casework ledger (reversals net), read in one query for the whole budget."""

from __future__ import annotations

import pytest

from goldenthread.casework.tests.factories import flex_request, pool
from goldenthread.core.roles import Role
from goldenthread.governance.models import Budget, BudgetLine
from goldenthread.testing import rls_queries

pytestmark = pytest.mark.django_db


def _line(world, budget_id, **data):  # type: ignore[no-untyped-def]
    return world.api(Role.PM).post(
        f"/api/v1/governance/budgets/{budget_id}/lines", data=data, content_type="application/json"
    )


def test_the_flex_line_shows_the_pools_spend_from_casework(world):
    site = world.alpha
    city = pool(site, name="City flex", budget="5000.00")
    grant = pool(site, name="Grant flex", budget="2000.00")
    flex_request(site, world, status="approved", amount="250.40", pool=city)
    flex_request(site, world, status="approved", amount="100.00", pool=grant)
    budget = Budget.objects.create(site=site.site, year=2026)
    body = _line(
        world, budget.pk, category="flex_funds", source="city", planned=5000, pool_ids=[city.pk]
    ).json()
    _line(
        world, budget.pk, category="flex_funds", source="federal", planned=2000, pool_ids=[grant.pk]
    )
    body = _line(
        world, budget.pk, category="evaluation", source="city", planned=900, actual=300
    ).json()
    flex = {line["source"]: line for line in body["lines"] if line["category"] == "flex_funds"}
    assert flex["city"]["actual"] == 250 and flex["city"]["pool_ids"] == [city.pk]
    assert flex["federal"]["actual"] == 100
    assert body["by_category"]["flex_funds"] == [7000, 350]
    assert body["by_source"]["city"] == [5900, 550]
    # A new spend in casework shows at once: nothing to retype in governance.
    flex_request(site, world, status="approved", amount="49.60", pool=city)
    page = world.client(Role.PCG_MEMBER).get(f"/governance/budgets/{budget.pk}/")
    assert b"City flex: $300.00 of $5000.00" in page.content
    assert b'$300 <span class="badge">from the ledger</span>' in page.content


def test_it_refuses_bad_links_and_saves_nothing(world):
    site = world.alpha
    city = pool(site, name="City flex")
    foreign = pool(world.beta, name="Beta flex")
    budget = Budget.objects.create(site=site.site, year=2026)
    cases = [
        ({"category": "evaluation", "pool_ids": [city.pk]}, "pool_ids"),
        ({"category": "flex_funds", "pool_ids": [foreign.pk]}, "pool_ids"),
        ({"category": "flex_funds", "pool_ids": [city.pk], "actual": 12}, "actual"),
    ]
    for data, field in cases:
        response = _line(world, budget.pk, source="city", planned=10, **data)
        assert response.status_code == 422, data
        assert response.json()["errors"][0]["field"] == field
    assert not BudgetLine.objects.filter(budget=budget).exists()
    _line(world, budget.pk, category="flex_funds", source="city", planned=10, pool_ids=[city.pk])
    twice = _line(
        world, budget.pk, category="flex_funds", source="state", planned=10, pool_ids=[city.pk]
    )
    assert twice.status_code == 422 and twice.json()["errors"][0]["field"] == "pool_ids"
    assert BudgetLine.objects.filter(budget=budget).count() == 1


def test_the_pm_links_pools_in_the_page(world):
    city = pool(world.alpha, name="City flex")
    budget = Budget.objects.create(site=world.alpha.site, year=2026)
    client = world.client(Role.PM)
    assert b"City flex" in client.get(f"/governance/budgets/{budget.pk}/").content
    response = client.post(
        f"/governance/budgets/{budget.pk}/lines/",
        {"category": "flex_funds", "source": "city", "planned": "800", "pool_ids": [str(city.pk)]},
    )
    assert response.status_code == 302
    assert BudgetLine.objects.get(budget=budget).pool_ids == [city.pk]


def test_the_budget_reads_every_pool_in_one_query(world, django_assert_max_num_queries):
    site = world.alpha
    budget = Budget.objects.create(site=site.site, year=2026)
    for n, source in enumerate(["city", "county", "state", "foundation", "federal"]):
        p = pool(site, name=f"Pool {n}")
        flex_request(site, world, status="approved", amount="10.00", pool=p)
        BudgetLine.objects.create(
            site=site.site,
            budget=budget,
            category="flex_funds",
            source=source,
            planned=100,
            pool_ids=[p.pk],
        )
    client = world.client(Role.PM)
    # The pools linked (one query) and, for the PM's form, the pools to choose from (one).
    with django_assert_max_num_queries(16 + rls_queries()):
        page = client.get(f"/governance/budgets/{budget.pk}/")
    assert page.status_code == 200 and page.content.count(b"from the ledger") == 5
