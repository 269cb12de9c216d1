"""Meetings respect the body's own constraints."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import Meeting
from goldenthread.governance.tests.matrix import pcg

pytestmark = pytest.mark.django_db


def _create(world, body, held_on):  # type: ignore[no-untyped-def]
    return world.client(Role.PM).post(
        f"/governance/bodies/{body.pk}/meetings/", {"held_on": held_on, "location": "City Hall"}
    )


def test_it_schedules_a_meeting(world):
    body = pcg(world.alpha)
    response = _create(world, body, "2026-04-01")
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/meetings/{meeting.pk}/")


def test_it_refuses_a_date_that_clashes_with_the_body_and_saves_nothing(world):
    body = pcg(world.alpha)
    _create(world, body, "2026-04-01")
    clash = _create(world, body, "2026-04-01")
    assert clash.status_code == 422
    assert b"already meets on 2026-04-01" in clash.content
    before_formed = _create(world, body, "2000-01-01")
    assert before_formed.status_code == 422
    assert b"was formed on" in before_formed.content
    assert Meeting.objects.count() == 1
