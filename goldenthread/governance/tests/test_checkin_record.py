"""Without a standing CLT, the PM logs community check-ins; inputs are tracked to a response."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import CommunityCheckin

pytestmark = pytest.mark.django_db


def test_it_logs_a_checkin_and_its_response(world):
    response = world.client(Role.PM).post(
        "/governance/checkins/new/",
        {
            "leader": "Rev. Lee",
            "held_on": "2026-01-10",
            "sector": "religious",
            "input_raised": "Direct referrals from congregations?",
        },
    )
    assert response.status_code == 302
    checkin = CommunityCheckin.objects.get()
    world.client(Role.PM).post(
        f"/governance/checkins/{checkin.pk}/response/", {"response": "Community referral door."}
    )
    checkin.refresh_from_db()
    assert checkin.response == "Community referral door." and checkin.responded_on is not None


def test_it_refuses_a_future_checkin_and_an_unknown_sector(world):
    future = world.client(Role.PM).post(
        "/governance/checkins/new/", {"leader": "A", "held_on": "2999-01-01"}
    )
    assert future.status_code == 422
    sector = world.client(Role.PM).post(
        "/governance/checkins/new/", {"leader": "A", "held_on": "2026-01-01", "sector": "x"}
    )
    assert sector.status_code == 422
    assert not CommunityCheckin.objects.exists()
