"""Every write of case management: one transaction each, permission first, a per-field
refusal for bad input (nothing saved), then the audit row."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from goldenthread.access.actor import Actor, Conflict, NotFound, Refused
from goldenthread.access.scopes import participants_q
from goldenthread.audit.actions import audit_record
from goldenthread.casework import queries, rules
from goldenthread.casework.models import (
    ActionStep,
    CaseworkSettings,
    Contact,
    ContactDraft,
    FlexFundRequest,
    FundingPool,
    Goal,
    LedgerEntry,
    ProgressNote,
    Reassignment,
    ServiceReferral,
    StaffProfile,
    StatusRecord,
)
from goldenthread.core.actions import participant_transition
from goldenthread.core.models import Participant

SETTINGS_FIELDS = ("flex_approval_threshold", "status_every_days", "receipt_max_mb")


def _refuse(found: tuple[str, str] | None) -> None:
    if found is not None:
        raise Refused(found[1], field=found[0])


def _required(value: str, name: str, label: str) -> str:
    if not (value or "").strip():
        raise Refused(f"{label} is required.", field=name)
    return value.strip()


def settings_update(*, actor: Actor, changes: dict[str, Any]) -> CaseworkSettings:
    """Change this site's case-management settings (the flex-fund approval threshold, how
    often status is due, the largest receipt)."""
    actor.require("casework.settings")
    unknown = sorted(set(changes) - set(SETTINGS_FIELDS))
    if unknown:
        raise Refused(f"unknown setting {unknown[0]!r}", field=unknown[0])
    if changes.get("flex_approval_threshold", 0) < 0:
        raise Refused("The threshold cannot be negative.", field="flex_approval_threshold")
    for name in ("status_every_days", "receipt_max_mb"):
        if name in changes and not 1 <= changes[name] <= 365:
            raise Refused("Between 1 and 365.", field=name)
    with transaction.atomic():
        conf, _ = CaseworkSettings.objects.select_for_update(no_key=True).get_or_create(
            site_id=actor.site_id
        )
        before = {name: getattr(conf, name) for name in changes}
        for name, value in changes.items():
            setattr(conf, name, value)
        conf.save()
        audit_record(
            actor=actor, action="casework_settings.update", obj=conf, before=before, after=changes
        )
    return conf


# Contacts ---------------------------------------------------------------------------------


def contact_draft_save(
    *, actor: Actor, participant_id: int, idempotency_key: str, data: dict[str, Any]
) -> ContactDraft:
    """Keep a half-written contact on the server (autosave). The draft's text is not copied
    into the audit: the audit says that a draft was saved, the draft holds the words."""
    participant = queries.participant_for(actor, participant_id, "casework.contact.log")
    key = _required(idempotency_key, "idempotency_key", "The form's key")[:64]
    clean = {k: str(v)[:2000] for k, v in data.items() if k in DRAFT_FIELDS}
    with transaction.atomic():
        if Contact.objects.filter(site_id=actor.site_id, idempotency_key=key).exists():
            raise Conflict("This contact has already been logged.", field="idempotency_key")
        draft, created = ContactDraft.objects.update_or_create(
            site_id=actor.site_id,
            author_id=actor.user_id,
            idempotency_key=key,
            defaults={"participant": participant, "data": clean},
        )
        if created:
            audit_record(
                actor=actor,
                action="contact_draft.save",
                obj=draft,
                after={"participant": participant.pk},
            )
    return draft


DRAFT_FIELDS = (
    "kind",
    "occurred_at",
    "place",
    "duration_minutes",
    "present",
    "substantive",
    "note",
)


def contact_log(
    *,
    actor: Actor,
    participant_id: int,
    idempotency_key: str,
    kind: str,
    occurred_at: datetime | None = None,
    place: str = "",
    duration_minutes: int | None = None,
    present: str = "",
    substantive: bool = False,
    note: str = "",
) -> tuple[Contact, bool]:
    """Log a contact. Idempotent on the form's key: a second submit of the same form returns
    the contact the first one made (``created`` False) instead of making another."""
    participant = queries.participant_for(actor, participant_id, "casework.contact.log")
    key = _required(idempotency_key, "idempotency_key", "The form's key")[:64]
    when = occurred_at or timezone.now()
    today = queries.today_for(actor)
    _refuse(
        rules.contact_refusal(
            kind, duration_minutes, timezone.localtime(when, actor.site.tz).date(), today
        )
    )
    existing = Contact.objects.filter(site_id=actor.site_id, idempotency_key=key).first()
    if existing is not None:
        return _same_contact(existing, participant), False
    try:
        with transaction.atomic():
            contact = Contact.objects.create(
                site=actor.site,  # the instance, whose zone the contact counter reads
                participant=participant,
                author=actor.user,
                kind=kind,
                occurred_at=when,
                place=place.strip()[:200],
                duration_minutes=duration_minutes,
                present=present.strip()[:300],
                substantive=substantive,
                note=note.strip(),
                idempotency_key=key,
            )
            ContactDraft.objects.filter(site_id=actor.site_id, idempotency_key=key).delete()
            audit_record(
                actor=actor,
                action="contact.log",
                obj=contact,
                after={"participant": participant.pk, "kind": kind, "substantive": substantive},
            )
    except IntegrityError:
        # The same form submitted twice at once: the other request made it.
        existing = Contact.objects.get(site_id=actor.site_id, idempotency_key=key)
        return _same_contact(existing, participant), False
    return contact, True


def _same_contact(existing: Contact, participant: Participant) -> Contact:
    if existing.participant_id != participant.pk:
        raise Conflict("This form's key was already used for another contact.")
    return existing


# Plan and status --------------------------------------------------------------------------


def goal_add(
    *, actor: Actor, participant_id: int, domain: str, title: str, target_on: date | None = None
) -> Goal:
    """Add a goal the participant names, in one of the plan's domains."""
    participant = queries.participant_for(actor, participant_id, "casework.plan.edit")
    if domain not in rules.GOAL_DOMAINS:
        raise Refused(f"{domain!r} is not a plan domain.", field="domain")
    title = _required(title, "title", "The goal")
    with transaction.atomic():
        goal = Goal.objects.create(
            site_id=actor.site_id,
            participant=participant,
            domain=domain,
            title=title[:300],
            target_on=target_on,
            created_by=actor.user,
        )
        audit_record(actor=actor, action="goal.add", obj=goal, after={"domain": domain})
    return goal


def step_add(
    *, actor: Actor, goal_id: int, description: str, owner: str, due_on: date | None = None
) -> ActionStep:
    """Add an action step to a goal: what, whose, by when."""
    goal = queries.goal_for(actor, goal_id, "casework.plan.edit")
    description = _required(description, "description", "The step")
    owner = _required(owner, "owner", "The step's owner")
    with transaction.atomic():
        step = ActionStep.objects.create(
            site_id=actor.site_id,
            goal=goal,
            description=description[:300],
            owner=owner[:120],
            due_on=due_on,
        )
        audit_record(actor=actor, action="step.add", obj=step, after={"goal": goal.pk})
    return step


def step_complete(*, actor: Actor, step_id: int, done_on: date | None = None) -> ActionStep:
    actor.require("casework.plan.edit")
    step = ActionStep.objects.filter(participants_q(actor, "goal__participant__"), pk=step_id)
    found = step.first()
    if found is None:
        raise NotFound()
    done = done_on or queries.today_for(actor)
    if done > queries.today_for(actor):
        raise Refused("A step cannot be done in the future.", field="done_on")
    with transaction.atomic():
        before = {"done_on": found.done_on}
        found.done_on = done
        found.save(update_fields=["done_on", "updated_at"])
        audit_record(
            actor=actor, action="step.complete", obj=found, before=before, after={"done_on": done}
        )
    return found


def goal_progress_add(
    *, actor: Actor, goal_id: int, note: str, state: str | None = None
) -> ProgressNote:
    """A progress note on a goal, optionally marking it achieved or set aside."""
    goal = queries.goal_for(actor, goal_id, "casework.plan.edit")
    note = _required(note, "note", "The progress note")
    if state and state not in rules.GOAL_STATES:
        raise Refused(f"{state!r} is not a goal state.", field="state")
    with transaction.atomic():
        entry = ProgressNote.objects.create(
            site_id=actor.site_id,
            goal=goal,
            author=actor.user,
            written_on=queries.today_for(actor),
            note=note,
        )
        before = {"state": goal.state}
        if state and state != goal.state:
            goal.state = state
            goal.save(update_fields=["state", "updated_at"])
        audit_record(
            actor=actor,
            action="goal.progress",
            obj=goal,
            before=before,
            after={"state": goal.state},
        )
    return entry


def status_record(
    *,
    actor: Actor,
    participant_id: int,
    domain: str,
    value: str,
    recorded_on: date | None = None,
    at_intake: bool = False,
) -> StatusRecord:
    """Record a participant's status in one domain. A date in the future is refused."""
    participant = queries.participant_for(actor, participant_id, "casework.status.record")
    today = queries.today_for(actor)
    on = recorded_on or today
    _refuse(rules.status_refusal(domain, value, on, today))
    with transaction.atomic():
        record = StatusRecord.objects.create(
            site_id=actor.site_id,
            participant=participant,
            domain=domain,
            value=value,
            recorded_on=on,
            at_intake=at_intake,
            recorded_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="status.record",
            obj=record,
            after={"domain": domain, "value": value, "recorded_on": on},
        )
    return record


# Service referrals out --------------------------------------------------------------------


def service_refer(
    *,
    actor: Actor,
    participant_id: int,
    kind: str,
    provider: str,
    sent_on: date | None = None,
    note: str = "",
) -> ServiceReferral:
    """Refer a participant out to a service; the loop closes with accepted/declined/completed."""
    participant = queries.participant_for(actor, participant_id, "casework.service.refer")
    if kind not in rules.SERVICE_KINDS:
        raise Refused(f"{kind!r} is not a kind of service.", field="kind")
    provider = _required(provider, "provider", "The provider")
    today = queries.today_for(actor)
    sent = sent_on or today
    if sent > today:
        raise Refused("The date cannot be in the future.", field="sent_on")
    with transaction.atomic():
        referral = ServiceReferral.objects.create(
            site_id=actor.site_id,
            participant=participant,
            kind=kind,
            provider=provider[:200],
            sent_on=sent,
            note=note.strip()[:300],
            made_by=actor.user,
        )
        audit_record(
            actor=actor, action="service_referral.send", obj=referral, after={"kind": kind}
        )
    return referral


def service_update(
    *, actor: Actor, referral_id: int, status: str, on: date | None = None
) -> ServiceReferral:
    """Move a service referral along: sent → accepted/declined, accepted → completed/declined."""
    with transaction.atomic():
        referral = queries.service_referral_for(actor, referral_id, "casework.service.refer")
        referral = ServiceReferral.objects.select_for_update(no_key=True).get(pk=referral.pk)
        today = queries.today_for(actor)
        when = on or today
        _refuse(
            rules.service_transition_refusal(
                referral.status, status, when, referral.last_date, today
            )
        )
        before = referral.status
        referral.status = status
        setattr(referral, f"{status}_on", when)
        referral.save()
        audit_record(
            actor=actor,
            action="service_referral.update",
            obj=referral,
            before={"status": before},
            after={"status": status, "on": when},
        )
    return referral


# Staff and caseloads ----------------------------------------------------------------------


def profile_save(
    *,
    actor: Actor,
    credentials: str = "",
    clinical_credential: bool = False,
    provides_supervision: bool = False,
    trainings: list[str] | None = None,
    languages: list[str] | None = None,
    lived_experience: bool | None = None,
) -> StaffProfile:
    """Save the actor's own staff profile. Lived experience is recorded only by choice."""
    actor.require("casework.profile.edit")
    clean = {
        "credentials": credentials.strip()[:300],
        "clinical_credential": clinical_credential,
        "provides_supervision": provides_supervision,
        "trainings": [t.strip()[:120] for t in trainings or [] if t.strip()],
        "languages": [lang.strip()[:60] for lang in languages or [] if lang.strip()],
        "lived_experience": lived_experience,
    }
    with transaction.atomic():
        profile, _ = StaffProfile.objects.update_or_create(
            site_id=actor.site_id, user_id=actor.user_id, defaults=clean
        )
        audit_record(actor=actor, action="staff_profile.save", obj=profile, after=clean)
    return profile


def caseload_reassign(
    *, actor: Actor, participant_ids: list[int], to_user_id: int, reason: str
) -> list[Reassignment]:
    """Move participants to another case manager (bulk, when a case manager leaves). Each move
    needs a reason and is audited; a move that would put the case manager over the site's cap
    is refused (never more than 25 by LEAD's guidance; the cap is a site setting)."""
    actor.require("casework.reassign")
    reason = _required(reason, "reason", "A reason")
    if not participant_ids:
        raise Refused("Choose at least one participant.", field="participant_ids")
    target = queries.case_managers(actor).filter(pk=to_user_id).first()
    if target is None:
        raise Refused("Choose a case manager at this site.", field="to_user_id")
    with transaction.atomic():
        # FOR NO KEY UPDATE: a contact logged meanwhile checks its key to the participant at
        # commit while holding the audit chain this appends to next (see disclosures.actions).
        chosen = list(
            Participant.objects.select_for_update(no_key=True).filter(
                participants_q(actor), pk__in=participant_ids
            )
        )
        if len(chosen) != len(set(participant_ids)):
            raise Refused(
                "Some of those participants are not at this site.", field="participant_ids"
            )
        movers = [p for p in chosen if p.case_manager_id != target.pk]
        load = Participant.objects.filter(
            site_id=actor.site_id, case_manager=target, state__in=queries.OPEN_STATES
        ).count()
        adding = sum(1 for p in movers if p.state in queries.OPEN_STATES)
        if load + adding > actor.site.caseload_cap:
            raise Refused(
                f"{target.get_username()} would carry {load + adding}, over the cap of "
                f"{actor.site.caseload_cap}.",
                field="to_user_id",
            )
        moves = []
        for p in movers:
            moves.append(
                Reassignment.objects.create(
                    site_id=actor.site_id,
                    participant=p,
                    from_user_id=p.case_manager_id,
                    to_user=target,
                    reason=reason[:300],
                    moved_by=actor.user,
                )
            )
            before = {"case_manager": p.case_manager_id}
            p.case_manager = target
            p.save(update_fields=["case_manager", "updated_at"])
            audit_record(
                actor=actor,
                action="participant.reassign",
                obj=p,
                before=before,
                after={"case_manager": target.pk, "reason": reason},
            )
    return moves


# Flex funds -------------------------------------------------------------------------------


def pool_create(
    *,
    actor: Actor,
    name: str,
    funding_source: str,
    budget: Decimal,
    period_start: date,
    period_end: date,
    categories: list[str] | None = None,
) -> FundingPool:
    """A new flex-fund pool: its own budget from one funding source, for one fiscal period."""
    actor.require("casework.flex.pools")
    name = _required(name, "name", "The pool's name")
    funding_source = _required(funding_source, "funding_source", "The funding source")
    if budget <= 0:
        raise Refused("The budget must be more than zero.", field="budget")
    if period_end < period_start:
        raise Refused("The period ends before it starts.", field="period_end")
    bad = [c for c in categories or [] if c not in rules.FLEX_CATEGORIES]
    if bad:
        raise Refused(f"{bad[0]!r} is not a flex-fund category.", field="categories")
    if FundingPool.objects.filter(site_id=actor.site_id, name=name).exists():
        raise Refused("A pool with this name exists.", field="name")
    with transaction.atomic():
        pool = FundingPool.objects.create(
            site_id=actor.site_id,
            name=name[:120],
            funding_source=funding_source[:200],
            budget=budget,
            period_start=period_start,
            period_end=period_end,
            categories=list(categories or []),
        )
        audit_record(
            actor=actor,
            action="funding_pool.create",
            obj=pool,
            after={"name": name, "budget": budget, "categories": list(categories or [])},
        )
    return pool


def _balance(pool: FundingPool) -> Decimal:
    spent = LedgerEntry.objects.filter(pool=pool).aggregate(s=Sum("amount"))["s"]
    return rules.remaining(pool.budget, [spent or Decimal("0")])


def _spend(actor: Actor, request: FlexFundRequest) -> LedgerEntry:
    """Lock the pool, check what it has left, and post the spend. Two approvals racing on
    the last dollars queue on the lock; the second sees the first's spend and is refused."""
    pool = FundingPool.objects.select_for_update(no_key=True).get(pk=request.pool_id)
    refusal = rules.overdraw_refusal(_balance(pool), request.amount)
    if refusal:
        raise Refused(refusal, field="amount")
    return LedgerEntry.objects.create(
        site_id=actor.site_id,
        pool=pool,
        request=request,
        participant_id=request.participant_id,
        case_manager_id=request.requested_by_id,
        category=request.category,
        kind=LedgerEntry.Kind.SPEND,
        amount=request.amount,
        entry_on=queries.today_for(actor),
        memo=request.purpose[:300],
        entered_by=actor.user,
    )


def flex_request_submit(
    *,
    actor: Actor,
    participant_id: int,
    pool_id: int,
    goal_id: int,
    amount: Decimal,
    category: str,
    vendor: str,
    purpose: str,
    attested: bool,
    pools_checked: str,
) -> FlexFundRequest:
    """Request flex funds. Within the site's threshold and outside bail, restitution and
    debt, the request is approved as it is made (the pool is locked and charged at once);
    otherwise it waits for the clinical supervisor."""
    actor.require("casework.flex.request")
    if amount <= 0:
        raise Refused("The amount must be more than zero.", field="amount")
    with transaction.atomic():
        participant = queries.participant_for(actor, participant_id, "casework.flex.request")
        pool = FundingPool.objects.filter(site_id=actor.site_id, pk=pool_id).first()
        if pool is None:
            raise Refused("Choose a pool at this site.", field="pool")
        goal = Goal.objects.filter(
            site_id=actor.site_id, participant=participant, pk=goal_id
        ).first()
        if goal is None:
            raise Refused("Choose a goal from this participant's plan.", field="goal")
        _refuse(
            rules.flex_request_refusal(
                rules.FlexRequestFacts(
                    amount=amount,
                    category=category,
                    pool_categories=pool.categories,
                    pool_start=pool.period_start,
                    pool_end=pool.period_end,
                    participant_state=participant.state,
                    attested=attested,
                    pools_checked=pools_checked,
                    today=queries.today_for(actor),
                )
            )
        )
        vendor = _required(vendor, "vendor", "The vendor")
        purpose = _required(purpose, "purpose", "The purpose")
        threshold = queries.settings_for(actor).flex_approval_threshold
        supervised = rules.needs_supervisor(amount, category, threshold)
        request = FlexFundRequest.objects.create(
            site_id=actor.site_id,
            participant=participant,
            requested_by=actor.user,
            pool=pool,
            goal=goal,
            amount=amount,
            category=category,
            vendor=vendor[:200],
            purpose=purpose[:300],
            attested=attested,
            pools_checked=pools_checked.strip()[:300],
            needs_supervisor=supervised,
        )
        if not supervised:
            _spend(actor, request)
            request.status = FlexFundRequest.Status.APPROVED
            request.decided_by = actor.user
            request.decided_at = timezone.now()
            request.decision_note = "Within the case manager's threshold."
            request.save()
        audit_record(
            actor=actor,
            action="flex_request.submit",
            obj=request,
            after={
                "amount": amount,
                "category": category,
                "pool": pool.pk,
                "status": request.status,
            },
        )
    return request


def flex_request_decide(
    *, actor: Actor, request_id: int, approve: bool, note: str = ""
) -> FlexFundRequest:
    """The clinical supervisor approves (charging the locked pool) or refuses a request."""
    actor.require("casework.flex.approve")
    with transaction.atomic():
        found = queries.flex_request_for(actor, request_id, log=False)
        request = (
            FlexFundRequest.objects.select_for_update(no_key=True, of=("self",))
            .select_related("participant")
            .get(pk=found.pk)
        )
        if request.status != FlexFundRequest.Status.PENDING:
            raise Conflict(f"This request is already {request.get_status_display().lower()}.")
        if not approve and not note.strip():
            raise Refused("Say why the request is refused.", field="note")
        if approve and request.participant.state in {"exited", "terminated"}:
            raise Refused(
                "Flex funds cannot be spent on a participant who has exited.", field="participant"
            )
        if approve:
            _spend(actor, request)
        request.status = (
            FlexFundRequest.Status.APPROVED if approve else FlexFundRequest.Status.REFUSED
        )
        request.decided_by = actor.user
        request.decided_at = timezone.now()
        request.decision_note = note.strip()[:300]
        request.save()
        audit_record(
            actor=actor,
            action="flex_request.approve" if approve else "flex_request.refuse",
            obj=request,
            before={"status": "pending"},
            after={"status": request.status, "note": request.decision_note},
        )
    return request


def _check_receipt(actor: Actor, receipt: UploadedFile) -> None:
    max_bytes = queries.settings_for(actor).receipt_max_mb * 1024 * 1024
    receipt.seek(0)
    head = receipt.read(16)
    receipt.seek(0)
    refusal = rules.receipt_refusal(receipt.name or "", head, receipt.size or 0, max_bytes)
    if refusal:
        raise Refused(refusal, field="receipt")


def flex_request_disburse(
    *,
    actor: Actor,
    request_id: int,
    disbursed_on: date | None = None,
    receipt: UploadedFile | None = None,
) -> FlexFundRequest:
    """Record that an approved request was paid out, with its receipt (now or later: a
    receipt may be attached to a disbursed request until one is on file)."""
    actor.require("casework.flex.disburse")
    if receipt is not None:
        _check_receipt(actor, receipt)
    today = queries.today_for(actor)
    on = disbursed_on or today
    if on > today:
        raise Refused("The date cannot be in the future.", field="disbursed_on")
    with transaction.atomic():
        found = queries.flex_request_for(actor, request_id, log=False)
        request = FlexFundRequest.objects.select_for_update(no_key=True).get(pk=found.pk)
        status = FlexFundRequest.Status
        if request.status == status.DISBURSED:
            if receipt is None or request.receipt:
                raise Conflict("This request is already disbursed.")
        elif request.status != status.APPROVED:
            raise Conflict("Only an approved request can be disbursed.")
        else:
            request.status = status.DISBURSED
            request.disbursed_on = on
        if receipt is not None:
            request.receipt.save(receipt.name or "receipt", receipt, save=False)
        request.save()
        audit_record(
            actor=actor,
            action="flex_request.disburse",
            obj=request,
            after={"disbursed_on": request.disbursed_on, "receipt": bool(request.receipt)},
        )
    return request


def ledger_reverse(*, actor: Actor, entry_id: int, reason: str) -> LedgerEntry:
    """Correct the append-only ledger with a reversing entry; the original stays as it was."""
    actor.require("casework.flex.ledger")
    reason = _required(reason, "reason", "A reason")
    with transaction.atomic():
        entry = (
            LedgerEntry.objects.select_for_update(no_key=True)
            .filter(site_id=actor.site_id, pk=entry_id)
            .first()
        )
        if entry is None:
            raise NotFound()
        if entry.kind == LedgerEntry.Kind.REVERSAL:
            raise Refused("A reversal cannot itself be reversed.", field="entry")
        if LedgerEntry.objects.filter(reverses=entry).exists():
            raise Conflict("This entry has already been reversed.")
        FundingPool.objects.select_for_update(no_key=True).get(pk=entry.pool_id)
        reversal = LedgerEntry.objects.create(
            site_id=actor.site_id,
            pool_id=entry.pool_id,
            request_id=entry.request_id,
            participant_id=entry.participant_id,
            case_manager_id=entry.case_manager_id,
            category=entry.category,
            kind=LedgerEntry.Kind.REVERSAL,
            amount=-entry.amount,
            entry_on=queries.today_for(actor),
            reverses=entry,
            memo=reason[:300],
            entered_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="ledger.reverse",
            obj=reversal,
            after={"reverses": entry.pk, "amount": -entry.amount, "reason": reason},
        )
    return reversal


def participant_mark_inactive(*, actor: Actor, participant_id: int, reason: str) -> Participant:
    """The case manager confirms the proposal for someone in the wind: inactive, never out."""
    queries.participant_for(actor, participant_id, "casework.caseload")
    return participant_transition(
        actor=actor, participant_id=participant_id, to_state="inactive", reason=reason
    )
