"""The conferencing area's own roster sources (the contract is in ``sources.py``): open
situations, open action items from earlier meetings, items carried forward, participants a
partner asked to discuss, and participants who became inactive since the last meeting.

One query per source, whatever the number of participants.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q

from goldenthread.conferencing import rules
from goldenthread.conferencing.models import (
    ActionItem,
    ConferenceMeeting,
    DiscussionRequest,
    RosterItem,
    Situation,
)
from goldenthread.conferencing.sources import RosterCandidate
from goldenthread.core.models import ParticipantStateChange
from goldenthread.core.roles import Role

if TYPE_CHECKING:
    from goldenthread.access.actor import Actor

CM_ROLES = frozenset(str(r) for r in rules.CASE_MANAGEMENT)
EVERYONE = frozenset(str(r) for r in rules.SPHERE_OF_ROLE) | {str(Role.DEFENDER)}


def _earlier(meeting: ConferenceMeeting) -> dict[str, object]:
    """Earlier meetings of the same OWG (same region)."""
    return {
        "meeting__site_id": meeting.site_id,
        "meeting__region": meeting.region,
        "meeting__scheduled_for__lt": meeting.scheduled_for,
    }


def open_situations(meeting: ConferenceMeeting) -> list[RosterCandidate]:
    """Open situations; a regional OWG gets its region's and those with no region."""
    rows = Situation.objects.filter(
        site_id=meeting.site_id,
        status__in=[Situation.Status.OPEN, Situation.Status.MONITORING],
    )
    if meeting.region.strip():
        rows = rows.filter(Q(region="") | Q(region__iexact=meeting.region.strip()))
    return [
        RosterCandidate(
            kind="situation",
            participant_id=None,
            situation_id=s.pk,
            title=f"Situation: {s.title} ({s.place})",
            detail=s.planned_response or s.description[:300],
            source="conferencing.situations",
            visible_to_roles=EVERYONE,
            key=f"situation:{s.pk}",
        )
        for s in rows
    ]


def open_action_items(meeting: ConferenceMeeting) -> list[RosterCandidate]:
    rows = ActionItem.objects.filter(
        status=ActionItem.Status.OPEN, **_earlier(meeting)
    ).select_related("owner", "item")
    return [
        RosterCandidate(
            kind="action_item",
            participant_id=a.item.participant_id if a.item else None,
            situation_id=a.item.situation_id if a.item else None,
            title=f"Open action: {a.description}",
            detail=f"{a.owner.get_username()}, due {a.due_on:%Y-%m-%d}",
            source="conferencing.action_items",
            visible_to_roles=frozenset(a.item.visible_to_roles) if a.item else frozenset(),
            police_agency_ids=frozenset(a.item.police_agency_ids) if a.item else frozenset(),
            tags=frozenset(a.item.tags) if a.item else frozenset(),
            key=f"action:{a.pk}",
            time_box_minutes=2,
        )
        for a in rows
    ]


def carried_items(meeting: ConferenceMeeting) -> list[RosterCandidate]:
    rows = RosterItem.objects.filter(
        status=rules.CARRIED_FORWARD,
        carried_into__isnull=True,
        meeting__status=rules.CLOSED,
        **_earlier(meeting),
    )
    return [
        RosterCandidate(
            kind=i.kind,
            participant_id=i.participant_id,
            situation_id=i.situation_id,
            title=i.title,
            detail=i.detail,
            source=i.source,
            visible_to_roles=frozenset(i.visible_to_roles),
            police_agency_ids=frozenset(i.police_agency_ids),
            tags=frozenset(i.tags),
            key=i.key or f"carried:{i.pk}",
            carried_from_id=i.pk,
            time_box_minutes=i.time_box_minutes,
        )
        for i in rows
    ]


def discussion_requests(meeting: ConferenceMeeting) -> list[RosterCandidate]:
    rows = DiscussionRequest.objects.filter(
        site_id=meeting.site_id, meeting__isnull=True
    ).select_related("participant__person", "requested_by")
    return [
        RosterCandidate(
            kind="discussion_request",
            participant_id=r.participant_id,
            title=f"{r.participant.person}: asked to discuss",
            detail=f"{r.reason} ({r.requested_by.get_username()})",
            source="conferencing.requests",
            visible_to_roles=CM_ROLES | {r.requested_role},
            # An officer's request reaches the officers of their own agency, not every one.
            police_agency_ids=(
                frozenset({r.agency_id}) if r.requested_role in rules.POLICE else frozenset()
            ),
            key=f"request:{r.pk}",
        )
        for r in rows
    ]


def became_inactive(meeting: ConferenceMeeting, since: datetime | None) -> list[RosterCandidate]:
    """Participants whose state changed to inactive ("in the wind") since the last meeting."""
    rows = ParticipantStateChange.objects.filter(
        site_id=meeting.site_id, to_state="inactive", participant__state="inactive"
    ).select_related("participant__person")
    # Before an OWG's first meeting, "since the last meeting" means the last four weeks.
    rows = rows.filter(changed_at__gte=since or meeting.scheduled_for - timedelta(days=28))
    return [
        RosterCandidate(
            kind="became_inactive",
            participant_id=c.participant_id,
            title=f"{c.participant.person}: now inactive",
            detail=c.reason or f"since {c.changed_at:%Y-%m-%d}",
            source="core.state_changes",
            visible_to_roles=CM_ROLES,
            key=f"inactive:{c.pk}",
        )
        for c in rows
    ]


def items(
    actor: Actor, meeting: ConferenceMeeting, since: datetime | None
) -> list[RosterCandidate]:
    return [
        *carried_items(meeting),
        *open_action_items(meeting),
        *discussion_requests(meeting),
        *became_inactive(meeting, since),
        *open_situations(meeting),
    ]
