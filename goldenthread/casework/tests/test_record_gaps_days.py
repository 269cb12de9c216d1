"""The PCG report's "no recent contact" counts a contact by the site's day: one in the evening
of the window's first day counts, whatever its UTC date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from goldenthread.casework.queries import record_gaps
from goldenthread.casework.tests.factories import contact

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 10)  # with 30 in-the-wind days, contacts from 11 November count


@pytest.mark.parametrize(
    ("occurred", "recent"),
    [
        (datetime(2026, 11, 11, 0, 0), True),  # the window's first minute, site time
        (datetime(2026, 11, 10, 23, 30), False),  # 11 November in UTC, the 10th at the site
        (datetime(2026, 11, 10, 17, 0), False),  # the day before, site time
        (datetime(2026, 12, 9, 20, 0), True),
    ],
)
def test_a_contact_is_recent_by_the_sites_day(world, occurred, recent):
    site = world.alpha.site
    site.time_zone = "America/Los_Angeles"
    site.save()
    p = world.participant()
    contact(world.alpha, p, occurred_at=occurred.replace(tzinfo=site.tz))
    gaps = record_gaps(site.pk, TODAY, 30, site.tz)
    assert gaps.in_program == 1
    assert gaps.no_recent_contact == (0 if recent else 1)
