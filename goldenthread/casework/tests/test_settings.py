"""The site's case-management settings: the flex-fund threshold moves the approval line."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.casework import queries
from goldenthread.core.roles import Role


def _patch(world, body, role=Role.SUPERVISOR):
    return world.api(role).patch(
        "/api/v1/casework/settings", data=json.dumps(body), content_type="application/json"
    )


@pytest.mark.django_db
def test_it_changes_the_threshold_and_audits_it(world):
    response = _patch(world, {"flex_approval_threshold": "250.00"})
    assert response.status_code == 200
    assert queries.settings_for(world.actor(Role.CM)).flex_approval_threshold == Decimal("250.00")
    assert AuditEvent.objects.filter(action="casework_settings.update").exists()


@pytest.mark.django_db
def test_it_refuses_a_negative_threshold(world):
    response = _patch(world, {"flex_approval_threshold": "-1"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "flex_approval_threshold"


@pytest.mark.django_db
def test_it_keeps_each_sites_settings_apart(world):
    _patch(world, {"status_every_days": 14})
    assert queries.settings_for(world.actor(Role.CM, world.beta)).status_every_days == 30


@pytest.mark.django_db
def test_it_saves_from_the_page(world):
    client = world.client(Role.PM)
    response = client.post(
        "/casework/settings/",
        {"flex_approval_threshold": "75", "status_every_days": "31", "receipt_max_mb": "0"},
    )
    assert response.status_code == 422
    assert _patch(world, {}, role=Role.PM).json()["receipt_max_mb"] == 5
