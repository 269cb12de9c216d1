"""Conferencing read paths for `make bench`: an OWG meeting's roster."""

from __future__ import annotations

from typing import Any

from goldenthread.benchmarks import BenchRead
from goldenthread.conferencing.models import ConferenceMeeting
from goldenthread.core.models import Site


def _latest_meeting(site: Site, user: Any) -> str:
    pk = (
        ConferenceMeeting.objects.filter(site=site)
        .order_by("-scheduled_for")
        .values_list("pk", flat=True)
        .first()
    )
    return f"/conferencing/{pk}/"


READS = [
    BenchRead(
        "OWG roster (PM)",
        "pm",
        _latest_meeting,
        floor_sql=(
            "SELECT i.id, i.kind, i.status, i.participant_id FROM conferencing_rosteritem i "
            "WHERE i.meeting_id = (SELECT m.id FROM conferencing_conferencemeeting m "
            "WHERE m.site_id = %(site)s ORDER BY m.scheduled_for DESC LIMIT 1)"
        ),
        weight=5,
    ),
]
