"""The demo site's OWG: past meetings with minutes, open situations, carried-forward items."""

from __future__ import annotations

from goldenthread.conferencing.models import (
    ActionItem,
    ConferenceMeeting,
    MinutesAmendment,
    RosterItem,
    Situation,
)


def test_it_builds_the_demo_owg(demo_site):
    closed = ConferenceMeeting.objects.filter(status="closed")
    assert closed.count() == 2 and all(m.minutes for m in closed)
    assert ConferenceMeeting.objects.filter(status="draft").count() == 1
    assert Situation.objects.exclude(status="resolved").count() == 2
    assert RosterItem.objects.filter(status="carried_forward").exists()
    assert RosterItem.objects.filter(carried_from__isnull=False).exists()
    assert ActionItem.objects.filter(status="open").exists()
    assert MinutesAmendment.objects.count() == 1
