"""The Golden Rule review counts bound a period by the site's days: a decision flagged or a
review made in a site's evening belongs to that day's period, whatever its UTC date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from goldenthread.core.roles import Role
from goldenthread.legal import queries, rules
from goldenthread.legal.tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("decided", "reviewed", "counted"),
    [
        (datetime(2026, 11, 30, 17, 30), None, {"open": 1}),  # 1 December in UTC
        (datetime(2026, 12, 1, 0, 0), None, {}),  # the next period's first minute
        (datetime(2026, 10, 31, 23, 0), None, {}),  # 1 November in UTC
        (datetime(2026, 10, 20, 9, 0), datetime(2026, 11, 30, 20, 0), {"cleared": 1}),
        (datetime(2026, 11, 2, 9, 0), datetime(2026, 12, 1, 0, 30), {}),  # reviewed later
    ],
)
def test_a_review_counts_in_the_period_of_its_site_day(world, decided, reviewed, counted):
    site = world.alpha.site
    site.time_zone = "America/Los_Angeles"
    site.save()
    tz = site.tz
    extra = {}
    if reviewed is not None:
        extra = {"reviewed_at": reviewed.replace(tzinfo=tz), "review_outcome": "cleared"}
    factories.decision(
        world.alpha,
        factories.case(world, world.alpha),
        rules.HOLD,
        decided_at=decided.replace(tzinfo=tz),
        flagged_for_review=True,
        **extra,
    )
    actor = world.actor(Role.PM)
    actor.site.time_zone = "America/Los_Angeles"
    found = queries.review_counts(actor, since=date(2026, 11, 1), before=date(2026, 12, 1))
    assert {k: n for k, n in found.items() if n} == counted
