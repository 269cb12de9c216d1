"""The demo's OWG: two past meetings with minutes, decisions and action items, situations
still open, items carried forward, and a draft meeting for next week whose roster the PM can
build."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from goldenthread.access.actor import Actor
from goldenthread.conferencing import actions
from goldenthread.conferencing.models import RosterItem
from goldenthread.core.demo import DemoContext
from goldenthread.core.models import Agency, Membership

K = Agency.Kind
ATTENDING = (K.POLICE, K.PROSECUTOR, K.CASE_MANAGEMENT, K.PROJECT_MANAGEMENT)


def _actor(ctx: DemoContext, username: str) -> Actor:
    membership = Membership.objects.select_related("site", "agency").get(
        site=ctx.site, user=ctx.users[username]
    )
    return Actor(user=ctx.users[username], membership=membership, via="demo")


def _when(ctx: DemoContext, days_ago: int) -> datetime:
    day = ctx.today - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(10, 0)), ctx.site.tz)


def _situations(ctx: DemoContext, pm: Actor) -> list[Any]:
    police, cma = ctx.agency(K.POLICE), ctx.agency(K.CASE_MANAGEMENT)
    camp = actions.situation_create(
        actor=pm,
        title="Encampment under the viaduct",
        place="4th Ave S & S Royal Brougham Way",
        description="Twelve tents; neighbours report needles and a fire last week.",
        planned_response="Outreach twice a week; SPD refers rather than sweeps.",
        partner_ids=[police.pk, cma.pk],
        participant_ids=[p.pk for p in ctx.participants[:2]],
    )
    corner = actions.situation_create(
        actor=pm,
        title="Dealing on the corner by the clinic",
        place="3rd & Pike",
        description="Business association complaints; several LEAD participants gather there.",
        planned_response="Case managers meet participants elsewhere; PM meets the association.",
        partner_ids=[police.pk, cma.pk],
    )
    return [camp, corner]


def _past_meeting(ctx: DemoContext, pm: Actor, days_ago: int, title: str, reach: int) -> Any:
    """A past meeting: roster built, the first ``reach`` items worked through, then closed."""
    meeting = actions.meeting_create(
        actor=pm, title=title, scheduled_for=_when(ctx, days_ago), region="Downtown"
    )
    actions.roster_build(actor=pm, meeting_id=meeting.pk)
    people = [p for p in ctx.participants if p.state == "active"]
    for n, participant in enumerate(people[days_ago % 5 : days_ago % 5 + 3]):
        actions.roster_item_add(
            actor=pm,
            meeting_id=meeting.pk,
            title=f"Referral outcome: {participant.person} enrolled",
            participant_id=participant.pk,
            visible_to_roles=["cm", "officer", "police_supervisor"],
            time_box_minutes=3,
        )
        if n == 0:
            actions.roster_item_add(
                actor=pm,
                meeting_id=meeting.pk,
                title=f"{participant.person}: court date in 10 days",
                participant_id=participant.pk,
                visible_to_roles=["cm", "advocate", "prosecutor"],
                tags=["legal"],
            )
    actions.meeting_open(actor=pm, meeting_id=meeting.pk)
    actions.attendance_record(
        actor=pm,
        meeting_id=meeting.pk,
        agency_ids=[
            a.pk
            for a in ctx.agencies
            if a.kind in (K.POLICE, K.PROSECUTOR, K.CASE_MANAGEMENT, K.PROJECT_MANAGEMENT)
        ],
    )
    cm, prosecutor = _actor(ctx, "cm"), _actor(ctx, "prosecutor")
    reached = list(RosterItem.objects.filter(meeting=meeting))[:reach]
    # Other areas' roster sources fill the roster too; make sure one reached item is about a
    # participant and not a legal one, so the demo shows a clinical decision and action item.
    if not any(i.participant_id and "legal" not in i.tags for i in reached):
        candidates = RosterItem.objects.filter(meeting=meeting, participant__isnull=False).exclude(
            pk__in=[i.pk for i in reached]
        )
        extra = next((i for i in candidates if "legal" not in i.tags), None)
        if extra is not None:
            reached.append(extra)
    for item in reached:
        actions.note_add(actor=pm, item_id=item.pk, text="Discussed; partners agree on next steps.")
        if "legal" in item.tags:
            actions.decision_record(
                actor=prosecutor,
                item_id=item.pk,
                sphere="prosecutorial",
                decision="Hold the filing decision in abeyance; review at the next OWG.",
            )
        elif item.participant_id:
            actions.decision_record(
                actor=_actor(ctx, "cm"),
                item_id=item.pk,
                sphere="clinical",
                decision="Prioritise a housing referral this month.",
            )
            actions.action_item_create(
                actor=pm,
                item_id=item.pk,
                description="Book a housing assessment",
                owner_id=cm.user_id,
                due_on=ctx.today + timedelta(days=ctx.rng.randint(-3, 10)),
            )
        actions.roster_item_update(actor=pm, item_id=item.pk, status="discussed")
    minutes = (
        f"{title}. Police, prosecutors and case management attended. "
        f"{reach} items discussed; the rest carried forward."
    )
    actions.minutes_edit(actor=pm, meeting_id=meeting.pk, minutes=minutes)
    actions.meeting_close(actor=pm, meeting_id=meeting.pk)
    return meeting


def populate(ctx: DemoContext) -> None:
    pm = _actor(ctx, "pm")
    camp, _corner = _situations(ctx, pm)
    actions.discussion_request_create(
        actor=_actor(ctx, "advocate"),
        participant_id=ctx.participants[3].pk,
        reason="Warrant in a neighbouring county; coordinate before the court date.",
    )
    first = _past_meeting(ctx, pm, 21, "OWG Downtown", reach=3)
    actions.minutes_edit(
        actor=pm,
        meeting_id=first.pk,
        minutes=first.minutes + " The defender's office also attended.",
        amendment_reason="Attendance was incomplete",
    )
    actions.situation_update(
        actor=pm, situation_id=camp.pk, status="monitoring", note="Eight tents now."
    )
    _past_meeting(ctx, pm, 7, "OWG Downtown", reach=2)
    actions.meeting_create(
        actor=pm, title="OWG Downtown", scheduled_for=_when(ctx, -7), region="Downtown"
    )
