"""Synthetic OWG case conferencing for one site (``goldenthread synth``): bulk inserts only.

The OWG meets every other week (domain.md, "Governance": weekly or biweekly); a year of
meetings, each with a few roster items about participants (legal events, inactivity,
discussion requests), most discussed, some carried forward, with a short LEAD-derived note on
the discussed ones. Past meetings are closed; today's is a draft.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from goldenthread.conferencing import rules
from goldenthread.conferencing.models import ConferenceMeeting, DiscussionNote, RosterItem
from goldenthread.core.models import Membership

BATCH = 2000
CADENCE_DAYS = 14
MEETINGS = 26  # a year of biweekly meetings
CM_ROLES = sorted(str(r) for r in rules.CASE_MANAGEMENT)
KINDS = [
    ("legal_event", "court date coming up", "legal.court_date", ["legal"]),
    ("became_inactive", "now inactive", "core.state_changes", []),
    ("discussion_request", "asked to discuss", "conferencing.requests", []),
    ("no_contact", "no contact in 30 days", "casework.no_contact", []),
]


def populate(ctx: Any) -> None:
    rng, site, today = ctx.rng, ctx.site, ctx.today
    people = [p for p in ctx.participants if p.state != "exited"] or ctx.participants
    pm = (ctx.users.get("pm") or [None])[0]
    first = today - timedelta(days=CADENCE_DAYS * MEETINGS)
    meetings = []
    for n in range(MEETINGS + 1):
        day = first + timedelta(days=CADENCE_DAYS * n)
        at = timezone.make_aware(datetime.combine(day, time(9)))
        past = day < today
        meetings.append(
            ConferenceMeeting(
                site=site,
                title=f"OWG {day:%Y-%m-%d}",
                scheduled_for=at,
                status=rules.CLOSED if past else rules.DRAFT,
                opened_at=at if past else None,
                closed_at=at + timedelta(hours=1, minutes=30) if past else None,
                minutes="Roster reviewed; action items assigned." if past else "",
            )
        )
    meetings = ConferenceMeeting.objects.bulk_create(meetings, batch_size=BATCH)
    items = []
    for m in meetings:
        if not people:
            break
        for order in range(1, rng.randint(3, 6) + 1):
            p = rng.choice(people)
            kind, what, source, tags = rng.choice(KINDS)
            closed = m.status == rules.CLOSED
            status = (
                (rules.DISCUSSED if rng.random() < 0.85 else rules.CARRIED_FORWARD)
                if closed
                else rules.PENDING
            )
            items.append(
                RosterItem(
                    site=site,
                    meeting=m,
                    kind=kind,
                    participant=p,
                    title=f"Participant {p.pk}: {what}",
                    source=source,
                    key=f"synth:{m.pk}:{order}",
                    order=order,
                    status=status,
                    visible_to_roles=CM_ROLES + (["prosecutor"] if tags else []),
                    tags=tags,
                )
            )
    items = RosterItem.objects.bulk_create(items, batch_size=BATCH)
    if pm is not None:
        pm_agency_id = (
            Membership.objects.filter(site=site, user=pm, role="pm")
            .values_list("agency_id", flat=True)
            .first()
        )
        DiscussionNote.objects.bulk_create(
            [
                DiscussionNote(
                    site=site,
                    item=i,
                    text="Discussed; plan agreed.",
                    author=pm,
                    author_role="pm",
                    author_agency_id=pm_agency_id,
                )
                for i in items
                if i.status == rules.DISCUSSED
            ],
            batch_size=BATCH,
        )
