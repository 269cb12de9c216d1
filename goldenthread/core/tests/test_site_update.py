"""Site settings: validated per field, all-or-nothing, audited."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.models import Site
from goldenthread.core.roles import Role


def _patch(world, body: dict):
    return world.api(Role.SITE_ADMIN).patch(
        "/api/v1/site", data=json.dumps(body), content_type="application/json"
    )


@pytest.mark.django_db
def test_it_saves_and_audits_a_change(world):
    response = _patch(world, {"intake_deadline_days": 14})
    assert response.status_code == 200 and response.json()["intake_deadline_days"] == 14
    assert AuditEvent.objects.filter(action="site.update").exists()


@pytest.mark.django_db
def test_it_names_the_field_and_saves_nothing(world):
    response = _patch(world, {"caseload_target": 30, "intake_deadline_days": 9})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "caseload_target"
    site = Site.objects.get(pk=world.alpha.site.pk)
    assert (site.caseload_target, site.intake_deadline_days) == (20, 30)


@pytest.mark.django_db
def test_it_rejects_an_unknown_time_zone(world):
    response = _patch(world, {"time_zone": "Mars/Olympus"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "time_zone"


@pytest.mark.django_db
def test_it_rejects_a_wrong_type_with_the_field_name(world):
    response = _patch(world, {"caseload_cap": "many"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "caseload_cap"


@pytest.mark.django_db
def test_it_shows_form_errors_in_the_ui(world):
    client = world.client(Role.SITE_ADMIN)
    response = client.post("/core/site/", {"name": "", "time_zone": "UTC"})
    assert response.status_code == 422
    assert b"This field is required" in response.content
