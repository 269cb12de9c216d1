"""Every write of OWG case conferencing. Each action checks the actor's permission, validates,
saves in one transaction and writes an audit event."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from goldenthread.access.actor import Actor, Conflict, NotFound, Refused
from goldenthread.access.policy import Category
from goldenthread.access.scopes import participants_q
from goldenthread.audit.actions import audit_record
from goldenthread.conferencing import queries, rules
from goldenthread.conferencing.models import (
    ActionItem,
    ConferenceMeeting,
    DiscussionNote,
    DiscussionRequest,
    MinutesAmendment,
    PartnerDecision,
    RosterItem,
    Situation,
    SituationUpdate,
)
from goldenthread.conferencing.sources import candidates_for, regions_of
from goldenthread.core.models import Agency, Membership, Participant
from goldenthread.governance import actions as governance_actions
from goldenthread.governance import queries as governance_queries


def _text(value: str, field: str, *, at_least: int = 1, at_most: int = 10_000) -> str:
    value = (value or "").strip()
    if len(value) < at_least:
        raise Refused(f"{field.replace('_', ' ')}: this is required.", field=field)
    if len(value) > at_most:
        raise Refused(f"{field.replace('_', ' ')}: at most {at_most} characters.", field=field)
    return value


def _locked_meeting(actor: Actor, meeting_id: int) -> ConferenceMeeting:
    meeting = (
        ConferenceMeeting.objects.select_for_update(no_key=True)
        .filter(site_id=actor.site_id, pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFound()
    return meeting


def _not_closed(meeting: ConferenceMeeting) -> None:
    refusal = rules.closed_meeting_refusal(meeting.status)
    if refusal:
        raise Conflict(refusal, field="meeting")


def _agencies(actor: Actor, ids: list[int], field: str) -> list[Agency]:
    found = list(Agency.objects.filter(site_id=actor.site_id, pk__in=ids))
    if len(found) != len(set(ids)):
        raise Refused(f"{field}: unknown agency.", field=field)
    return found


# Meetings -----------------------------------------------------------------------------------


def meeting_create(
    *,
    actor: Actor,
    title: str,
    scheduled_for: datetime,
    region: str = "",
    governance_body_id: int | None = None,
) -> ConferenceMeeting:
    """Schedule an OWG case-conference meeting (a draft until the PM opens it)."""
    actor.require("conferencing.run")
    title = _text(title, "title", at_most=200)
    if scheduled_for is None:
        raise Refused("scheduled for: this is required.", field="scheduled_for")
    if governance_body_id is not None:
        region = _owg_body_region(actor, governance_body_id) or region
    with transaction.atomic():
        meeting = ConferenceMeeting.objects.create(
            site_id=actor.site_id,
            title=title,
            region=(region or "").strip()[:120],
            scheduled_for=scheduled_for,
            governance_body_id=governance_body_id,
        )
        audit_record(
            actor=actor,
            action="meeting.create",
            obj=meeting,
            after={"title": title, "scheduled_for": scheduled_for, "region": meeting.region},
        )
    return meeting


def _owg_body_region(actor: Actor, body_id: int) -> str:
    """Check that ``body_id`` is one of the site's standing OWG bodies (through governance's
    queries) and return its region (``scope_area``), which then scopes the roster."""
    try:
        body = governance_queries.owg_body_for(actor, body_id)
    except NotFound:
        raise Refused(
            "governance body: choose one of this site's standing OWG bodies.",
            field="governance_body_id",
        ) from None
    return body.scope_area.strip()[:120]


def meeting_body_link(
    *, actor: Actor, meeting_id: int, governance_body_id: int | None
) -> ConferenceMeeting:
    """Link a meeting to the governance OWG body it is a meeting of (or unlink it). A body
    with a region gives the meeting that region, so the roster is scoped by it."""
    actor.require("conferencing.run")
    region = None
    if governance_body_id is not None:
        region = _owg_body_region(actor, governance_body_id)
    with transaction.atomic():
        meeting = _locked_meeting(actor, meeting_id)
        _not_closed(meeting)
        before = {"governance_body_id": meeting.governance_body_id, "region": meeting.region}
        meeting.governance_body_id = governance_body_id
        if region:
            meeting.region = region
        meeting.save(update_fields=["governance_body_id", "region", "updated_at"])
        audit_record(
            actor=actor,
            action="meeting.link_body",
            obj=meeting,
            before=before,
            after={"governance_body_id": governance_body_id, "region": meeting.region},
        )
    return meeting


def meeting_issue_escalate(*, actor: Actor, meeting_id: int, title: str, description: str) -> Any:
    """An administrative issue raised at this OWG meeting, escalated to the PCG through
    governance's escalation path (docs/governance.md): the issue is recorded on the meeting's
    OWG body and a draft PCG proposal is made from it. Returns the proposal."""
    actor.require("conferencing.run")
    title = _text(title, "title", at_least=3, at_most=200)
    description = _text(description, "description", at_least=5)
    with transaction.atomic():
        meeting = _locked_meeting(actor, meeting_id)
        if meeting.governance_body_id is None:
            raise Refused(
                "governance body: link this meeting to its OWG body before escalating.",
                field="governance_body_id",
            )
        issue = governance_actions.issue_create(
            actor=actor,
            body_id=meeting.governance_body_id,
            title=title,
            description=f"{description}\n\nRaised at the OWG meeting "
            f'"{meeting.title}" of {timezone.localtime(meeting.scheduled_for):%Y-%m-%d}.',
        )
        proposal = governance_actions.issue_escalate(actor=actor, issue_id=issue.pk)
        audit_record(
            actor=actor,
            action="meeting.escalate_issue",
            obj=meeting,
            after={"issue": issue.pk, "proposal": proposal.pk, "title": title},
        )
    return proposal


def meeting_open(*, actor: Actor, meeting_id: int) -> ConferenceMeeting:
    """Start the meeting: from now on notes, decisions and action items can be recorded."""
    actor.require("conferencing.run")
    with transaction.atomic():
        meeting = _locked_meeting(actor, meeting_id)
        if meeting.status != rules.DRAFT:
            raise Conflict("Only a draft meeting can be opened.", field="status")
        meeting.status, meeting.opened_at = rules.OPEN, timezone.now()
        meeting.save(update_fields=["status", "opened_at", "updated_at"])
        audit_record(
            actor=actor,
            action="meeting.open",
            obj=meeting,
            before={"status": rules.DRAFT},
            after={"status": rules.OPEN},
        )
    return meeting


def meeting_close(*, actor: Actor, meeting_id: int) -> ConferenceMeeting:
    """Close the meeting. Items not reached are carried forward to the next meeting."""
    actor.require("conferencing.run")
    with transaction.atomic():
        meeting = _locked_meeting(actor, meeting_id)
        if meeting.status != rules.OPEN:
            raise Conflict("Only a meeting in progress can be closed.", field="status")
        statuses = dict(meeting.items.values_list("pk", "status"))
        carried = rules.carried_forward(statuses)
        RosterItem.objects.filter(pk__in=carried).update(status=rules.CARRIED_FORWARD)
        meeting.status, meeting.closed_at = rules.CLOSED, timezone.now()
        meeting.save(update_fields=["status", "closed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="meeting.close",
            obj=meeting,
            before={"status": rules.OPEN},
            after={"status": rules.CLOSED, "carried_forward": carried},
        )
    return meeting


def attendance_record(*, actor: Actor, meeting_id: int, agency_ids: list[int]) -> ConferenceMeeting:
    """Record which partner agencies attended (attendance is per agency)."""
    actor.require("conferencing.run")
    with transaction.atomic():
        meeting = _locked_meeting(actor, meeting_id)
        _not_closed(meeting)
        agencies = _agencies(actor, agency_ids, "agency_ids")
        before = sorted(meeting.attending.values_list("pk", flat=True))
        meeting.attending.set(agencies)
        audit_record(
            actor=actor,
            action="meeting.attendance",
            obj=meeting,
            before={"agencies": before},
            after={"agencies": sorted(a.pk for a in agencies)},
        )
    return meeting


def minutes_edit(
    *, actor: Actor, meeting_id: int, minutes: str, amendment_reason: str = ""
) -> ConferenceMeeting:
    """Write the minutes. Once the meeting is closed, every change needs an amendment record
    saying why, kept beside the minutes."""
    actor.require("conferencing.run")
    with transaction.atomic():
        meeting = _locked_meeting(actor, meeting_id)
        refusal = rules.minutes_refusal(meeting.status, amendment_reason)
        if refusal:
            raise Refused(refusal, field="amendment_reason")
        before = meeting.minutes
        meeting.minutes = (minutes or "").strip()
        meeting.save(update_fields=["minutes", "updated_at"])
        if meeting.status == rules.CLOSED:
            MinutesAmendment.objects.create(
                site_id=actor.site_id,
                meeting=meeting,
                before=before,
                after=meeting.minutes,
                reason=amendment_reason.strip()[:300],
                amended_by=actor.user,
            )
        audit_record(
            actor=actor,
            action="meeting.minutes",
            obj=meeting,
            before={"minutes": before},
            after={"minutes": meeting.minutes, "amendment_reason": amendment_reason},
        )
    return meeting


# The roster ---------------------------------------------------------------------------------


def roster_build(*, actor: Actor, meeting_id: int) -> list[RosterItem]:
    """Add to the meeting's roster what every roster source proposes and the roster does not
    hold yet. A fixed number of queries, however many participants the site has."""
    actor.require("conferencing.run")
    with transaction.atomic():
        meeting = _locked_meeting(actor, meeting_id)
        _not_closed(meeting)
        since = queries.previous_meeting_time(meeting)
        candidates = candidates_for(actor, meeting, since)
        existing = meeting.items.aggregate(top=Max("order"))["top"] or 0
        held = {
            rules.item_identity(
                key=key, source=source, kind=kind, participant_id=pid, situation_id=sid, title=title
            )
            for key, source, kind, pid, sid, title in meeting.items.values_list(
                "key", "source", "kind", "participant_id", "situation_id", "title"
            )
        }
        fresh = []
        for c in candidates:  # each once, and none the roster holds (even one removed from it)
            same = rules.item_identity(
                key=c.key,
                source=c.source,
                kind=c.kind,
                participant_id=c.participant_id,
                situation_id=c.situation_id,
                title=c.title,
            )
            if same not in held:
                held.add(same)
                fresh.append(c)
        ids = {c.participant_id for c in fresh if c.participant_id}
        if meeting.region.strip() and ids:
            # A regional OWG: only its own region's participants (and those with no region
            # recorded), whichever source proposed them.
            regions = regions_of(actor.site_id, ids)
            fresh = [
                c
                for c in fresh
                if c.participant_id is None
                or rules.same_region(meeting.region, regions.get(c.participant_id, ""))
            ]
        known = set(
            Participant.objects.filter(site_id=actor.site_id, pk__in=ids).values_list(
                "pk", flat=True
            )
        )
        rows = [
            RosterItem(
                site_id=actor.site_id,
                meeting=meeting,
                kind=c.kind[: rules.KIND_LENGTH],
                participant_id=c.participant_id,
                situation_id=c.situation_id,
                title=c.title[: rules.TITLE_LENGTH],
                detail=c.detail,
                source=c.source[: rules.SOURCE_LENGTH],
                key=c.key[: rules.KEY_LENGTH],
                order=existing + n,
                time_box_minutes=c.time_box_minutes,
                visible_to_roles=sorted(c.visible_to_roles),
                police_agency_ids=sorted(c.police_agency_ids),
                tags=sorted(c.tags),
                carried_from_id=c.carried_from_id,
            )
            for n, c in enumerate(
                (c for c in fresh if c.participant_id is None or c.participant_id in known),
                start=1,
            )
        ]
        created = bulk_create_with_history(rows, RosterItem, default_user=actor.user)
        request_ids = [int(c.key.split(":")[1]) for c in fresh if c.key.startswith("request:")]
        if request_ids:
            DiscussionRequest.objects.filter(site_id=actor.site_id, pk__in=request_ids).update(
                meeting=meeting
            )
        audit_record(
            actor=actor,
            action="roster.build",
            obj=meeting,
            after={"added": len(created), "sources": sorted({c.source for c in fresh})},
        )
    return created


def roster_item_add(
    *,
    actor: Actor,
    meeting_id: int,
    title: str,
    detail: str = "",
    participant_id: int | None = None,
    situation_id: int | None = None,
    time_box_minutes: int = 5,
    visible_to_roles: list[str] | None = None,
    tags: list[str] | None = None,
) -> RosterItem:
    """The PM adds an item by hand, choosing who sees it."""
    actor.require("conferencing.run")
    title = _text(title, "title", at_most=200)
    refusal = rules.time_box_refusal(time_box_minutes)
    if refusal:
        raise Refused(refusal, field="time_box_minutes")
    roles = sorted(set(visible_to_roles or []))
    unknown = [r for r in roles if r not in {str(x) for x in rules.SPHERE_OF_ROLE} | {"defender"}]
    if unknown:
        raise Refused(
            f"visible to roles: {unknown[0]!r} is not an OWG role.", field="visible_to_roles"
        )
    with transaction.atomic():
        meeting = _locked_meeting(actor, meeting_id)
        _not_closed(meeting)
        if (
            participant_id is not None
            and not Participant.objects.filter(participants_q(actor), pk=participant_id).exists()
        ):
            raise Refused("participant: unknown participant.", field="participant_id")
        if (
            situation_id is not None
            and not Situation.objects.filter(site_id=actor.site_id, pk=situation_id).exists()
        ):
            raise Refused("situation: unknown situation.", field="situation_id")
        top = meeting.items.aggregate(top=Max("order"))["top"] or 0
        item = RosterItem.objects.create(
            site_id=actor.site_id,
            meeting=meeting,
            kind="situation" if situation_id else "added",
            participant_id=participant_id,
            situation_id=situation_id,
            title=title,
            detail=(detail or "").strip(),
            source="conferencing.pm",
            order=top + 1,
            time_box_minutes=time_box_minutes,
            visible_to_roles=roles,
            tags=sorted(
                set(tags or []) & {rules.LEGAL_TAG, rules.DISCLOSURES_TAG, rules.PART2_TAG}
            ),
        )
        audit_record(
            actor=actor,
            action="roster.item_add",
            obj=item,
            after={"title": title, "participant": participant_id, "visible_to_roles": roles},
        )
    return item


def roster_item_update(
    *,
    actor: Actor,
    item_id: int,
    position: int | None = None,
    time_box_minutes: int | None = None,
    status: str | None = None,
) -> RosterItem:
    """Shape the roster: move an item, give it a time box, remove it (or restore it), or mark
    it discussed."""
    actor.require("conferencing.run")
    with transaction.atomic():
        item = (
            RosterItem.objects.select_for_update(no_key=True)
            .filter(site_id=actor.site_id, pk=item_id)
            .select_related("meeting")
            .first()
        )
        if item is None:
            raise NotFound()
        _not_closed(item.meeting)
        before = {"order": item.order, "time_box": item.time_box_minutes, "status": item.status}
        if time_box_minutes is not None:
            refusal = rules.time_box_refusal(time_box_minutes)
            if refusal:
                raise Refused(refusal, field="time_box_minutes")
            item.time_box_minutes = time_box_minutes
        if status is not None:
            if status not in {rules.PENDING, rules.DISCUSSED, rules.REMOVED}:
                raise Refused("status: choose pending, discussed or removed.", field="status")
            item.status = status
        item.save()
        if position is not None:
            ids = list(item.meeting.items.values_list("pk", flat=True))
            for order, pk in enumerate(rules.moved(ids, item.pk, position), start=1):
                RosterItem.objects.filter(pk=pk).exclude(order=order).update(order=order)
            item.refresh_from_db(fields=["order"])
        audit_record(
            actor=actor,
            action="roster.item_update",
            obj=item,
            before=before,
            after={"order": item.order, "time_box": item.time_box_minutes, "status": item.status},
        )
    return item


# At the table -------------------------------------------------------------------------------


def _item_at_open_meeting(actor: Actor, item_id: int) -> RosterItem:
    item = queries.item_for(actor, item_id)
    if item.meeting.status != rules.OPEN:
        raise Conflict(
            "Notes, decisions and action items are recorded while the meeting is in progress.",
            field="meeting",
        )
    return item


def note_add(*, actor: Actor, item_id: int, text: str, part2: bool = False) -> DiscussionNote:
    """A short note of the discussion. It is LEAD-derived information (Golden Rule); a note
    with 42 CFR Part 2 information may be written only by a role that may read it."""
    actor.require("conferencing.note")
    with transaction.atomic():
        item = _item_at_open_meeting(actor, item_id)
        text = _text(text, "text", at_most=4000)
        if part2 and not actor.sees(Category.HEALTH):
            raise Refused(
                "part2: your role may not record Part 2 (health and substance-use) information.",
                field="part2",
            )
        note = DiscussionNote.objects.create(
            site_id=actor.site_id,
            item=item,
            text=text,
            part2=part2,
            author=actor.user,
            author_role=actor.role.value,
            author_agency_id=actor.agency_id,
        )
        audit_record(
            actor=actor,
            action="note.add",
            obj=note,
            after={"item": item.pk, "provenance": note.provenance, "part2": part2},
        )
    return note


def decision_record(*, actor: Actor, item_id: int, sphere: str, decision: str) -> PartnerDecision:
    """Record a partner's decision, in the partner's own sphere only. The system records
    decisions; it never makes them and never lets one partner record another's."""
    actor.require("conferencing.decide")
    with transaction.atomic():
        item = _item_at_open_meeting(actor, item_id)
        refusal = rules.decision_refusal(actor.role, sphere)
        if refusal:
            raise Refused(refusal, field="sphere")
        decision = _text(decision, "decision", at_most=2000)
        row = PartnerDecision.objects.create(
            site_id=actor.site_id,
            item=item,
            sphere=sphere,
            decision=decision,
            decided_by=actor.user,
            decided_role=actor.role.value,
            agency_id=actor.agency_id,
        )
        audit_record(
            actor=actor,
            action="decision.record",
            obj=row,
            after={"item": item.pk, "sphere": sphere, "decision": decision},
        )
    return row


def action_item_create(
    *,
    actor: Actor,
    item_id: int,
    description: str,
    owner_id: int | None,
    due_on: date | None,
    agency_id: int | None = None,
) -> ActionItem:
    """An action item, with an owner (required), an agency (the owner's, unless named) and a
    due date. The owner must hold a membership at the site."""
    actor.require("conferencing.run")
    with transaction.atomic():
        item = _item_at_open_meeting(actor, item_id)
        description = _text(description, "description", at_most=300)
        if owner_id is None:
            raise Refused("owner: every action item needs an owner.", field="owner_id")
        if due_on is None:
            raise Refused("due on: every action item needs a due date.", field="due_on")
        membership = (
            Membership.objects.filter(
                site_id=actor.site_id,
                user_id=owner_id,
                active=True,
                role__in=queries.OWNER_ROLES,
            )
            .order_by("pk")
            .first()
        )
        if membership is None:
            raise Refused("owner: the owner must hold an OWG role at this site.", field="owner_id")
        agency = membership.agency_id
        if agency_id is not None:
            agency = _agencies(actor, [agency_id], "agency_id")[0].pk
        action = ActionItem.objects.create(
            site_id=actor.site_id,
            meeting=item.meeting,
            item=item,
            description=description,
            owner_id=owner_id,
            agency_id=agency,
            due_on=due_on,
        )
        audit_record(
            actor=actor,
            action="action_item.create",
            obj=action,
            after={"owner": owner_id, "agency": agency, "due_on": due_on, "item": item.pk},
        )
    return action


def action_item_update(*, actor: Actor, action_id: int, status: str) -> ActionItem:
    """The owner (or the PM) marks an action item done, dropped, or open again."""
    actor.require("conferencing.view")
    if status not in ActionItem.Status.values:
        raise Refused("status: choose open, done or dropped.", field="status")
    with transaction.atomic():
        action = queries.action_item_for(actor, action_id, lock=True)
        before = action.status
        action.status = status
        action.completed_at = timezone.now() if status != ActionItem.Status.OPEN else None
        action.save(update_fields=["status", "completed_at", "updated_at"])
        audit_record(
            actor=actor,
            action="action_item.update",
            obj=action,
            before={"status": before},
            after={"status": status},
        )
    return action


def discussion_request_create(
    *, actor: Actor, participant_id: int, reason: str
) -> DiscussionRequest:
    """A partner asks for a participant to be discussed at the next OWG meeting."""
    actor.require("conferencing.request")
    reason = _text(reason, "reason", at_least=5, at_most=300)
    participant = Participant.objects.filter(participants_q(actor), pk=participant_id).first()
    if participant is None:
        raise NotFound()
    with transaction.atomic():
        request = DiscussionRequest.objects.create(
            site_id=actor.site_id,
            participant=participant,
            reason=reason,
            requested_by=actor.user,
            requested_role=actor.role.value,
            agency_id=actor.agency_id,
        )
        audit_record(
            actor=actor,
            action="discussion_request.create",
            obj=request,
            after={"participant": participant.pk, "reason": reason},
        )
    return request


# Situations ---------------------------------------------------------------------------------


def situation_create(
    *,
    actor: Actor,
    title: str,
    place: str,
    description: str,
    planned_response: str = "",
    partner_ids: list[int] | None = None,
    participant_ids: list[int] | None = None,
    region: str = "",
) -> Situation:
    """Record a situation: a hot spot or dynamic at a place, not tied to one person. With a
    region, it goes on that region's OWG rosters only (blank: every OWG's)."""
    actor.require("conferencing.run")
    title = _text(title, "title", at_most=200)
    place = _text(place, "place", at_most=200)
    description = _text(description, "description")
    with transaction.atomic():
        partners = _agencies(actor, partner_ids or [], "partner_ids")
        wanted = set(participant_ids or [])
        linked = list(Participant.objects.filter(participants_q(actor), pk__in=wanted))
        if len(linked) != len(wanted):
            raise Refused("participants: unknown participant.", field="participant_ids")
        situation = Situation.objects.create(
            site_id=actor.site_id,
            title=title,
            place=place,
            description=description,
            planned_response=(planned_response or "").strip(),
            region=_text(region, "region", at_least=0, at_most=120),
        )
        situation.partners.set(partners)
        situation.participants.set(linked)
        audit_record(
            actor=actor,
            action="situation.create",
            obj=situation,
            after={
                "title": title,
                "place": place,
                "region": situation.region,
                "partners": sorted(p.pk for p in partners),
                "participants": sorted(p.pk for p in linked),
            },
        )
    return situation


def situation_update(
    *,
    actor: Actor,
    situation_id: int,
    status: str,
    note: str = "",
    planned_response: str | None = None,
    meeting_id: int | None = None,
) -> SituationUpdate:
    """Record where a situation stands (at a meeting, if named): its status over meetings."""
    actor.require("conferencing.run")
    if status not in Situation.Status.values:
        raise Refused("status: choose open, monitoring or resolved.", field="status")
    with transaction.atomic():
        situation = (
            Situation.objects.select_for_update(no_key=True)
            .filter(site_id=actor.site_id, pk=situation_id)
            .first()
        )
        if situation is None:
            raise NotFound()
        meeting = None
        if meeting_id is not None:
            meeting = ConferenceMeeting.objects.filter(site_id=actor.site_id, pk=meeting_id).first()
            if meeting is None:
                raise Refused("meeting: unknown meeting.", field="meeting_id")
        before: dict[str, Any] = {"status": situation.status}
        situation.status = status
        if planned_response is not None:
            situation.planned_response = planned_response.strip()
        situation.save()
        update = SituationUpdate.objects.create(
            site_id=actor.site_id,
            situation=situation,
            meeting=meeting,
            status=status,
            note=(note or "").strip(),
            author=actor.user,
        )
        audit_record(
            actor=actor,
            action="situation.update",
            obj=situation,
            before=before,
            after={"status": status, "note": update.note, "meeting": meeting_id},
        )
    return update
