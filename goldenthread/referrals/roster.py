"""The referrals area's roster source for OWG case conferencing (docs/conferencing.md, issue
8): new referrals since the last meeting with their status, and intakes pending (flagged when
about to expire). One query per call, whatever the number of referrals.

Police visibility: an officer learns how the people *their agency* referred are doing, and
nothing of another agency's referrals: each item lists the police roles and names the
referring agency in ``police_agency_ids`` (conferencing shows it to police of that agency
only). A community partner's referral names a non-police agency, so no officer sees it.

Regions: ``regions`` tells conferencing where each participant belongs (the area of their
latest referral that records one), so a regional OWG's roster holds its own participants.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from goldenthread.conferencing.sources import RosterCandidate
from goldenthread.core.roles import Role
from goldenthread.referrals import rules
from goldenthread.referrals.models import Referral

if TYPE_CHECKING:
    from goldenthread.access.actor import Actor

# The roles that read everything in the referrals area (access.policy, REFERRALS); the PM
# always sees roster items.
VISIBLE_TO = frozenset({str(Role.CM), str(Role.SUPERVISOR), str(Role.OUTREACH)})
# Police see the status of their own agency's referrals (access.policy, REFERRALS).
POLICE = frozenset({str(Role.OFFICER), str(Role.POLICE_SUPERVISOR)})
# Before an OWG's first meeting, "new" means the past two weeks (it meets weekly or every
# other week: docs/conferencing.md).
FIRST_MEETING_LOOKBACK = timedelta(days=14)
# An intake due within this many days of the meeting is "about to expire".
ABOUT_TO_EXPIRE_DAYS = 2
DOOR_LABEL = {rules.ARREST: "arrest diversion", rules.SOCIAL: "social contact"}
FIELDS = (
    "id",
    "door",
    "state",
    "referring_agency",
    "first_name",
    "last_name",
    "area",
    "created_at",
    "contact_at",
    "intake_due",
    "waiting_since",
    "participant_id",
)


def _scoped(meeting: Any) -> Any:
    rows = Referral.objects.filter(site_id=meeting.site_id)
    if meeting.region:
        # A regional OWG: referrals from its area, and those with no area recorded.
        rows = rows.filter(Q(area__iexact=meeting.region) | Q(area=""))
    return rows.only(*FIELDS).order_by("created_at", "id")


def _status(r: Referral) -> str:
    if r.state == rules.INTAKE_PENDING and r.waiting_since is not None:
        return "waiting for capacity"
    if r.state == rules.INTAKE_PENDING and r.intake_due:
        return f"intake pending, due {r.intake_due}"
    return r.get_state_display().lower()


def items(actor: Actor, meeting: Any, since: datetime | None) -> list[RosterCandidate]:
    start = since or (meeting.scheduled_for - FIRST_MEETING_LOOKBACK)
    meeting_day = meeting.scheduled_for.astimezone(actor.site.tz).date()
    soon = meeting_day + timedelta(days=ABOUT_TO_EXPIRE_DAYS)
    found: list[RosterCandidate] = []
    rows = list(
        _scoped(meeting).filter(
            Q(created_at__gte=start, created_at__lt=meeting.scheduled_for)
            | Q(state=rules.INTAKE_PENDING, waiting_since__isnull=True, intake_due__isnull=False)
        )
    )
    new = [r for r in rows if start <= r.created_at < meeting.scheduled_for]
    new_ids = {r.pk for r in new}
    for r in new:
        found.append(
            RosterCandidate(
                kind="referral",
                participant_id=r.participant_id,
                title=f"New referral: {r.name} ({DOOR_LABEL.get(r.door, r.door)})",
                detail=f"Referred {r.created_at.astimezone(actor.site.tz):%Y-%m-%d}; {_status(r)}.",
                source="referrals.new",
                visible_to_roles=VISIBLE_TO | POLICE,
                police_agency_ids=frozenset({r.referring_agency_id}),
                key=f"referrals:new:{r.pk}",
            )
        )
    found += _outcomes(actor, meeting, start, exclude=new_ids)
    for r in rows:
        if r.pk in new_ids:
            continue
        assert r.intake_due is not None
        expiring = r.intake_due <= soon
        found.append(
            RosterCandidate(
                kind="intake_pending",
                participant_id=None,
                title=f"{'Intake about to expire' if expiring else 'Intake pending'}: {r.name}",
                detail=f"{DOOR_LABEL.get(r.door, r.door).capitalize()}; intake due {r.intake_due}.",
                source="referrals.intake",
                visible_to_roles=VISIBLE_TO | POLICE,
                police_agency_ids=frozenset({r.referring_agency_id}),
                key=f"referrals:intake:{r.pk}",
                time_box_minutes=5 if expiring else 3,
            )
        )
    return found


OUTCOMES = (rules.ENROLLED, rules.DECLINED, rules.INELIGIBLE, rules.INTAKE_EXPIRED)


def _outcomes(
    actor: Actor, meeting: Any, start: datetime, *, exclude: Collection[int]
) -> list[RosterCandidate]:
    """Older referrals whose outcome (enrolled, declined, ineligible, intake expired) came
    since the last meeting: the referring agency's police learn what became of the people they
    referred (issue 8). One query, through the referral's state history."""
    changed = (
        _scoped(meeting)
        .filter(
            changes__to_state__in=OUTCOMES,
            changes__changed_at__gte=start,
            changes__changed_at__lt=meeting.scheduled_for,
            state__in=OUTCOMES,
        )
        .exclude(pk__in=list(exclude))
        .distinct()
    )
    return [
        RosterCandidate(
            kind="referral_outcome",
            participant_id=r.participant_id,
            title=f"Referral outcome: {r.name} ({DOOR_LABEL.get(r.door, r.door)})",
            detail=f"Referred {r.created_at.astimezone(actor.site.tz):%Y-%m-%d}; {_status(r)}.",
            source="referrals.outcome",
            visible_to_roles=VISIBLE_TO | POLICE,
            police_agency_ids=frozenset({r.referring_agency_id}),
            key=f"referrals:outcome:{r.pk}:{r.state}",
        )
        for r in changed
    ]


def regions(site_id: int, participant_ids: Collection[int]) -> dict[int, str]:
    """Each participant's region for the OWG roster: the area of their latest referral that
    records one. One query."""
    rows = (
        Referral.objects.filter(site_id=site_id, participant_id__in=list(participant_ids))
        .exclude(area="")
        .order_by("created_at", "id")
        .values_list("participant_id", "area")
    )
    return {pk: area for pk, area in rows if pk is not None}
