"""Status domains over time: at intake and monthly, never in the future."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from goldenthread.casework.models import StatusRecord
from goldenthread.core.roles import Role
from goldenthread.testing import site_today


def _record(world, p, body):
    return world.api(Role.CM).post(
        f"/api/v1/casework/participants/{p.pk}/statuses",
        data=json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_records_a_status_at_intake(world):
    p = world.participant()
    response = _record(world, p, {"domain": "housing", "value": "unsheltered", "at_intake": True})
    assert response.status_code == 201
    assert StatusRecord.objects.get().at_intake


@pytest.mark.django_db
def test_it_refuses_a_date_in_the_future_and_saves_nothing(world):
    p = world.participant()
    tomorrow = (site_today() + timedelta(days=2)).isoformat()
    response = _record(
        world, p, {"domain": "housing", "value": "sheltered", "recorded_on": tomorrow}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "recorded_on"
    assert not StatusRecord.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_value_from_another_domain_in_the_form(world):
    p = world.participant()
    response = world.client(Role.CM).post(
        f"/casework/p/{p.pk}/status/new/", {"domain": "housing", "value": "full_time"}
    )
    assert response.status_code == 422
    assert b"is not a housing status" in response.content
    assert not StatusRecord.objects.exists()


@pytest.mark.django_db
def test_it_flags_a_participant_whose_monthly_status_is_due(world):
    p = world.participant()
    old = (site_today() - timedelta(days=40)).isoformat()
    _record(world, p, {"domain": "housing", "value": "sheltered", "recorded_on": old})
    rows = world.api(Role.CM).get("/api/v1/casework/caseload").json()
    assert rows[0]["status_due"]
    _record(world, p, {"domain": "housing", "value": "temporary"})
    rows = world.api(Role.CM).get("/api/v1/casework/caseload").json()
    assert not rows[0]["status_due"]
