"""A site's day starts at its own midnight: each day's start falls on that day in the site's
zone, and the days follow one another, whatever the zone or the daylight-saving changes."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from goldenthread.core.days import day_start

ZONES = ["UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Asia/Kolkata", "America/Santiago"]


@given(st.dates(min_value=date(1971, 1, 1), max_value=date(2099, 12, 30)), st.sampled_from(ZONES))
def test_a_day_starts_on_itself_and_before_the_next(day, zone):
    tz = ZoneInfo(zone)
    start, next_start = day_start(day, tz), day_start(day + timedelta(days=1), tz)
    assert start.astimezone(tz).date() == day
    assert start < next_start
    assert start.utcoffset() is not None
