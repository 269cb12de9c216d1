"""The PM schedules an OWG meeting."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.conferencing.models import ConferenceMeeting
from goldenthread.core.roles import Role


@pytest.mark.django_db
def test_it_schedules_a_draft_meeting_through_the_api(world):
    response = world.api(Role.PM).post(
        "/api/v1/conferencing/meetings",
        data=json.dumps(
            {
                "title": "OWG North",
                "scheduled_for": "2026-12-01T10:00:00Z",
                "region": "North precinct",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201
    m = ConferenceMeeting.objects.get()
    assert (m.site, m.status, m.region, m.governance_body_id) == (
        world.alpha.site,
        "draft",
        "North precinct",
        None,  # linking a governance OWG body is tested in test_meeting_body_link.py
    )
    assert AuditEvent.objects.filter(action="meeting.create").exists()


@pytest.mark.django_db
def test_it_schedules_through_the_page_and_names_a_missing_field(world):
    client = world.client(Role.PM)
    bad = client.post("/conferencing/new/", {"title": "OWG North"})
    assert bad.status_code == 422 and not ConferenceMeeting.objects.exists()
    ok = client.post(
        "/conferencing/new/", {"title": "OWG North", "scheduled_for": "2026-12-01T10:00"}
    )
    assert ok.status_code == 302
    assert ConferenceMeeting.objects.get().title == "OWG North"
