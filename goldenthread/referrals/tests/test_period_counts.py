"""Planning's referral counts by period bucket each contact by the site's day, not the
database's (UTC): a contact in a site's evening belongs to that evening's period."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from goldenthread.referrals.queries import counts_by_area_door_state
from goldenthread.referrals.tests.makers import referral

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("local", "in_november"),
    [
        (datetime(2026, 11, 1, 0, 0), True),  # the period's first minute
        (datetime(2026, 11, 30, 17, 30), True),  # the site's evening: 1 December in UTC
        (datetime(2026, 11, 30, 23, 59), True),
        (datetime(2026, 12, 1, 0, 0), False),  # the next period's first minute
        (datetime(2026, 10, 31, 23, 59), False),  # 1 November in UTC, October at the site
    ],
)
def test_a_contact_counts_in_the_period_of_its_site_day(world, local, in_november):
    site = world.alpha.site
    site.time_zone = "America/Los_Angeles"
    site.save()
    tz = site.tz
    referral(world.alpha, contact_at=local.replace(tzinfo=tz), area="North")
    found = counts_by_area_door_state(
        site.pk, since=date(2026, 11, 1), before=date(2026, 12, 1), tz=tz
    )
    assert sum(n for *_, n in found) == (1 if in_november else 0)


@pytest.mark.parametrize(
    ("local", "month"),
    [
        (datetime(2026, 1, 31, 20, 0), date(2026, 1, 1)),  # 1 February in UTC
        (datetime(2026, 2, 1, 0, 30), date(2026, 2, 1)),
        (datetime(2026, 2, 28, 23, 59), date(2026, 2, 1)),
        (datetime(2026, 3, 1, 0, 0), None),  # on ``before``: left out
    ],
)
def test_the_forecasts_months_are_the_sites(world, local, month):
    """The forecast's arrivals per month (counts_by_door_month_state) fall in the months of
    the site's time zone, and ``before`` is the site's midnight."""
    from goldenthread.referrals.queries import counts_by_door_month_state

    site = world.alpha.site
    site.time_zone = "America/Los_Angeles"
    site.save()
    referral(world.alpha, contact_at=local.replace(tzinfo=site.tz), door="arrest")
    found = counts_by_door_month_state(site.pk, before=date(2026, 3, 1), tz=site.tz)
    assert [m for _, m, _, _ in found] == ([] if month is None else [month])
