"""Every write in governance. The PM runs governance (``governance.manage``); members of a body
record their own agency's position (``governance.position``). Each action runs in one
transaction, refuses bad input with the field named, and writes an audit event.

Other areas adopt their artefacts through a decision by subject: ``proposal_create(...,
subject_type="referrals.eligibilitypolicyversion", subject_id=...)`` then, once consensus is
reached, ``decision_record``; they read it back with ``queries.decision_adopted``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model

from goldenthread.access.actor import Actor, Conflict, NotFound, Refused
from goldenthread.audit.actions import audit_record
from goldenthread.core.models import Agency
from goldenthread.governance import rules
from goldenthread.governance.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Budget,
    BudgetLine,
    CommunityCheckin,
    Decision,
    GovernanceSettings,
    Issue,
    Meeting,
    MouSignature,
    MouVersion,
    Policy,
    PolicyVersion,
    Position,
    Procurement,
    Proposal,
    Seat,
)
from goldenthread.governance.queries import flex_pools, tally_for, visible_bodies_q
from goldenthread.governance.queries import site_today as _today

MANAGE = "governance.manage"


def _get(model: type[Model], actor: Actor, pk: Any, *, lock: bool = False) -> Any:
    qs = model._default_manager.filter(site_id=actor.site_id, pk=pk)  # type: ignore[attr-defined]
    if lock:
        qs = qs.select_for_update(no_key=True)
    obj = qs.first()
    if obj is None:
        raise NotFound()
    return obj


def _agency(actor: Actor, agency_id: Any, field: str = "agency_id") -> Agency:
    agency = Agency.objects.filter(site_id=actor.site_id, pk=agency_id).first()
    if agency is None:
        raise Refused("choose an agency of this site", field=field)
    return agency


def _required(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Refused(f"{field.replace('_', ' ')} is required", field=field)
    return value


# Settings ------------------------------------------------------------------------------------


def settings_update(
    *,
    actor: Actor,
    launch_on: date | None,
    checkin_interval_days: int,
    pcg_oversees_pm: bool,
    role_scopes: dict[str, list[str]] | None = None,
) -> GovernanceSettings:
    """Set the site's governance values (launch date, check-in interval, PCG oversight of PM,
    and what PCG and CLT members see role-wide; ``role_scopes`` None leaves that as it is)."""
    actor.require(MANAGE)
    if checkin_interval_days < 1:
        raise Refused("the interval must be at least one day", field="checkin_interval_days")
    if role_scopes is not None:
        error = rules.role_scopes_error(role_scopes)
        if error:
            raise Refused(error, field="role_scopes")
    with transaction.atomic():
        obj, _ = GovernanceSettings.objects.select_for_update(no_key=True).get_or_create(
            site_id=actor.site_id
        )
        before = {
            "launch_on": obj.launch_on,
            "checkin_interval_days": obj.checkin_interval_days,
            "pcg_oversees_pm": obj.pcg_oversees_pm,
            "role_scopes": obj.role_scopes,
        }
        obj.launch_on = launch_on
        obj.checkin_interval_days = checkin_interval_days
        obj.pcg_oversees_pm = pcg_oversees_pm
        if role_scopes is not None:
            obj.role_scopes = {role: list(scopes) for role, scopes in role_scopes.items()}
        obj.save()
        after = {
            "launch_on": launch_on,
            "checkin_interval_days": checkin_interval_days,
            "pcg_oversees_pm": pcg_oversees_pm,
            "role_scopes": obj.role_scopes,
        }
        audit_record(
            actor=actor, action="governance_settings.update", obj=obj, before=before, after=after
        )
    return obj


# Bodies and seats ----------------------------------------------------------------------------


def body_create(
    *,
    actor: Actor,
    kind: str,
    name: str,
    formed_on: date,
    charter: str = "",
    scope: str = "",
    scope_area: str = "",
    cadence_days: int = 30,
    quorum_percent: int = 50,
    stand_aside_limit: int | None = None,
    parent_id: int | None = None,
    oversees_pm: bool = False,
) -> Body:
    """Record a body with its charter, cadence, quorum and consensus rule. An OWG is scoped to
    a neighbourhood, a precinct or citywide; a committee is formed by the PCG."""
    actor.require(MANAGE)
    if kind not in Body.Kind.values:
        raise Refused("choose a kind of body", field="kind")
    name = _required(name, "name")
    if kind == Body.Kind.OWG and scope not in {"neighbourhood", "precinct", "citywide"}:
        raise Refused("an OWG is scoped to a neighbourhood, a precinct or citywide", field="scope")
    if kind != Body.Kind.OWG:
        scope = ""
    if not 1 <= quorum_percent <= 100:
        raise Refused("quorum is a percentage from 1 to 100", field="quorum_percent")
    if cadence_days < 1:
        raise Refused("cadence must be at least one day", field="cadence_days")
    parent = None
    if kind == Body.Kind.COMMITTEE:
        parent = (
            Body.objects.filter(site_id=actor.site_id, pk=parent_id, kind=Body.Kind.PCG).first()
            if parent_id
            else Body.objects.filter(site_id=actor.site_id, kind=Body.Kind.PCG).first()
        )
        if parent is None:
            raise Refused("a committee is formed by the PCG: record the PCG first", field="parent")
    with transaction.atomic():
        if Body.objects.filter(site_id=actor.site_id, name=name).exists():
            raise Refused("a body with this name exists", field="name")
        body = Body.objects.create(
            site_id=actor.site_id,
            kind=kind,
            name=name,
            charter=charter.strip(),
            scope=scope,
            scope_area=scope_area.strip(),
            cadence_days=cadence_days,
            quorum_percent=quorum_percent,
            stand_aside_limit=stand_aside_limit,
            formed_on=formed_on,
            parent=parent,
            oversees_pm=oversees_pm and kind == Body.Kind.COMMITTEE,
        )
        audit_record(
            actor=actor,
            action="body.create",
            obj=body,
            after={"kind": kind, "name": name, "formed_on": formed_on, "scope": scope},
        )
    return body


def seat_add(
    *,
    actor: Actor,
    body_id: int,
    name: str,
    agency_id: int,
    start_on: date,
    kind: str = "agency",
    user_id: int | None = None,
    senior: bool = False,
    authorised: bool = False,
    sector: str = "",
    most_affected: bool = False,
    appointed_by_id: int | None = None,
) -> Seat:
    """Seat a member on a body. OWG members are appointed by the PCG, so an OWG seat names the
    PCG decision that appointed it."""
    actor.require(MANAGE)
    body = _get(Body, actor, body_id)
    name = _required(name, "name")
    agency = _agency(actor, agency_id)
    if kind not in Seat.Kind.values:
        raise Refused("choose a seat kind", field="kind")
    if sector and sector not in rules.SECTOR_LABELS:
        raise Refused("choose a CLT sector", field="sector")
    user = None
    if user_id:
        from django.contrib.auth import get_user_model

        user = (
            get_user_model()
            .objects.filter(pk=user_id, memberships__site_id=actor.site_id)
            .distinct()
            .first()
        )
        if user is None:
            raise Refused("choose a user of this site", field="user_id")
    decision = None
    if body.kind == Body.Kind.OWG:
        decision = Decision.objects.filter(
            site_id=actor.site_id, pk=appointed_by_id or 0, body__kind=Body.Kind.PCG
        ).first()
        if decision is None:
            raise Refused(
                "OWG members are appointed by the PCG: name the PCG decision",
                field="appointed_by_id",
            )
    with transaction.atomic():
        seat = Seat.objects.create(
            site_id=actor.site_id,
            body=body,
            user=user,
            name=name,
            agency=agency,
            kind=kind,
            senior=senior,
            authorised=authorised,
            sector=sector if body.kind == Body.Kind.CLT else "",
            most_affected=most_affected,
            start_on=start_on,
            appointed_by=decision,
        )
        audit_record(
            actor=actor,
            action="seat.add",
            obj=seat,
            after={
                "body": body.pk,
                "name": name,
                "agency": agency.pk,
                "kind": kind,
                "authorised": authorised,
                "appointed_by": getattr(decision, "pk", None),
            },
        )
    return seat


def seat_end(*, actor: Actor, seat_id: int, end_on: date) -> Seat:
    """End a membership on a date (the record stays)."""
    actor.require(MANAGE)
    with transaction.atomic():
        seat = _get(Seat, actor, seat_id, lock=True)
        if seat.end_on is not None:
            raise Conflict("this seat has already ended", field="end_on")
        if end_on < seat.start_on:
            raise Refused("a seat cannot end before it started", field="end_on")
        seat.end_on = end_on
        seat.save(update_fields=["end_on", "updated_at"])
        audit_record(actor=actor, action="seat.end", obj=seat, after={"end_on": end_on})
    return seat


# Meetings -----------------------------------------------------------------------------------


def meeting_create(*, actor: Actor, body_id: int, held_on: date, location: str = "") -> Meeting:
    """Schedule (or record) a meeting. The body's own constraints: not before it was formed,
    not after it was dissolved, and one meeting a day."""
    actor.require(MANAGE)
    body = _get(Body, actor, body_id)
    if held_on < body.formed_on:
        raise Refused(f"{body} was formed on {body.formed_on}", field="held_on")
    if body.dissolved_on and held_on > body.dissolved_on:
        raise Refused(f"{body} was dissolved on {body.dissolved_on}", field="held_on")
    with transaction.atomic():
        if Meeting.objects.filter(site_id=actor.site_id, body=body, held_on=held_on).exists():
            raise Refused(f"{body} already meets on {held_on}", field="held_on")
        meeting = Meeting.objects.create(
            site_id=actor.site_id, body=body, held_on=held_on, location=location.strip()
        )
        audit_record(
            actor=actor,
            action="meeting.create",
            obj=meeting,
            after={"body": body.pk, "held_on": held_on},
        )
    return meeting


def meeting_attendance_set(*, actor: Actor, meeting_id: int, seat_ids: list[int]) -> Meeting:
    """Record who attended, by seat (seats of this body only)."""
    actor.require(MANAGE)
    with transaction.atomic():
        meeting = _get(Meeting, actor, meeting_id, lock=True)
        seats = list(Seat.objects.filter(site_id=actor.site_id, body=meeting.body, pk__in=seat_ids))
        if len(seats) != len(set(seat_ids)):
            raise Refused("choose seats of this body", field="seat_ids")
        before = sorted(meeting.attendance.values_list("seat_id", flat=True))
        meeting.attendance.all().delete()
        Attendance.objects.bulk_create(
            [Attendance(site_id=actor.site_id, meeting=meeting, seat=s) for s in seats]
        )
        audit_record(
            actor=actor,
            action="meeting.attendance",
            obj=meeting,
            before={"seats": before},
            after={"seats": sorted(s.pk for s in seats)},
        )
    return meeting


def meeting_minutes_record(*, actor: Actor, meeting_id: int, minutes: str) -> Meeting:
    """Record the minutes of a meeting."""
    actor.require(MANAGE)
    minutes = _required(minutes, "minutes")
    with transaction.atomic():
        meeting = _get(Meeting, actor, meeting_id, lock=True)
        before = meeting.minutes
        meeting.minutes = minutes
        meeting.save(update_fields=["minutes", "updated_at"])
        audit_record(
            actor=actor,
            action="meeting.minutes",
            obj=meeting,
            before={"minutes": before},
            after={"minutes": minutes},
        )
    return meeting


def agenda_item_add(
    *,
    actor: Actor,
    meeting_id: int,
    title: str,
    topic: str = "other",
    proposal_id: int | None = None,
) -> AgendaItem:
    """Add one item to a meeting's agenda."""
    actor.require(MANAGE)
    title = _required(title, "title")
    if topic not in Proposal.Topic.values:
        raise Refused("choose a topic", field="topic")
    with transaction.atomic():
        meeting = _get(Meeting, actor, meeting_id, lock=True)
        proposal = None
        if proposal_id:
            proposal = Proposal.objects.filter(
                site_id=actor.site_id, pk=proposal_id, body=meeting.body
            ).first()
            if proposal is None:
                raise Refused("choose a proposal to this body", field="proposal_id")
        item = AgendaItem.objects.create(
            site_id=actor.site_id,
            meeting=meeting,
            order=meeting.agenda.count() + 1,
            title=title,
            topic=topic,
            proposal=proposal,
        )
        audit_record(
            actor=actor,
            action="agenda_item.add",
            obj=item,
            after={"meeting": meeting.pk, "title": title, "topic": topic},
        )
    return item


def agenda_build(*, actor: Actor, meeting_id: int) -> list[AgendaItem]:
    """Add the body's pending items to the agenda (PCG agenda builder): proposals awaiting
    decision (by topic: policy, evaluation, expansion, funding, communications…), issues
    escalated from the OWG, and overdue action items. Items already on the agenda are skipped."""
    from goldenthread.governance.queries import pending_for_agenda

    actor.require(MANAGE)
    with transaction.atomic():
        meeting = _get(Meeting, actor, meeting_id, lock=True)
        pending = pending_for_agenda(actor, meeting)
        have = set(meeting.agenda.values_list("title", flat=True))
        order = meeting.agenda.count()
        added: list[AgendaItem] = []
        for title, topic, proposal in pending:
            if title in have:
                continue
            order += 1
            added.append(
                AgendaItem.objects.create(
                    site_id=actor.site_id,
                    meeting=meeting,
                    order=order,
                    title=title,
                    topic=topic,
                    proposal=proposal,
                )
            )
        audit_record(
            actor=actor,
            action="agenda.build",
            obj=meeting,
            after={"added": [a.title for a in added]},
        )
    return added


def action_item_add(
    *,
    actor: Actor,
    meeting_id: int,
    title: str,
    owner_agency_id: int,
    due_on: date,
    owner_name: str = "",
) -> ActionItem:
    """Record an action item from a meeting: owner agency and person, due date."""
    actor.require(MANAGE)
    meeting = _get(Meeting, actor, meeting_id)
    title = _required(title, "title")
    agency = _agency(actor, owner_agency_id, "owner_agency_id")
    with transaction.atomic():
        if due_on < meeting.held_on:
            raise Refused("an action item cannot be due before its meeting", field="due_on")
        item = ActionItem.objects.create(
            site_id=actor.site_id,
            meeting=meeting,
            title=title,
            owner_agency=agency,
            owner_name=owner_name.strip(),
            due_on=due_on,
        )
        audit_record(
            actor=actor,
            action="action_item.add",
            obj=item,
            after={"title": title, "owner_agency": agency.pk, "due_on": due_on},
        )
    return item


def action_item_complete(*, actor: Actor, item_id: int) -> ActionItem:
    """Mark an action item done."""
    actor.require(MANAGE)
    with transaction.atomic():
        item = _get(ActionItem, actor, item_id, lock=True)
        if item.status == ActionItem.Status.DONE:
            raise Conflict("this item is already done", field="status")
        item.status = ActionItem.Status.DONE
        item.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="action_item.complete",
            obj=item,
            before={"status": "open"},
            after={"status": "done"},
        )
    return item


# Proposals, positions, decisions -------------------------------------------------------------


def _clean_list(values: list[str] | None) -> list[str]:
    return [v.strip() for v in values or [] if v and v.strip()]


def proposal_create(
    *,
    actor: Actor,
    body_id: int | None,
    title: str,
    text: str,
    options: list[str] | None = None,
    documents: list[str] | None = None,
    topic: str = "policy",
    subject_type: str = "",
    subject_id: int | None = None,
    open_now: bool = True,
) -> Proposal:
    """Draft a proposal to a body (the PCG when ``body_id`` is None): text, options, supporting
    documents, optionally naming what it would adopt by subject type + id. ``open_now`` opens
    it for positions at once."""
    actor.require(MANAGE)
    if body_id is None:
        body = Body.objects.filter(site_id=actor.site_id, kind=Body.Kind.PCG).first()
        if body is None:
            raise Refused("there is no PCG yet: record it first", field="body_id")
    else:
        body = _get(Body, actor, body_id)
    title = _required(title, "title")
    text = _required(text, "text")
    if topic not in Proposal.Topic.values:
        raise Refused("choose a topic", field="topic")
    subject_type = subject_type.strip()
    if bool(subject_type) != bool(subject_id):
        raise Refused("name both the subject's type and its id, or neither", field="subject_id")
    _check_subject(actor, subject_type, subject_id)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            site_id=actor.site_id,
            body=body,
            title=title,
            text=text,
            options=_clean_list(options),
            documents=_clean_list(documents),
            topic=topic,
            status=Proposal.Status.OPEN if open_now else Proposal.Status.DRAFT,
            subject_type=subject_type,
            subject_id=subject_id,
            created_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="proposal.create",
            obj=proposal,
            after={
                "body": body.pk,
                "title": title,
                "status": proposal.status,
                "subject": f"{subject_type}:{subject_id}" if subject_type else "",
            },
        )
    return proposal


# Governance's own artefacts a decision adopts, and the field that links back to it.
_LOCAL_SUBJECTS: dict[str, tuple[type[Model], str]] = {
    PolicyVersion.SUBJECT: (PolicyVersion, "adopted_by"),
    MouVersion.SUBJECT: (MouVersion, "adopted_by"),
    Budget.SUBJECT: (Budget, "approved_by"),
    Procurement.SUBJECT: (Procurement, "award_decision"),
}


def _check_subject(actor: Actor, subject_type: str, subject_id: int | None) -> None:
    if subject_type not in _LOCAL_SUBJECTS:
        return
    model, field = _LOCAL_SUBJECTS[subject_type]
    obj = model._default_manager.filter(site_id=actor.site_id, pk=subject_id).first()  # type: ignore[attr-defined]
    if obj is None:
        raise Refused("no such item to adopt at this site", field="subject_id")
    if getattr(obj, f"{field}_id") is not None:
        raise Refused("that item has already been adopted", field="subject_id")


def proposal_open(*, actor: Actor, proposal_id: int) -> Proposal:
    """Open a draft (e.g. one escalated from an OWG) for members' positions."""
    actor.require(MANAGE)
    with transaction.atomic():
        proposal = _get(Proposal, actor, proposal_id, lock=True)
        if proposal.status != Proposal.Status.DRAFT:
            raise Conflict("only a draft can be opened", field="status")
        proposal.status = Proposal.Status.OPEN
        proposal.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="proposal.open",
            obj=proposal,
            before={"status": "draft"},
            after={"status": "open"},
        )
    return proposal


def proposal_revise(
    *,
    actor: Actor,
    proposal_id: int,
    text: str,
    options: list[str] | None = None,
    title: str = "",
) -> Proposal:
    """After a block, the PM crafts the next version: a new proposal that revises this one and
    starts with no positions. The earlier version and its positions stay as history."""
    actor.require(MANAGE)
    text = _required(text, "text")
    with transaction.atomic():
        old = _get(Proposal, actor, proposal_id, lock=True)
        if old.status not in {Proposal.Status.OPEN, Proposal.Status.DRAFT}:
            raise Conflict("only an undecided proposal can be revised", field="status")
        old.status = Proposal.Status.SUPERSEDED
        old.save(update_fields=["status", "updated_at"])
        new = Proposal.objects.create(
            site_id=actor.site_id,
            body=old.body,
            title=title.strip() or old.title,
            text=text,
            options=_clean_list(options) if options is not None else old.options,
            documents=old.documents,
            topic=old.topic,
            status=Proposal.Status.OPEN,
            version=old.version + 1,
            revises=old,
            subject_type=old.subject_type,
            subject_id=old.subject_id,
            escalated_from=old.escalated_from,
            created_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="proposal.revise",
            obj=new,
            before={"proposal": old.pk, "version": old.version},
            after={"proposal": new.pk, "version": new.version},
        )
    return new


def _authorised_seat(actor: Actor, body: Body, on: date) -> Seat:
    seat = (
        Seat.objects.filter(
            site_id=actor.site_id, body=body, user_id=actor.user_id, start_on__lte=on
        )
        .exclude(end_on__lt=on)
        .select_related("agency")
        .first()
    )
    if seat is None:
        raise Refused(f"you hold no seat on {body}", field="stance")
    if seat.kind == Seat.Kind.STAFF:
        raise Refused("staff seats do not take positions", field="stance")
    if not seat.authorised:
        raise Refused(
            f"you are not recorded as authorised to decide for {seat.agency}", field="stance"
        )
    return seat


def position_record(
    *,
    actor: Actor,
    proposal_id: int,
    stance: str,
    reason: str,
    blocked_options: list[str] | None = None,
) -> Position:
    """A member records their agency's position: support, can live with it (stand aside) or
    block, with a reason. Only a member authorised to decide for the agency may; one position
    per agency per proposal."""
    actor.require("governance.position")
    if stance not in rules.STANCES:
        raise Refused("choose support, stand aside or block", field="stance")
    reason = _required(reason, "reason")
    with transaction.atomic():
        # Only a proposal to a body the member sees: any other answers 404 like a missing one.
        proposal = (
            Proposal.objects.filter(
                visible_bodies_q(actor, "body__"), site_id=actor.site_id, pk=proposal_id
            )
            .select_for_update(no_key=True, of=("self",))
            .select_related("body")
            .first()
        )
        if proposal is None:
            raise NotFound()
        if proposal.status != Proposal.Status.OPEN:
            raise Conflict("this proposal is not open for positions", field="stance")
        seat = _authorised_seat(actor, proposal.body, _today(actor))
        blocked = [o for o in _clean_list(blocked_options) if o in proposal.options]
        if stance == rules.BLOCK and proposal.options and not blocked:
            blocked = list(proposal.options)
        if stance != rules.BLOCK:
            blocked = []
        if Position.objects.filter(proposal=proposal, agency=seat.agency).exists():
            raise Conflict(f"{seat.agency} has already taken a position", field="stance")
        try:
            with transaction.atomic():
                position = Position.objects.create(
                    site_id=actor.site_id,
                    proposal=proposal,
                    agency=seat.agency,
                    seat=seat,
                    stance=stance,
                    reason=reason,
                    blocked_options=blocked,
                    recorded_by=actor.user,
                )
        except IntegrityError as exc:
            raise Conflict(f"{seat.agency} has already taken a position", field="stance") from exc
        audit_record(
            actor=actor,
            action="position.record",
            obj=position,
            after={"proposal": proposal.pk, "agency": seat.agency.pk, "stance": stance},
        )
    return position


def decision_record(
    *, actor: Actor, proposal_id: int, decided_on: date | None = None, summary: str = ""
) -> Decision:
    """Record the body's consensus decision. Refused unless the tally is consensus. If the
    proposal names a governance artefact (policy version, MOU version, budget), it is adopted
    and links back to the decision; another area's artefact is found by
    ``queries.decision_adopted``."""
    actor.require(MANAGE)
    with transaction.atomic():
        proposal = _get(Proposal, actor, proposal_id, lock=True)
        if proposal.status != Proposal.Status.OPEN:
            raise Conflict("this proposal is not open for decision", field="proposal")
        tally = tally_for(proposal, _today(actor))
        if not tally.reached:
            raise Refused(_no_consensus_message(tally), field="proposal")
        _check_subject(actor, proposal.subject_type, proposal.subject_id)
        decision = Decision.objects.create(
            site_id=actor.site_id,
            body=proposal.body,
            proposal=proposal,
            decided_on=decided_on or _today(actor),
            summary=summary.strip(),
            subject_type=proposal.subject_type,
            subject_id=proposal.subject_id,
            tally={
                "outcome": tally.outcome,
                "supporting": sorted(tally.supporting),
                "standing_aside": sorted(tally.standing_aside),
            },
            recorded_by=actor.user,
        )
        proposal.status = Proposal.Status.DECIDED
        proposal.save(update_fields=["status", "updated_at"])
        _adopt_local(decision)
        audit_record(
            actor=actor,
            action="decision.record",
            obj=decision,
            after={
                "proposal": proposal.pk,
                "subject": f"{decision.subject_type}:{decision.subject_id}",
            },
        )
    return decision


def _no_consensus_message(tally: rules.Tally) -> str:
    if tally.outcome == rules.BLOCKED:
        return "no consensus: a member agency blocks; revise the proposal"
    if tally.outcome == rules.NO_CONSENSUS:
        return "no consensus: more agencies stand aside than the body's rule allows"
    return "no consensus yet: not every member agency has taken a position"


def _adopt_local(decision: Decision) -> None:
    if decision.subject_type not in _LOCAL_SUBJECTS:
        return
    model, field = _LOCAL_SUBJECTS[decision.subject_type]
    changes: dict[str, Any] = {field: decision}
    if model is Procurement:
        changes["stage"] = Procurement.Stage.AWARDED
    model._default_manager.filter(site_id=decision.site_id, pk=decision.subject_id).update(  # type: ignore[attr-defined]
        **changes
    )


# OWG issues ----------------------------------------------------------------------------------


def issue_create(*, actor: Actor, body_id: int, title: str, description: str) -> Issue:
    """Record an OWG administrative issue."""
    actor.require(MANAGE)
    body = _get(Body, actor, body_id)
    if body.kind != Body.Kind.OWG:
        raise Refused("administrative issues belong to an OWG", field="body")
    title = _required(title, "title")
    description = _required(description, "description")
    with transaction.atomic():
        issue = Issue.objects.create(
            site_id=actor.site_id, body=body, title=title, description=description
        )
        audit_record(actor=actor, action="issue.create", obj=issue, after={"title": title})
    return issue


def issue_escalate(*, actor: Actor, issue_id: int) -> Proposal:
    """Escalate an OWG issue to the PCG as a draft proposal; the issue keeps its history and
    points at the proposal."""
    actor.require(MANAGE)
    with transaction.atomic():
        issue = _get(Issue, actor, issue_id, lock=True)
        if issue.status != Issue.Status.OPEN:
            raise Conflict("only an open issue can be escalated", field="status")
        pcg = Body.objects.filter(site_id=actor.site_id, kind=Body.Kind.PCG).first()
        if pcg is None:
            raise Refused("there is no PCG to escalate to", field="body")
        proposal = Proposal.objects.create(
            site_id=actor.site_id,
            body=pcg,
            title=issue.title,
            text=f"Escalated from {issue.body}: {issue.description}",
            topic=Proposal.Topic.OPERATIONS,
            status=Proposal.Status.DRAFT,
            escalated_from=issue,
            created_by=actor.user,
        )
        issue.status = Issue.Status.ESCALATED
        issue.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="issue.escalate",
            obj=issue,
            before={"status": "open"},
            after={"status": "escalated", "proposal": proposal.pk},
        )
    return proposal


# Policies, MOU, budget ----------------------------------------------------------------------


def policy_create(*, actor: Actor, kind: str, title: str, text: str) -> PolicyVersion:
    """Record a policy and its first version (not in force until a decision adopts it)."""
    actor.require(MANAGE)
    if kind not in Policy.Kind.values:
        raise Refused("choose a kind of policy", field="kind")
    title = _required(title, "title")
    text = _required(text, "text")
    with transaction.atomic():
        if Policy.objects.filter(site_id=actor.site_id, title=title).exists():
            raise Refused("a policy with this title exists", field="title")
        policy = Policy.objects.create(site_id=actor.site_id, kind=kind, title=title)
        version = PolicyVersion.objects.create(
            site_id=actor.site_id, policy=policy, number=1, text=text
        )
        audit_record(actor=actor, action="policy.create", obj=policy, after={"title": title})
    return version


def policy_version_add(*, actor: Actor, policy_id: int, text: str) -> PolicyVersion:
    """Draft the next version of a policy."""
    actor.require(MANAGE)
    text = _required(text, "text")
    with transaction.atomic():
        policy = _get(Policy, actor, policy_id, lock=True)
        last = policy.versions.order_by("-number").first()
        version = PolicyVersion.objects.create(
            site_id=actor.site_id,
            policy=policy,
            number=(last.number if last else 0) + 1,
            text=text,
        )
        audit_record(
            actor=actor,
            action="policy_version.add",
            obj=version,
            after={"policy": policy.pk, "number": version.number},
        )
    return version


def mou_version_create(*, actor: Actor, text: str, party_ids: list[int]) -> MouVersion:
    """Draft the next version of the MOU with its parties."""
    actor.require(MANAGE)
    text = _required(text, "text")
    parties = list(Agency.objects.filter(site_id=actor.site_id, pk__in=party_ids))
    if not parties or len(parties) != len(set(party_ids)):
        raise Refused("choose the parties among this site's agencies", field="party_ids")
    with transaction.atomic():
        last = MouVersion.objects.filter(site_id=actor.site_id).order_by("-number").first()
        version = MouVersion.objects.create(
            site_id=actor.site_id, number=(last.number if last else 0) + 1, text=text
        )
        version.parties.set(parties)
        audit_record(
            actor=actor,
            action="mou_version.create",
            obj=version,
            after={"number": version.number, "parties": sorted(p.pk for p in parties)},
        )
    return version


def mou_sign(
    *, actor: Actor, version_id: int, agency_id: int, signed_on: date, signed_by: str
) -> MouSignature:
    """Record a party's signature of an adopted MOU version."""
    actor.require(MANAGE)
    signed_by = _required(signed_by, "signed_by")
    with transaction.atomic():
        version = _get(MouVersion, actor, version_id, lock=True)
        if version.adopted_by_id is None:
            raise Refused("the PCG has not adopted this version yet", field="version")
        agency = _agency(actor, agency_id)
        if not version.parties.filter(pk=agency.pk).exists():
            raise Refused(f"{agency} is not a party to this MOU", field="agency_id")
        if version.signatures.filter(agency=agency).exists():
            raise Conflict(f"{agency} has already signed", field="agency_id")
        signature = MouSignature.objects.create(
            site_id=actor.site_id,
            version=version,
            agency=agency,
            signed_on=signed_on,
            signed_by=signed_by,
        )
        audit_record(
            actor=actor,
            action="mou.sign",
            obj=signature,
            after={"version": version.pk, "agency": agency.pk, "signed_on": signed_on},
        )
    return signature


def budget_create(*, actor: Actor, year: int) -> Budget:
    """Start an annual budget (approved later by a PCG decision)."""
    actor.require(MANAGE)
    if not 2000 <= year <= 2100:
        raise Refused("give a year", field="year")
    with transaction.atomic():
        if Budget.objects.filter(site_id=actor.site_id, year=year).exists():
            raise Refused(f"there is already a budget for {year}", field="year")
        budget = Budget.objects.create(site_id=actor.site_id, year=year)
        audit_record(actor=actor, action="budget.create", obj=budget, after={"year": year})
    return budget


def budget_line_set(
    *,
    actor: Actor,
    budget_id: int,
    category: str,
    source: str,
    planned: int,
    actual: int = 0,
    pool_ids: list[int] | None = None,
) -> BudgetLine:
    """Set a budget line (category × funding source): planned and actual. Planned amounts are
    fixed once the PCG has approved the budget; actuals keep being recorded. A flex-funds line
    may name the casework funding pools that spend it (``pool_ids``, each on one line of the
    budget at most): its actual is then their spend from the casework ledger."""
    actor.require(MANAGE)
    pools = sorted(set(pool_ids or []))
    if category not in BudgetLine.Category.values:
        raise Refused("choose a category", field="category")
    if source not in BudgetLine.Source.values:
        raise Refused("choose a funding source", field="source")
    if planned < 0:
        raise Refused("planned cannot be negative", field="planned")
    if actual < 0:
        raise Refused("actual cannot be negative", field="actual")
    if pools and category != BudgetLine.Category.FLEX_FUNDS:
        raise Refused("only a flex-funds line links casework pools", field="pool_ids")
    if pools and actual:
        raise Refused(
            "a line linked to pools takes its actual from the casework ledger: leave it empty",
            field="actual",
        )
    if pools and len(flex_pools(actor.site_id, pools)) != len(pools):
        raise Refused("choose flex-fund pools of this site", field="pool_ids")
    with transaction.atomic():
        budget = _get(Budget, actor, budget_id, lock=True)
        line = BudgetLine.objects.filter(budget=budget, category=category, source=source).first()
        before = (
            {"planned": line.planned, "actual": line.actual, "pool_ids": line.pool_ids}
            if line
            else {}
        )
        for other in budget.lines.exclude(pk=getattr(line, "pk", None)):
            shared = set(other.pool_ids) & set(pools)
            if shared:
                raise Refused(
                    f"a pool is already linked to the {other.get_source_display()} "
                    f"{other.get_category_display().lower()} line",
                    field="pool_ids",
                )
        if budget.approved_by_id and (line is None or line.planned != planned):
            raise Refused(
                "the PCG approved this budget: planned amounts need a new decision",
                field="planned",
            )
        if line is None:
            line = BudgetLine(
                site_id=actor.site_id, budget=budget, category=category, source=source
            )
        line.planned, line.actual, line.pool_ids = planned, actual, pools
        line.save()
        audit_record(
            actor=actor,
            action="budget_line.set",
            obj=line,
            before=before,
            after={
                "category": category,
                "source": source,
                "planned": planned,
                "actual": actual,
                "pool_ids": pools,
            },
        )
    return line


def checkin_record(
    *,
    actor: Actor,
    leader: str,
    held_on: date,
    organisation: str = "",
    sector: str = "",
    notes: str = "",
    input_raised: str = "",
) -> CommunityCheckin:
    """Log a check-in with a community leader (the PM's practice without a standing CLT)."""
    actor.require(MANAGE)
    leader = _required(leader, "leader")
    if sector and sector not in rules.SECTOR_LABELS:
        raise Refused("choose a sector", field="sector")
    if held_on > _today(actor):
        raise Refused("a check-in cannot be in the future", field="held_on")
    with transaction.atomic():
        checkin = CommunityCheckin.objects.create(
            site_id=actor.site_id,
            leader=leader,
            organisation=organisation.strip(),
            sector=sector,
            held_on=held_on,
            notes=notes.strip(),
            input_raised=input_raised.strip(),
        )
        audit_record(
            actor=actor,
            action="checkin.record",
            obj=checkin,
            after={"leader": leader, "held_on": held_on},
        )
    return checkin


def checkin_respond(*, actor: Actor, checkin_id: int, response: str) -> CommunityCheckin:
    """Record the response to a community input raised at a check-in."""
    actor.require(MANAGE)
    response = _required(response, "response")
    with transaction.atomic():
        checkin = _get(CommunityCheckin, actor, checkin_id, lock=True)
        if not checkin.input_raised:
            raise Refused("no input was raised at this check-in", field="response")
        checkin.response = response
        checkin.responded_on = _today(actor)
        checkin.save(update_fields=["response", "responded_on", "updated_at"])
        audit_record(
            actor=actor, action="checkin.respond", obj=checkin, after={"response": response}
        )
    return checkin


# Procurement ---------------------------------------------------------------------------------


def procurement_create(
    *, actor: Actor, title: str, service: str, committee_id: int | None = None
) -> Procurement:
    """Open a procurement (an RFP), conducted by the PCG or a committee it formed."""
    actor.require(MANAGE)
    title = _required(title, "title")
    if service not in Procurement.Service.values:
        raise Refused("choose the service procured", field="service")
    committee = None
    if committee_id:
        committee = Body.objects.filter(
            site_id=actor.site_id, pk=committee_id, kind__in=[Body.Kind.PCG, Body.Kind.COMMITTEE]
        ).first()
        if committee is None:
            raise Refused("choose the PCG or one of its committees", field="committee_id")
    with transaction.atomic():
        procurement = Procurement.objects.create(
            site_id=actor.site_id, title=title, service=service, committee=committee
        )
        audit_record(
            actor=actor,
            action="procurement.create",
            obj=procurement,
            after={"title": title, "service": service},
        )
    return procurement


_STAGES = list(Procurement.Stage.values)


def procurement_advance(
    *, actor: Actor, procurement_id: int, stage: str, awardee_id: int | None = None
) -> Procurement:
    """Move a procurement forward through its stages. A recommended award names the agency;
    the award itself is only ever a PCG decision (propose it with subject
    ``governance.procurement``)."""
    actor.require(MANAGE)
    with transaction.atomic():
        procurement = _get(Procurement, actor, procurement_id, lock=True)
        if stage not in _STAGES or stage == Procurement.Stage.AWARDED:
            raise Refused("choose a stage; the award is a PCG decision", field="stage")
        if _STAGES.index(stage) <= _STAGES.index(procurement.stage):
            raise Refused("a procurement only moves forward", field="stage")
        before = {"stage": procurement.stage}
        if stage == Procurement.Stage.RECOMMENDED:
            procurement.awardee = _agency(actor, awardee_id, "awardee_id")
        procurement.stage = stage
        procurement.save()
        audit_record(
            actor=actor,
            action="procurement.advance",
            obj=procurement,
            before=before,
            after={"stage": stage, "awardee": procurement.awardee_id},
        )
    return procurement
