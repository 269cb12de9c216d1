"""Conferencing read paths for `make bench`: an OWG meeting's roster."""

from __future__ import annotations

from typing import Any

from goldenthread.access.actor import actor_for
from goldenthread.benchmarks import BenchRead
from goldenthread.conferencing import actions, rules
from goldenthread.conferencing.models import ConferenceMeeting
from goldenthread.core.models import Site


def _latest_meeting(site: Site, user: Any) -> str:
    """The latest meeting's roster as the PM opens it before the meeting: built from its
    sources for the whole site (``roster_build``: new referrals and their outcomes, legal
    events, holds due, inactivity, requests), once. The synthetic data gives each meeting only
    a few items; built, the roster of a site of 1,500 to 2,000 participants holds 176 to 222."""
    meeting = ConferenceMeeting.objects.filter(site=site).order_by("-scheduled_for").first()
    if meeting is None:
        raise RuntimeError(f"{site.slug} has no OWG meeting to read")
    built = meeting.items.exclude(key__startswith="synth:").exists()
    if meeting.status != rules.CLOSED and not built:
        actions.roster_build(actor=actor_for(user, site), meeting_id=meeting.pk)
    return f"/conferencing/{meeting.pk}/"  # its first page: 50 items (queries.ROSTER_PAGE)


READS = [
    BenchRead(
        "OWG roster (PM)",
        "pm",
        _latest_meeting,
        # The rows the first page shows: its 50 items, in the roster's order, with what each
        # item's line says.
        floor_sql=(
            "SELECT i.id, i.title, i.status, i.time_box_minutes, i.detail, i.tags "
            "FROM conferencing_rosteritem i "
            "WHERE i.meeting_id = (SELECT m.id FROM conferencing_conferencemeeting m "
            "WHERE m.site_id = %(site)s ORDER BY m.scheduled_for DESC LIMIT 1) "
            'ORDER BY i."order", i.id LIMIT 50'
        ),
        weight=5,
    ),
]
