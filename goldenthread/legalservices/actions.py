"""Every write of LEAD Legal Services: the CM's referral, intake (accept / decline / refer
elsewhere) behind the conflict check, and the matter's work (deadlines, file entries,
outcomes, closing). Each runs in one transaction, checks permission, validates, saves, audits.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from goldenthread.access.actor import Actor, NotFound, Refused
from goldenthread.access.scopes import participants_q
from goldenthread.audit.actions import audit_record
from goldenthread.core.models import Membership, Participant, Site
from goldenthread.core.roles import Role
from goldenthread.legalservices import rules
from goldenthread.legalservices.models import (
    AdverseParty,
    ConflictHit,
    LegalServicesSettings,
    Matter,
    MatterDeadline,
    MatterDocument,
    MatterEntry,
    MatterOutcome,
    ReminderSent,
)
from goldenthread.legalservices.queries import conflict_candidates, deadlines_at, settings_at

REFER = "legalservices.refer"
WORK = "legalservices.work"


def _today(actor: Actor) -> date:
    return timezone.localdate(timezone=actor.site.tz)


def _refuse(refusal: rules.Refusal | None) -> None:
    if refusal is not None:
        raise Refused(refusal.message, field=refusal.field)


def _text(value: str, field: str, *, what: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise Refused(f"{what} is required.", field=field)
    if len(value) > limit:
        raise Refused(f"{what} is longer than {limit} characters.", field=field)
    return value


def _locked(actor: Actor, matter_id: int) -> Matter:
    matter = (
        Matter.objects.select_for_update(no_key=True)
        .filter(site_id=actor.site_id, pk=matter_id)
        .first()
    )
    if matter is None:
        raise NotFound()
    return matter


def _attorney(actor: Actor, username: str | None) -> Any:
    """A legal-services attorney who works at this site, or a refusal naming the field."""
    membership = (
        Membership.objects.select_related("user")
        .filter(
            site_id=actor.site_id,
            role=Role.LEGAL_SERVICES,
            active=True,
            user__username=username or "",
        )
        .first()
    )
    if membership is None:
        raise Refused("Choose a legal-services attorney at this site.", field="attorney")
    return membership.user


def matter_refer(
    *,
    actor: Actor,
    participant_id: int,
    matter_type: str,
    description: str,
    urgency: str = rules.ROUTINE,
    deadline_on: date | None = None,
    deadline_label: str = "",
) -> Matter:
    """A case manager refers a participant to LEAD Legal Services (seed, Chapter 5): the matter
    type, a short description, the urgency and any deadline (hearing date, eviction date)."""
    actor.require(REFER)
    if matter_type not in rules.MATTER_TYPES:
        raise Refused("Choose one of the matter types.", field="matter_type")
    if urgency not in rules.URGENCIES:
        raise Refused("Choose routine, soon or urgent.", field="urgency")
    description = _text(description, "description", what="A description", limit=2000)
    today = _today(actor)
    refusal = rules.deadline_refusal(deadline_on, today) if deadline_on else None
    if refusal is not None:
        raise Refused(refusal.message, field="deadline_on")
    with transaction.atomic():
        participant = Participant.objects.filter(participants_q(actor), pk=participant_id).first()
        if participant is None:
            raise NotFound()
        matter = Matter.objects.create(
            site_id=actor.site_id,
            participant=participant,
            referred_by=actor.user,
            referred_on=today,
            matter_type=matter_type,
            description=description,
            urgency=urgency,
        )
        if deadline_on is not None:
            MatterDeadline.objects.create(
                site_id=actor.site_id,
                matter=matter,
                due_on=deadline_on,
                label=(deadline_label or "").strip()[:200] or "Deadline given at referral",
            )
        audit_record(
            actor=actor,
            action="matter.refer",
            obj=matter,
            after={
                "participant": participant.pk,
                "matter_type": matter_type,
                "urgency": urgency,
                "deadline_on": deadline_on,
            },
        )
    return matter


def party_add(*, actor: Actor, matter_id: int, name: str, relation: str = "") -> AdverseParty:
    """Record an adverse party. While the matter awaits intake, a new party makes the last
    conflict check stale: it must be run again before acceptance."""
    actor.require(WORK)
    name = _text(name, "name", what="The party's name", limit=200)
    with transaction.atomic():
        matter = _locked(actor, matter_id)
        party = AdverseParty.objects.create(
            site_id=actor.site_id, matter=matter, name=name, relation=relation.strip()[:100]
        )
        before = matter.conflict_state
        if matter.status == rules.REFERRED and before != rules.NOT_CHECKED:
            matter.conflict_hits.all().delete()
            matter.conflict_state = rules.NOT_CHECKED
            matter.conflict_cleared_reason = ""
            matter.conflict_cleared_by = None
            matter.save(
                update_fields=[
                    "conflict_state",
                    "conflict_cleared_reason",
                    "conflict_cleared_by",
                    "updated_at",
                ]
            )
        audit_record(
            actor=actor,
            action="adverse_party.add",
            obj=party,
            before={"conflict_state": before},
            after={"matter": matter.pk, "name": name, "conflict_state": matter.conflict_state},
        )
    return party


def matter_conflict_check(*, actor: Actor, matter_id: int) -> Matter:
    """Search the adverse parties (and the client) against the parties of every other matter,
    against participants (names and aliases) and agencies, with fuzzy name matching. Any hit
    flags the matter; it cannot be accepted until the flag is cleared with a reason."""
    actor.require(WORK)
    with transaction.atomic():
        matter = _locked(actor, matter_id)
        if matter.status != rules.REFERRED:
            raise Refused("The conflict check runs before intake is decided.", field="status")
        person = matter.participant.person
        client_names = [str(person), *[str(a) for a in person.aliases or []]]
        searched: list[tuple[str, frozenset[str]]] = [
            (name, frozenset({"party"})) for name in client_names
        ]
        searched += [(p.name, frozenset(rules.HIT_SOURCES)) for p in matter.parties.order_by("id")]
        hits = rules.conflict_hits(searched, conflict_candidates(actor, matter))
        matter.conflict_hits.all().delete()
        ConflictHit.objects.bulk_create(
            ConflictHit(
                site_id=actor.site_id,
                matter=matter,
                searched=h.searched[:200],
                source=h.source,
                matched=h.matched[:300],
                score=h.score,
            )
            for h in hits
        )
        before = matter.conflict_state
        matter.conflict_state = rules.conflict_state_after(len(hits))
        matter.conflict_checked_at = timezone.now()
        matter.conflict_cleared_reason = ""
        matter.conflict_cleared_by = None
        matter.save()
        audit_record(
            actor=actor,
            action="matter.conflict_check",
            obj=matter,
            before={"conflict_state": before},
            after={"conflict_state": matter.conflict_state, "hits": len(hits)},
        )
    return matter


def matter_conflict_clear(*, actor: Actor, matter_id: int, reason: str) -> Matter:
    """Clear a flagged possible conflict, with the reason it is not one (kept and audited)."""
    actor.require(WORK)
    reason = _text(reason, "reason", what="A reason for clearing", limit=500)
    with transaction.atomic():
        matter = _locked(actor, matter_id)
        if matter.conflict_state != rules.FLAGGED:
            raise Refused("There is no flagged conflict to clear.", field="conflict")
        matter.conflict_state = rules.CLEARED
        matter.conflict_cleared_reason = reason
        matter.conflict_cleared_by = actor.user
        matter.save()
        audit_record(
            actor=actor,
            action="matter.conflict_clear",
            obj=matter,
            before={"conflict_state": rules.FLAGGED},
            after={"conflict_state": rules.CLEARED, "reason": reason},
        )
    return matter


def _decide(
    actor: Actor, matter: Matter, status: str, action: str, after: dict[str, Any]
) -> Matter:
    before = {"status": matter.status}
    matter.status = status
    matter.decided_on = _today(actor)
    matter.decided_by = actor.user
    matter.save()
    audit_record(
        actor=actor,
        action=action,
        obj=matter,
        before=before,
        after={"status": status, **after},
    )
    return matter


def matter_accept(*, actor: Actor, matter_id: int, attorney: str) -> Matter:
    """Intake accepts the matter and assigns an attorney, once the conflict check is clear or
    its flag cleared."""
    actor.require(WORK)
    with transaction.atomic():
        matter = _locked(actor, matter_id)
        _refuse(
            rules.intake_refusal(
                status=matter.status, decision=rules.ACCEPT, conflict_state=matter.conflict_state
            )
        )
        matter.attorney = _attorney(actor, attorney)
        return _decide(actor, matter, rules.OPEN, "matter.accept", {"attorney": matter.attorney.pk})


def matter_decline(*, actor: Actor, matter_id: int, reason: str) -> Matter:
    """Intake declines, with a reason the referring case manager sees."""
    actor.require(WORK)
    with transaction.atomic():
        matter = _locked(actor, matter_id)
        _refuse(
            rules.intake_refusal(
                status=matter.status,
                decision=rules.DECLINE,
                conflict_state=matter.conflict_state,
                reason=reason,
            )
        )
        matter.decline_reason = _text(reason, "reason", what="A reason", limit=500)
        matter.closed_on = _today(actor)
        return _decide(
            actor, matter, rules.DECLINED, "matter.decline", {"reason": matter.decline_reason}
        )


def matter_refer_out(*, actor: Actor, matter_id: int, referred_to: str) -> Matter:
    """Intake refers the matter elsewhere, naming to whom."""
    actor.require(WORK)
    with transaction.atomic():
        matter = _locked(actor, matter_id)
        _refuse(
            rules.intake_refusal(
                status=matter.status,
                decision=rules.REFER_OUT,
                conflict_state=matter.conflict_state,
                referred_to=referred_to,
            )
        )
        matter.referred_to = _text(referred_to, "referred_to", what="To whom", limit=300)
        matter.closed_on = _today(actor)
        return _decide(
            actor,
            matter,
            rules.REFERRED_OUT,
            "matter.refer_out",
            {"referred_to": matter.referred_to},
        )


def matter_update(
    *,
    actor: Actor,
    matter_id: int,
    court: str | None = None,
    case_number: str | None = None,
    attorney: str | None = None,
) -> Matter:
    """The court or tribunal and case number, or a new attorney for an open matter."""
    actor.require(WORK)
    with transaction.atomic():
        matter = _locked(actor, matter_id)
        before = {
            "court": matter.court,
            "case_number": matter.case_number,
            "attorney": matter.attorney_id,
        }
        if court is not None:
            matter.court = court.strip()[:200]
        if case_number is not None:
            matter.case_number = case_number.strip()[:100]
        if attorney:
            if matter.status != rules.OPEN:
                raise Refused("Only an open matter has an attorney to change.", field="attorney")
            matter.attorney = _attorney(actor, attorney)
        matter.save()
        audit_record(
            actor=actor,
            action="matter.update",
            obj=matter,
            before=before,
            after={
                "court": matter.court,
                "case_number": matter.case_number,
                "attorney": matter.attorney_id,
            },
        )
    return matter


def deadline_add(
    *,
    actor: Actor,
    matter_id: int,
    due_on: date,
    label: str,
    remind_days: int | None = None,
) -> MatterDeadline:
    """A deadline the matter must meet; never before the referral date. It is reminded
    ``remind_days`` before it falls due, or, left blank, the site's reminder window."""
    actor.require(WORK)
    label = _text(label, "label", what="What the deadline is", limit=200)
    if remind_days is not None and not 0 <= remind_days <= 365:
        raise Refused("Remind between 0 and 365 days before.", field="remind_days")
    with transaction.atomic():
        matter = _locked(actor, matter_id)
        _refuse(rules.deadline_refusal(due_on, matter.referred_on))
        deadline = MatterDeadline.objects.create(
            site_id=actor.site_id,
            matter=matter,
            due_on=due_on,
            label=label,
            remind_days=remind_days,
        )
        audit_record(
            actor=actor,
            action="deadline.add",
            obj=deadline,
            after={"matter": matter.pk, "due_on": due_on, "label": label},
        )
    return deadline


def deadline_meet(*, actor: Actor, deadline_id: int) -> MatterDeadline:
    """Mark a deadline met: it stops being reminded."""
    actor.require(WORK)
    with transaction.atomic():
        deadline = (
            MatterDeadline.objects.select_for_update(no_key=True)
            .filter(site_id=actor.site_id, pk=deadline_id)
            .first()
        )
        if deadline is None:
            raise NotFound()
        if deadline.met_on is not None:
            raise Refused("This deadline is already met.", field="met_on")
        deadline.met_on = _today(actor)
        deadline.save()
        audit_record(
            actor=actor,
            action="deadline.meet",
            obj=deadline,
            after={"matter": deadline.matter_id, "met_on": deadline.met_on},
        )
    return deadline


def entry_add(
    *, actor: Actor, matter_id: int, kind: str, text: str, occurred_on: date | None = None
) -> MatterEntry:
    """Add to the privileged file: an action taken, a note, strategy, or a document."""
    actor.require(WORK)
    if kind not in rules.ENTRY_KINDS:
        raise Refused("Choose action, note, strategy or document.", field="kind")
    text = _text(text, "text", what="The entry's text", limit=5000)
    with transaction.atomic():
        matter = _locked(actor, matter_id)
        entry = MatterEntry.objects.create(
            site_id=actor.site_id,
            matter=matter,
            kind=kind,
            text=text,
            occurred_on=occurred_on or _today(actor),
            author=actor.user,
        )
        # The audit holds no privileged text: only that an entry was added, and its kind.
        audit_record(
            actor=actor, action="entry.add", obj=entry, after={"matter": matter.pk, "kind": kind}
        )
    return entry


def outcome_record(
    *,
    actor: Actor,
    matter_id: int,
    kind: str,
    amount: Decimal | None = None,
    achieved_on: date | None = None,
) -> MatterOutcome:
    """Record what an open matter achieved, with the amount where one applies (never < 0)."""
    actor.require(WORK)
    _refuse(rules.outcome_refusal(kind, amount))
    with transaction.atomic():
        matter = _locked(actor, matter_id)
        if matter.status != rules.OPEN:
            raise Refused("Outcomes are recorded on an accepted, open matter.", field="status")
        achieved = achieved_on or _today(actor)
        if achieved < matter.referred_on:
            raise Refused("The outcome cannot come before the referral.", field="achieved_on")
        outcome = MatterOutcome.objects.create(
            site_id=actor.site_id, matter=matter, kind=kind, amount=amount, achieved_on=achieved
        )
        audit_record(
            actor=actor,
            action="outcome.record",
            obj=outcome,
            after={"matter": matter.pk, "kind": kind, "amount": amount},
        )
    return outcome


def matter_close(*, actor: Actor, matter_id: int) -> Matter:
    """Close an open matter (its outcomes, if any, are already recorded)."""
    actor.require(WORK)
    with transaction.atomic():
        matter = _locked(actor, matter_id)
        if matter.status != rules.OPEN:
            raise Refused("Only an open matter can be closed.", field="status")
        matter.status = rules.CLOSED
        matter.closed_on = _today(actor)
        matter.save()
        audit_record(
            actor=actor,
            action="matter.close",
            obj=matter,
            before={"status": rules.OPEN},
            after={"status": rules.CLOSED, "closed_on": matter.closed_on},
        )
    return matter


def document_upload(
    *,
    actor: Actor,
    matter_id: int,
    upload: UploadedFile | None,
    title: str = "",
    privileged: bool = True,
) -> MatterDocument:
    """Attach a file to the matter. Its type is told by its bytes (PDF, PNG, JPEG or plain
    text), never by its name; it may be at most the site's ``document_max_mb``. A refused file
    leaves nothing behind: no row, no stored file."""
    actor.require(WORK)
    with transaction.atomic():
        matter = _locked(actor, matter_id)
        if upload is None:
            raise Refused("Choose a file to upload.", field="file")
        max_bytes = settings_at(actor.site_id).document_max_mb * 1024 * 1024
        size = upload.size or 0
        data = b""
        if 0 < size <= max_bytes:
            upload.seek(0)
            data = upload.read()
            size = len(data)
        _refuse(rules.document_refusal(data, size, max_bytes))
        content_type = rules.document_type(data) or rules.TEXT
        filename = rules.safe_filename(upload.name or "", content_type)
        title = (title or "").strip()[:200] or filename
        document = MatterDocument(
            site_id=actor.site_id,
            matter=matter,
            filename=filename,
            title=title,
            content_type=content_type,
            size=size,
            sha256=hashlib.sha256(data).hexdigest(),
            privileged=privileged,
            uploaded_by=actor.user,
        )
        document.file.save(filename, ContentFile(data), save=False)
        try:
            document.save()
            # The audit holds no privileged content: the file's type, size and digest only.
            audit_record(
                actor=actor,
                action="document.upload",
                obj=document,
                after={
                    "matter": matter.pk,
                    "content_type": content_type,
                    "size": size,
                    "sha256": document.sha256,
                    "privileged": privileged,
                },
            )
        except Exception:
            document.file.delete(save=False)
            raise
    return document


SETTINGS_FIELDS = ("document_max_mb", "reminder_window_days", "remind_referrer")
_SETTING_RANGES = {"document_max_mb": (1, 100), "reminder_window_days": (0, 365)}


def settings_update(*, actor: Actor, changes: dict[str, Any]) -> LegalServicesSettings:
    """Change this site's legal-services settings: the largest document, the reminder window,
    whether the referring case manager is emailed deadline reminders."""
    actor.require("legalservices.settings")
    unknown = sorted(set(changes) - set(SETTINGS_FIELDS))
    if unknown:
        raise Refused(f"Unknown setting {unknown[0]!r}.", field=unknown[0])
    for name, (low, high) in _SETTING_RANGES.items():
        if name in changes and not (
            isinstance(changes[name], int) and low <= changes[name] <= high
        ):
            raise Refused(f"Between {low} and {high}.", field=name)
    if "remind_referrer" in changes and not isinstance(changes["remind_referrer"], bool):
        raise Refused("Yes or no.", field="remind_referrer")
    with transaction.atomic():
        conf, _ = LegalServicesSettings.objects.select_for_update(no_key=True).get_or_create(
            site_id=actor.site_id
        )
        before = {name: getattr(conf, name) for name in changes}
        for name, value in changes.items():
            setattr(conf, name, value)
        conf.save()
        audit_record(
            actor=actor,
            action="legalservices_settings.update",
            obj=conf,
            before=before,
            after=changes,
        )
    return conf


@dataclass
class ReminderRun:
    """What one run of the reminders did at one site."""

    due: int = 0
    sent: list[tuple[str, int]] = field(default_factory=list)  # (username, deadline id)
    already: int = 0  # reminders already sent today for the same deadline and person
    no_email: list[str] = field(default_factory=list)  # usernames without an address
    failed: list[str] = field(default_factory=list)


def _reminder_text(deadline: MatterDeadline, today: date, *, for_attorney: bool) -> tuple[str, str]:
    """Subject and body: the matter's number and type, the deadline, never the client's name
    nor anything of the file (an email leaves the system)."""
    matter = deadline.matter
    days = (deadline.due_on - today).days
    when = (
        f"overdue by {-days} day(s)"
        if days < 0
        else ("due today" if days == 0 else f"due in {days} day(s)")
    )
    page = (
        f"/legalservices/matters/{matter.pk}/"
        if for_attorney
        else f"/legalservices/matters/{matter.pk}/status/"
    )
    subject = (
        f"LEAD Legal Services: deadline {deadline.due_on.isoformat()} ({when}), matter #{matter.pk}"
    )
    body = (
        f"Matter #{matter.pk} ({matter.get_matter_type_display()}) has a deadline {when}:\n"
        f"  {deadline.due_on.isoformat()} · {deadline.label}\n\n"
        f"Open it in Golden Thread: {page}\n"
        "Mark the deadline met there to stop these reminders.\n"
    )
    return subject, body


def deadline_reminders_send(*, site: Site, today: date) -> ReminderRun:
    """Email each unmet deadline inside its reminder window (or overdue) to the matter's
    attorney (before intake, the legal-services team) and, when the site says so, to the
    referring case manager. Once per deadline, person and day: a second run the same day
    sends nothing (``ReminderSent``). Each email sent is audited; a failed one is not recorded,
    so the next run tries again. Run daily by ``goldenthread legalservices_reminders``."""
    run = ReminderRun()
    due = deadlines_at(site.pk, today, reminders_only=True)
    run.due = len(due)
    if not due:
        return run
    conf = settings_at(site.pk)
    team_ids = set(
        Membership.objects.filter(site=site, role=Role.LEGAL_SERVICES, active=True).values_list(
            "user_id", flat=True
        )
    )
    users = {
        u.pk: u
        for u in get_user_model().objects.filter(
            pk__in=team_ids
            | {d.matter.referred_by_id for d in due}
            | {d.matter.attorney_id for d in due if d.matter.attorney_id}
        )
    }
    sent_today = set(
        ReminderSent.objects.filter(
            site=site, sent_on=today, deadline__in=[d.pk for d in due]
        ).values_list("deadline_id", "recipient_id")
    )
    for deadline in due:
        matter = deadline.matter
        for user_id in rules.reminder_recipients(
            attorney=matter.attorney_id,
            team=team_ids,
            referrer=matter.referred_by_id,
            remind_referrer=conf.remind_referrer,
        ):
            user = users[user_id]
            if (deadline.pk, user_id) in sent_today:
                run.already += 1
                continue
            if not user.email:
                run.no_email.append(user.get_username())
                continue
            subject, body = _reminder_text(
                deadline, today, for_attorney=user_id in team_ids or user_id == matter.attorney_id
            )
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(
                        site=site, deadline=deadline, recipient=user, sent_on=today
                    )
                    audit_record(
                        actor=None,
                        site_id=site.pk,
                        action="deadline.remind",
                        obj=deadline,
                        after={"matter": matter.pk, "recipient": user_id, "sent_on": today},
                    )
                    send_mail(subject, body, None, [user.email])
            except Exception:  # one failed email must not stop the others
                run.failed.append(user.get_username())
                continue
            run.sent.append((user.get_username(), deadline.pk))
    return run
