"""Minutes: free while the meeting runs; amended, with a reason on record, once closed."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.conferencing.models import ConferenceMeeting, MinutesAmendment
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.roles import Role


def _put(world, meeting_id, **data):
    return world.api(Role.PM).put(
        f"/api/v1/conferencing/meetings/{meeting_id}/minutes",
        data=json.dumps(data),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_saves_minutes_of_an_open_meeting_without_an_amendment(world):
    m = meeting(world.alpha, "open")
    response = _put(world, m.pk, minutes="Five items discussed.")
    assert response.status_code == 200 and response.json()["minutes"] == "Five items discussed."
    assert not MinutesAmendment.objects.exists()
    assert AuditEvent.objects.filter(action="meeting.minutes").exists()


@pytest.mark.django_db
def test_it_refuses_editing_closed_minutes_without_an_amendment_record(world):
    m = meeting(world.alpha, "closed", minutes="As agreed.")
    response = _put(world, m.pk, minutes="Rewritten.")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "amendment_reason"
    page = world.client(Role.PM).post(
        f"/conferencing/{m.pk}/minutes/", {"minutes": "Rewritten.", "amendment_reason": ""}
    )
    assert page.status_code == 422 and b"say why the minutes are amended" in page.content
    assert ConferenceMeeting.objects.get(pk=m.pk).minutes == "As agreed."
    assert not MinutesAmendment.objects.exists()


@pytest.mark.django_db
def test_it_keeps_an_amendment_record_for_closed_minutes(world):
    m = meeting(world.alpha, "closed", minutes="As agreed.")
    response = _put(world, m.pk, minutes="As agreed; SPD attended.", amendment_reason="Attendance")
    assert response.status_code == 200
    amendment = MinutesAmendment.objects.get()
    assert (amendment.before, amendment.after, amendment.reason) == (
        "As agreed.",
        "As agreed; SPD attended.",
        "Attendance",
    )
    assert response.json()["amendments"][0]["reason"] == "Attendance"
