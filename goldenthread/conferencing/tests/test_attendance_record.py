"""Attendance is recorded per agency."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.roles import Role


def _put(world, meeting_id, ids):
    return world.api(Role.PM).put(
        f"/api/v1/conferencing/meetings/{meeting_id}/attendance",
        data=json.dumps({"agency_ids": ids}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_records_the_agencies_present(world):
    m = meeting(world.alpha, "open")
    police, prosecutor = world.alpha.agencies["police"], world.alpha.agencies["prosecutor"]
    response = _put(world, m.pk, [police.pk, prosecutor.pk])
    assert response.status_code == 200
    assert sorted(response.json()["attending"]) == sorted([police.name, prosecutor.name])
    assert AuditEvent.objects.filter(action="meeting.attendance").exists()


@pytest.mark.django_db
def test_it_refuses_another_sites_agency_and_keeps_what_was_there(world):
    m = meeting(world.alpha, "open")
    police = world.alpha.agencies["police"]
    _put(world, m.pk, [police.pk])
    response = _put(world, m.pk, [world.beta.agencies["police"].pk])
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "agency_ids"
    assert list(m.attending.all()) == [police]
