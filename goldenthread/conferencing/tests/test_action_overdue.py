"""Whether an action item is overdue is counted in the site's calendar, not the server's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from goldenthread.conferencing.models import ActionItem
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.roles import Role

# At any hour one of these sites is on another calendar day than UTC (the server's zone).
AHEAD, BEHIND = "Pacific/Kiritimati", "Pacific/Pago_Pago"


@pytest.mark.django_db
def test_overdue_follows_the_sites_local_date(world):
    server_today = datetime.now(UTC).date()
    site = world.alpha.site
    for zone in (AHEAD, BEHIND):
        site_today = timezone.localdate(timezone=__import__("zoneinfo").ZoneInfo(zone))
        if site_today != server_today:
            break
    site.time_zone = zone
    site.save()
    # Due on the earlier of the two days: overdue by one calendar, not by the other.
    due = min(site_today, server_today)
    overdue = due < site_today
    ActionItem.objects.create(
        site=site,
        meeting=meeting(world.alpha, "closed"),
        description="Call the shelter",
        owner=world.alpha.users[Role.CM],
        agency=world.alpha.memberships[Role.CM].agency,
        due_on=due,
    )
    home = world.client(Role.CM).get("/").content.decode()
    assert ("Call the shelter (due" in home) and (", overdue)" in home) is overdue
    page = world.client(Role.CM).get("/conferencing/action-items/").content.decode()
    assert ("overdue</span>" in page) is overdue
    assert abs(site_today - server_today) == timedelta(days=1)
