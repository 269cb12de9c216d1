"""What needs me today: the hand-off clock, caseloads, the filing queue, police statuses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from goldenthread.core.roles import Role
from goldenthread.referrals.tests import makers
from goldenthread.testing import site_today

pytestmark = pytest.mark.django_db


def test_it_shows_the_case_manager_the_hand_off_clock(world):
    makers.referral(world.alpha)
    page = world.client(Role.CM).get("/").content.decode()
    assert "Arrest diversions awaiting a warm hand-off" in page and "Caseload" in page


def test_it_shows_the_prosecutor_only_the_filing_queue(world):
    makers.pending(world.alpha, intake_due=site_today() - timedelta(days=1))
    makers.referral(world.alpha)
    page = world.client(Role.PROSECUTOR).get("/").content.decode()
    assert "Filing queue" in page
    assert "warm hand-off" not in page and "Caseload" not in page


def test_it_shows_police_their_pending_count(world):
    makers.referral(world.alpha)
    page = world.client(Role.OFFICER).get("/").content.decode()
    assert "My agency&#x27;s referrals" in page and "1 pending" in page
