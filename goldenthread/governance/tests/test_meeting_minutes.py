"""Minutes of a meeting."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.governance.models import Meeting
from goldenthread.governance.tests.matrix import MAKERS

pytestmark = pytest.mark.django_db


def test_it_saves_minutes_that_members_can_read(world):
    meeting_id = MAKERS["gov_meeting"](world, world.alpha)["meeting_id"]
    response = world.client(Role.PM).post(
        f"/governance/meetings/{meeting_id}/minutes/", {"minutes": "Budget approved."}
    )
    assert response.status_code == 302
    assert Meeting.objects.get(pk=meeting_id).minutes == "Budget approved."
    assert AuditEvent.objects.filter(action="meeting.minutes").exists()
    page = world.client(Role.CLT_MEMBER).get(f"/governance/meetings/{meeting_id}/")
    assert b"Budget approved." in page.content


def test_it_refuses_empty_minutes(world):
    meeting_id = MAKERS["gov_meeting"](world, world.alpha)["meeting_id"]
    response = world.client(Role.PM).post(
        f"/governance/meetings/{meeting_id}/minutes/", {"minutes": " "}
    )
    assert response.status_code == 422
