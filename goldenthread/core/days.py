"""A site's days as instants. A site's periods (this month, a report's quarter, the in-the-wind
window) are runs of its own days; a timestamp belongs to one by the site's midnights, not by
its date in the database's time zone (UTC), where a Pacific site's evening is the next day."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo


def day_start(day: date, tz: tzinfo) -> datetime:
    """The first instant of ``day`` in the time zone ``tz`` (a site's midnight): a period of
    days from ``since`` to ``before`` holds the instants ``day_start(since, tz) <= t <
    day_start(before, tz)``."""
    return datetime.combine(day, time.min, tzinfo=tz)
