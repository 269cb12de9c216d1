"""Attendance and quorum per the body's charter."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import Body, Seat
from goldenthread.governance.tests.matrix import MAKERS

pytestmark = pytest.mark.django_db


def test_it_records_attendance_and_judges_quorum_by_the_charter(world):
    meeting_id = MAKERS["gov_meeting"](world, world.alpha)["meeting_id"]
    seats = list(Seat.objects.filter(site=world.alpha.site).order_by("pk"))
    api = world.api(Role.PM)
    url = f"/api/v1/governance/meetings/{meeting_id}/attendance"
    one = api.post(url, data={"seat_ids": [seats[0].pk]}, content_type="application/json")
    assert one.json()["quorum"] is True  # 1 of 2 agencies = 50%, the default quorum
    Body.objects.filter(name="PCG").update(quorum_percent=75)
    assert api.get(f"/api/v1/governance/meetings/{meeting_id}").json()["quorum"] is False
    both = api.post(url, data={"seat_ids": [s.pk for s in seats]}, content_type="application/json")
    assert both.json()["quorum"] is True
    assert sorted(both.json()["attendance"]) == sorted(s.pk for s in seats)


def test_it_refuses_seats_of_another_body(world):
    meeting_id = MAKERS["gov_meeting"](world, world.alpha)["meeting_id"]
    foreign = MAKERS["gov_seat"](world, world.beta)["seat_id"]
    response = world.api(Role.PM).post(
        f"/api/v1/governance/meetings/{meeting_id}/attendance",
        data={"seat_ids": [foreign]},
        content_type="application/json",
    )
    assert response.status_code == 422
