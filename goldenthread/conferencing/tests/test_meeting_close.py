"""Closing a meeting: items not reached are carried forward to the next one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.audit.models import AuditEvent
from goldenthread.conferencing.models import ConferenceMeeting, RosterItem
from goldenthread.conferencing.tests.matrix import item, meeting
from goldenthread.core.roles import Role

API = "/api/v1/conferencing"


@pytest.mark.django_db
def test_it_closes_and_carries_unreached_items_into_the_next_roster(world):
    now = timezone.now()
    m = meeting(world.alpha, "open", scheduled_for=now - timedelta(days=7))
    reached = item(world.alpha, m, title="Reached", status="discussed")
    unreached = item(world.alpha, m, title="Not reached")
    removed = item(world.alpha, m, title="Dropped", status="removed")

    response = world.api(Role.PM).post(f"{API}/meetings/{m.pk}/close")

    assert response.status_code == 200 and response.json()["status"] == "closed"
    statuses = dict(RosterItem.objects.values_list("title", "status"))
    assert statuses == {
        "Reached": "discussed",
        "Not reached": "carried_forward",
        "Dropped": "removed",
    }
    assert AuditEvent.objects.get(action="meeting.close").after["carried_forward"] == [unreached.pk]
    nxt = meeting(world.alpha, scheduled_for=now + timedelta(days=7))
    built = world.api(Role.PM).post(f"{API}/meetings/{nxt.pk}/roster").json()
    assert [i["title"] for i in built] == ["Not reached"]
    assert RosterItem.objects.get(meeting=nxt).carried_from_id == unreached.pk
    assert reached.pk and removed.pk


@pytest.mark.django_db
def test_it_closes_only_a_meeting_in_progress(world):
    m = meeting(world.alpha, "draft")
    response = world.api(Role.PM).post(f"{API}/meetings/{m.pk}/close")
    assert response.status_code == 409
    assert ConferenceMeeting.objects.get(pk=m.pk).status == "draft"


@pytest.mark.django_db
def test_it_refuses_notes_once_closed(world):
    m = meeting(world.alpha, "open")
    shared = item(world.alpha, m)
    world.client(Role.PM).post(f"/conferencing/{m.pk}/close/")
    response = world.client(Role.PM).post(
        f"/conferencing/items/{shared.pk}/notes/", {"text": "Late"}
    )
    assert response.status_code == 422
    assert b"recorded while the meeting is in progress" in response.content
