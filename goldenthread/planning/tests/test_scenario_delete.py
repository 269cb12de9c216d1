"""Removing a scenario: audited; another site's answers 404."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.planning.models import Scenario


@pytest.mark.django_db
def test_it_removes_and_audits(world):
    scenario_id = world.make("scenario")["scenario_id"]
    response = world.api(Role.PM).delete(f"/api/v1/planning/scenarios/{scenario_id}")
    assert response.status_code == 204
    assert not Scenario.objects.filter(pk=scenario_id).exists()
    assert AuditEvent.objects.filter(action="scenario.delete", object_id=str(scenario_id)).exists()


@pytest.mark.django_db
def test_it_cannot_remove_another_sites_scenario(world):
    scenario_id = world.make("scenario", world.beta)["scenario_id"]
    response = world.client(Role.PM).post(f"/planning/scenarios/{scenario_id}/delete/")
    assert response.status_code == 404
    assert Scenario.objects.filter(pk=scenario_id).exists()
