"""Casework's roster source for OWG case conferencing (the contract is in
``conferencing.sources`` and docs/conferencing.md): participants with no contact in the
site's ``inactive_after_days`` ("in the wind", ``rules.is_in_the_wind``), for case-management
roles only. Title and detail carry the name, the days since the last contact and the case
manager; never a note or anything else clinical. One query, whatever the caseload."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from goldenthread.access.scopes import CASE_MANAGEMENT_ROLES
from goldenthread.casework import rules
from goldenthread.casework.models import Contact
from goldenthread.conferencing.sources import RosterCandidate
from goldenthread.core.days import day_start
from goldenthread.core.models import Participant

if TYPE_CHECKING:
    from goldenthread.access.actor import Actor

VISIBLE_TO = frozenset(str(r) for r in CASE_MANAGEMENT_ROLES)
# Someone already marked inactive reaches the roster through conferencing's own source.
WORKING_STATES = ("enrolled", "active")


def items(actor: Actor, meeting: Any, since: datetime | None) -> list[RosterCandidate]:
    if actor.site_id != meeting.site_id:
        return []
    site = actor.site
    tz = site.tz
    today = timezone.localdate(timezone=tz)
    after = site.inactive_after_days
    cutoff = today - timedelta(days=after)  # last contact on or before this day: in the wind
    before = day_start(cutoff + timedelta(days=1), tz)
    last = (
        # By site and participant: the (site, participant, occurred_at) index gives the newest.
        Contact.objects.filter(site_id=meeting.site_id, participant=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    rows = (
        Participant.objects.filter(site_id=meeting.site_id, state__in=WORKING_STATES)
        .annotate(last_contact_at=Subquery(last))
        .filter(
            Q(last_contact_at__lt=before) | Q(last_contact_at__isnull=True, enrolled_on__lte=cutoff)
        )
        .select_related("person", "case_manager")
        .order_by("enrolled_on", "pk")
    )
    out = []
    for p in rows:
        at = p.last_contact_at  # type: ignore[attr-defined]
        last_on = timezone.localtime(at, tz).date() if at else None
        if not rules.is_in_the_wind(last_on, p.enrolled_on, today, after):
            continue
        days = rules.days_since(last_on or p.enrolled_on, today)
        seen = f"last contact {last_on:%Y-%m-%d}" if last_on else "never contacted since enrolment"
        cm = p.case_manager.get_username() if p.case_manager else "unassigned"
        out.append(
            RosterCandidate(
                kind="no_contact",
                participant_id=p.pk,
                title=f"No contact in {days} days: {p}",
                detail=f"{seen}; case manager {cm}",
                source="casework.no_contact",
                visible_to_roles=VISIBLE_TO,
                key=f"casework:nc:{p.pk}",
                time_box_minutes=3,
            )
        )
    return out
