"""Funding pools: a budget per source and fiscal period, with an optional restriction."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.casework.models import FundingPool
from goldenthread.core.roles import Role

BODY = {
    "name": "Foundation basic needs",
    "funding_source": "Private foundation grant",
    "budget": "5000.00",
    "period_start": "2026-07-01",
    "period_end": "2027-06-30",
    "categories": ["basic_needs", "phone"],
}


def _create(world, body, role=Role.PM):
    return world.api(role).post(
        "/api/v1/casework/flex/pools", data=json.dumps(body), content_type="application/json"
    )


@pytest.mark.django_db
def test_it_creates_a_pool_and_audits_it(world):
    response = _create(world, BODY)
    assert response.status_code == 201 and response.json()["left"] == "5000.00"
    assert FundingPool.objects.get().categories == ["basic_needs", "phone"]
    assert AuditEvent.objects.filter(action="funding_pool.create").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"budget": "0"}, "budget"),
        ({"period_end": "2026-01-01"}, "period_end"),
        ({"categories": ["yachts"]}, "categories"),
        ({"name": " "}, "name"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(world, change, field):
    response = _create(world, {**BODY, **change})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == field
    assert not FundingPool.objects.exists()


@pytest.mark.django_db
def test_it_creates_a_pool_from_the_page_and_refuses_a_duplicate_name(world):
    client = world.client(Role.SUPERVISOR)
    form = {**BODY, "categories": ["transport"]}
    assert client.post("/casework/flex/pools/", form).status_code == 302
    again = client.post("/casework/flex/pools/", form)
    assert again.status_code == 422 and b"A pool with this name exists" in again.content
    assert FundingPool.objects.count() == 1
