"""Every write in the referrals area: one transaction each, permission checked, validated,
audited. The path is the one in domain.md ("A participant's path")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from goldenthread.access.actor import Actor, Conflict, NotFound, Refused
from goldenthread.audit.actions import audit_record
from goldenthread.core.actions import participant_enroll
from goldenthread.core.models import Membership, Person, Site
from goldenthread.core.roles import Role
from goldenthread.governance import actions as governance_actions
from goldenthread.governance import queries as governance_queries
from goldenthread.legal import actions as legal_actions
from goldenthread.referrals import queries, rules
from goldenthread.referrals.models import (
    EligibilityPolicy,
    Notification,
    PersonLink,
    PolicyVersion,
    QueueAdjustment,
    Referral,
    ReferralSettings,
    ReferralStateChange,
    Screening,
)

# A clock a few minutes fast on the officer's phone is not a future contact.
FUTURE_GRACE = timedelta(minutes=5)


@dataclass
class ReferralInput:
    """What a referrer submits. Only the door, the name and the door's own essentials are
    required; the rest has defaults (the officer's agency, now, their last area)."""

    door: str
    first_name: str
    last_name: str
    date_of_birth: date | None = None
    aliases: list[str] = field(default_factory=list)
    contact_at: datetime | None = None
    area: str = ""
    offence_category: str = ""
    charge: str = ""
    probable_cause: bool = False
    arrest_report_number: str = ""
    quantity_grams: Decimal | None = None
    dosage_units: int | None = None
    prior_activity: str = ""
    verification: str = ""
    prior_activity_on: date | None = None
    prior_activity_place: str = ""
    referring_partner: str = ""
    history_flags: list[dict[str, Any]] = field(default_factory=list)
    recent_arrests: int = 0
    vulnerability_flags: list[str] = field(default_factory=list)
    notes: str = ""


def _clean_history(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for item in items:
        code = str(item.get("code", ""))
        if code not in rules.EXCLUSION_CODES:
            raise Refused(f"unknown history item {code!r}", field="history_flags")
        on = item.get("on")
        if isinstance(on, str) and on:
            try:
                on = date.fromisoformat(on)
            except ValueError as exc:
                raise Refused(f"{on!r} is not a date", field="history_flags") from exc
        cleaned.append({"code": code, "on": on.isoformat() if on else None})
    return cleaned


def _validate(data: ReferralInput, now: datetime) -> None:
    """Missing or contradictory fields, each named (issue 3, "Bad input")."""
    if data.door not in rules.DOORS:
        raise Refused("choose one of the three doors", field="door")
    if not data.first_name.strip():
        raise Refused("the first name is required", field="first_name")
    if not data.last_name.strip():
        raise Refused("the last name is required", field="last_name")
    assert data.contact_at is not None
    if data.contact_at > now + FUTURE_GRACE:
        raise Refused("the date of contact is in the future", field="contact_at")
    if data.date_of_birth and data.date_of_birth > data.contact_at.date():
        raise Refused("the date of birth is after the contact", field="date_of_birth")
    if data.offence_category and data.offence_category not in rules.OFFENCE_CATEGORIES:
        raise Refused(
            f"unknown offence category {data.offence_category!r}", field="offence_category"
        )
    if data.quantity_grams is not None and data.quantity_grams < 0:
        raise Refused("a quantity cannot be negative", field="quantity_grams")
    if data.door == rules.ARREST:
        if not data.offence_category:
            raise Refused("an arrest diversion needs the offence", field="offence_category")
        if not data.probable_cause:
            raise Refused("an arrest diversion needs probable cause noted", field="probable_cause")
    if data.door == rules.SOCIAL:
        if not data.prior_activity.strip():
            raise Refused("a social contact needs the prior activity", field="prior_activity")
        if data.verification not in Referral.Verification.values:
            raise Refused("say how the prior activity was verified", field="verification")
        if data.prior_activity_on is None:
            raise Refused("the date of the prior activity is required", field="prior_activity_on")
        if data.prior_activity_on > data.contact_at.date():
            raise Refused(
                "the prior activity is dated after the contact", field="prior_activity_on"
            )
    if data.door == rules.COMMUNITY:
        if not data.referring_partner.strip():
            raise Refused(
                "a community referral names the referring partner", field="referring_partner"
            )
        if data.charge.strip() or data.arrest_report_number.strip():
            raise Refused("a community referral carries no charge", field="charge")


def _change(referral: Referral, actor: Actor | None, to_state: str, reason: str = "") -> None:
    refusal = rules.transition_refusal(referral.state, to_state)
    if refusal:
        raise Refused(refusal, field="state")
    ReferralStateChange.objects.create(
        site_id=referral.site_id,
        referral=referral,
        from_state=referral.state,
        to_state=to_state,
        changed_at=timezone.now(),
        changed_by=actor.user if actor else None,
        reason=reason[:300],
    )
    referral.state = to_state


def referral_create(*, actor: Actor, data: ReferralInput) -> Referral:
    """Record a referral through one of the three doors. An arrest diversion starts the warm
    hand-off clock and notifies the on-call case manager (domain.md: ideally within 30 min)."""
    actor.require("referrals.create")
    now = timezone.now()
    data.contact_at = data.contact_at or now
    _validate(data, now)
    history = _clean_history(data.history_flags)
    with transaction.atomic():
        referral = Referral.objects.create(
            site_id=actor.site_id,
            door=data.door,
            referred_by=actor.user,
            referring_agency_id=actor.agency_id,
            first_name=data.first_name.strip(),
            last_name=data.last_name.strip(),
            date_of_birth=data.date_of_birth,
            aliases=[a.strip() for a in data.aliases if a.strip()],
            contact_at=data.contact_at,
            area=data.area.strip(),
            offence_category=data.offence_category,
            charge=data.charge.strip(),
            probable_cause=data.probable_cause,
            arrest_report_number=data.arrest_report_number.strip(),
            quantity_grams=data.quantity_grams,
            dosage_units=data.dosage_units,
            prior_activity=data.prior_activity.strip(),
            verification=data.verification,
            prior_activity_on=data.prior_activity_on,
            prior_activity_place=data.prior_activity_place.strip(),
            referring_partner=data.referring_partner.strip(),
            history_flags=history,
            recent_arrests=data.recent_arrests,
            vulnerability_flags=[v.strip() for v in data.vulnerability_flags if v.strip()],
            notes=data.notes,
        )
        ReferralStateChange.objects.create(
            site_id=actor.site_id,
            referral=referral,
            to_state=rules.REFERRED,
            changed_at=now,
            changed_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="referral.create",
            obj=referral,
            after={"door": referral.door, "agency": actor.agency_id},
        )
        if referral.door == rules.ARREST:
            _notify_oncall(referral, actor.site)
    return referral


def _notify_oncall(referral: Referral, site: Site) -> None:
    from goldenthread.referrals.tasks import deliver_notification

    config = queries.settings_for(site.pk)
    deadline = rules.handoff_deadline(referral.contact_at, site.handoff_target_minutes)
    local = timezone.localtime(deadline, site.tz).strftime("%H:%M %Z")
    # No name in the message: it travels by e-mail and SMS.
    message = f"New arrest diversion #{referral.pk} at {site.name}: warm hand-off due by {local}."
    targets = [
        (Notification.Channel.EMAIL, config.oncall_email),
        (Notification.Channel.WEBHOOK, config.webhook_url),
    ]
    for channel, target in targets:
        if not target:
            continue
        notification = Notification.objects.create(
            site_id=site.pk, referral=referral, channel=channel, target=target, message=message
        )
        transaction.on_commit(partial(deliver_notification.enqueue, notification.pk))


def notification_retry(*, actor: Actor, notification_id: int) -> Notification:
    """Send a failed hand-off notice again; its earlier attempts stay on record."""
    from goldenthread.referrals.tasks import deliver_notification

    actor.require("referrals.handoff")
    with transaction.atomic():
        notification = queries.notification_for(actor, notification_id)
        if notification.status == Notification.Status.SENT:
            raise Refused("this notice was already delivered", field="status")
        notification.status = Notification.Status.PENDING
        notification.attempts = 0
        notification.save(update_fields=["status", "attempts", "updated_at"])
        audit_record(actor=actor, action="notification.retry", obj=notification)
        transaction.on_commit(partial(deliver_notification.enqueue, notification.pk))
    return notification


def _locked(actor: Actor, referral_id: int) -> Referral:
    actor.require("referrals.view")
    referral = (
        Referral.objects.select_for_update(no_key=True)
        .filter(site_id=actor.site_id, pk=referral_id)
        .first()
    )
    if referral is None:
        raise NotFound()
    return referral


def referral_handoff(*, actor: Actor, referral_id: int) -> Referral:
    """A case manager takes the warm hand-off: the countdown stops."""
    actor.require("referrals.handoff")
    with transaction.atomic():
        referral = _locked(actor, referral_id)
        if referral.handoff_at is not None:
            raise Conflict("The hand-off was already taken.", field="handoff")
        referral.handoff_at = timezone.now()
        referral.handoff_by = actor.user
        referral.save(update_fields=["handoff_at", "handoff_by", "updated_at"])
        audit_record(
            actor=actor, action="referral.handoff", obj=referral, after={"at": referral.handoff_at}
        )
    return referral


def referral_identify(
    *, actor: Actor, referral_id: int, person_id: int | None = None, confirm_new: bool = False
) -> Referral:
    """Say who the referral is about: an existing person, or a new one only once the possible
    duplicates were shown and the user confirmed that none of them is this person."""
    actor.require("referrals.people")
    with transaction.atomic():
        referral = _locked(actor, referral_id)
        if referral.person_id is not None:
            raise Conflict("This referral already names a person.", field="person_id")
        if person_id is not None:
            person = Person.objects.filter(site_id=actor.site_id, pk=person_id).first()
            if person is None:
                raise Refused("no such person at this site", field="person_id")
        else:
            matches = queries.possible_duplicates(
                actor,
                first_name=referral.first_name,
                last_name=referral.last_name,
                date_of_birth=referral.date_of_birth,
                aliases=referral.aliases,
            )
            if matches and not confirm_new:
                raise Refused(
                    f"{len(matches)} possible duplicate(s): choose one, or confirm a new person",
                    field="person_id",
                )
            person = Person.objects.create(
                site_id=actor.site_id,
                first_name=referral.first_name,
                last_name=referral.last_name,
                date_of_birth=referral.date_of_birth,
                aliases=referral.aliases,
            )
            audit_record(actor=actor, action="person.create", obj=person)
        referral.person = person
        referral.save(update_fields=["person", "updated_at"])
        audit_record(
            actor=actor, action="referral.identify", obj=referral, after={"person": person.pk}
        )
    return referral


def person_link(*, actor: Actor, person_id: int, other_id: int, reason: str = "") -> PersonLink:
    """Link two records of possibly the same person. Linked, never merged."""
    actor.require("referrals.people")
    if person_id == other_id:
        raise Refused("a person cannot be linked to themself", field="other_id")
    with transaction.atomic():
        people = {
            p.pk: p
            for p in Person.objects.filter(site_id=actor.site_id, pk__in=[person_id, other_id])
        }
        if person_id not in people:
            raise Refused("no such person at this site", field="person_id")
        if other_id not in people:
            raise Refused("no such person at this site", field="other_id")
        a, b = people[person_id], people[other_id]
        existing = PersonLink.objects.filter(
            site_id=actor.site_id,
            unlinked_at__isnull=True,
            person_id__in=[a.pk, b.pk],
            other_id__in=[a.pk, b.pk],
        )
        if existing.exists():
            raise Conflict("These two are already linked.", field="other_id")
        score = rules.match_score(
            names=[f"{a.first_name} {a.last_name}", *a.aliases],
            birth=a.date_of_birth,
            other_names=[f"{b.first_name} {b.last_name}", *b.aliases],
            other_birth=b.date_of_birth,
        )
        link = PersonLink.objects.create(
            site_id=actor.site_id,
            person=a,
            other=b,
            score=score,
            reason=reason[:300],
            linked_by=actor.user,
        )
        audit_record(
            actor=actor, action="person.link", obj=link, after={"person": a.pk, "other": b.pk}
        )
    return link


def person_unlink(*, actor: Actor, link_id: int) -> PersonLink:
    """Undo a link between two people; the link stays on record as undone."""
    actor.require("referrals.people")
    with transaction.atomic():
        link = (
            PersonLink.objects.select_for_update(no_key=True)
            .filter(site_id=actor.site_id, pk=link_id)
            .first()
        )
        if link is None:
            raise NotFound()
        if link.unlinked_at is not None:
            raise Conflict("This link was already undone.", field="link_id")
        link.unlinked_at = timezone.now()
        link.unlinked_by = actor.user
        link.save(update_fields=["unlinked_at", "unlinked_by", "updated_at"])
        audit_record(actor=actor, action="person.unlink", obj=link)
    return link


def facts_of(referral: Referral, time_zone: str) -> rules.Facts:
    return rules.Facts(
        door=referral.door,
        contact_date=rules.local_date(referral.contact_at, time_zone),
        offence_category=referral.offence_category,
        grams=float(referral.quantity_grams) if referral.quantity_grams is not None else None,
        dosage_units=referral.dosage_units,
        date_of_birth=referral.date_of_birth,
        area=referral.area,
        prior_activity_on=referral.prior_activity_on,
        verified=bool(referral.verification),
        history=tuple(
            rules.HistoryItem(h["code"], date.fromisoformat(h["on"]) if h.get("on") else None)
            for h in referral.history_flags
        ),
    )


def _accept(referral: Referral, actor: Actor, reason: str) -> None:
    """Move an eligible referral to intake. A social contact waits in the queue when the site
    says social contacts come after arrest diversions and capacity is full."""
    site = actor.site
    config = queries.settings_for(site.pk)
    now = timezone.now()
    _change(referral, actor, rules.INTAKE_PENDING, reason)
    if referral.door == rules.SOCIAL and config.social_contacts_wait_for_capacity:
        capacity = queries.capacity_for_site(site.pk, site.caseload_target, site.caseload_cap)
        if not capacity.has_room:
            referral.waiting_since = now
            referral.intake_due = None
            return
    start = referral.contact_at if referral.door == rules.ARREST else now
    referral.intake_due = rules.intake_due(start, site.intake_deadline_days, site.time_zone)


def referral_screen(
    *, actor: Actor, referral_id: int, policy_version_id: int | None = None
) -> Screening:
    """Screen a referral against the policy version in force at the time of contact, storing
    the version and the per-criterion explanation. An unadopted policy is refused."""
    actor.require("referrals.screen")
    with transaction.atomic():
        referral = _locked(actor, referral_id)
        if referral.state not in (rules.REFERRED, rules.SCREENING):
            raise Refused(
                f"a referral that is {referral.get_state_display().lower()} is not screened",
                field="state",
            )
        if referral.person_id is None:
            raise Refused("say who the person is first (possible duplicates)", field="person_id")
        contact_day = rules.local_date(referral.contact_at, actor.site.time_zone)
        if policy_version_id is not None:
            version = (
                PolicyVersion.objects.filter(site_id=actor.site_id, pk=policy_version_id)
                .select_related("policy")
                .first()
            )
            if version is None:
                raise Refused("no such policy version", field="policy_version_id")
            if version.status != PolicyVersion.Status.ADOPTED:
                raise Refused(
                    "this policy version is not adopted: it cannot be used to screen",
                    field="policy_version_id",
                )
            if version.effective_from is None or version.effective_from > contact_day:
                raise Refused(
                    "this policy version was not in force at the time of contact",
                    field="policy_version_id",
                )
        else:
            version = queries.version_in_force(actor.site_id, contact_day)
            if version is None:
                raise Refused(
                    "no adopted eligibility policy was in force at the time of contact",
                    field="policy_version_id",
                )
        outcome = rules.screen(version.as_rule(), facts_of(referral, actor.site.time_zone))
        screening = Screening.objects.create(
            site_id=actor.site_id,
            referral=referral,
            policy_version=version,
            result=outcome.result,
            explanation=[
                {"criterion": c.name, "outcome": c.outcome, "reason": c.reason}
                for c in outcome.criteria
            ],
            screened_at=timezone.now(),
            screened_by=actor.user,
        )
        before = referral.state
        if referral.state == rules.REFERRED:
            _change(referral, actor, rules.SCREENING)
        if outcome.result == rules.ELIGIBLE:
            _accept(referral, actor, f"Eligible under {version}")
        elif outcome.result == rules.NOT_ELIGIBLE:
            _change(referral, actor, rules.INELIGIBLE, f"Not eligible under {version}")
        referral.save()
        audit_record(
            actor=actor,
            action="referral.screen",
            obj=referral,
            before={"state": before},
            after={"state": referral.state, "result": outcome.result, "policy_version": version.pk},
        )
    return screening


OVERRIDE_AUTHORITY = frozenset({Role.SUPERVISOR, Role.PM})


def screening_override(*, actor: Actor, screening_id: int, result: str, reason: str) -> Screening:
    """A human decision that overrides a screening's result, with a reason and the deciding
    role's authority; audited. The computed result stays on record beside it."""
    actor.require("referrals.override")
    if result not in (rules.ELIGIBLE, rules.NOT_ELIGIBLE):
        raise Refused("an override decides eligible or ineligible", field="result")
    if not reason.strip():
        raise Refused("an override needs a reason", field="reason")
    with transaction.atomic():
        screening = queries.screening_for(actor, screening_id)
        referral = _locked(actor, screening.referral_id)
        latest = referral.screenings.order_by("-screened_at", "-id").first()
        if latest is None or latest.pk != screening.pk:
            raise Conflict(
                "Only the latest screening of a referral can be overridden.", field="screening_id"
            )
        if referral.state not in (rules.SCREENING, rules.INELIGIBLE):
            raise Refused(
                f"a referral that is {referral.get_state_display().lower()} cannot be re-decided",
                field="state",
            )
        before = {"result": screening.decision, "state": referral.state}
        screening.override_result = result
        screening.override_reason = reason.strip()[:500]
        screening.override_role = actor.role.value
        screening.override_by = actor.user
        screening.override_at = timezone.now()
        screening.save()
        note = f"Override by {actor.role.label}: {reason.strip()}"
        if result == rules.ELIGIBLE:
            _accept(referral, actor, note)
        elif referral.state == rules.SCREENING:
            _change(referral, actor, rules.INELIGIBLE, note)
        referral.save()
        audit_record(
            actor=actor,
            action="screening.override",
            obj=screening,
            before=before,
            after={
                "result": result,
                "reason": reason,
                "authority": actor.role.value,
                "state": referral.state,
            },
        )
    return screening


def referral_decline(*, actor: Actor, referral_id: int, reason: str = "") -> Referral:
    """The person declines LEAD."""
    actor.require("referrals.decline")
    with transaction.atomic():
        referral = _locked(actor, referral_id)
        before = referral.state
        _change(referral, actor, rules.DECLINED, reason)
        referral.decline_reason = reason.strip()[:300]
        referral.waiting_since = None
        referral.save()
        audit_record(
            actor=actor,
            action="referral.decline",
            obj=referral,
            before={"state": before},
            after={"state": rules.DECLINED},
        )
    return referral


def _case_manager(actor: Actor, user_id: int | None) -> Any:
    if user_id is None:
        return None
    membership = (
        Membership.objects.filter(site_id=actor.site_id, user_id=user_id, role=Role.CM, active=True)
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Refused("choose a case manager at this site", field="assigned_cm_id")
    return membership.user


def referral_intake(
    *,
    actor: Actor,
    referral_id: int,
    assessment: str,
    roi_signed: bool,
    roi_signed_on: date | None,
    assigned_cm_id: int | None,
) -> Referral:
    """Record intake: the assessment, the release of information (a flag and its date until
    the consent model lands) and the assigned case manager (None keeps the current one)."""
    actor.require("referrals.intake")
    if roi_signed and roi_signed_on is None:
        raise Refused("give the date the release was signed", field="roi_signed_on")
    if not roi_signed and roi_signed_on is not None:
        raise Refused("a date was given but the release is not marked signed", field="roi_signed")
    if roi_signed_on and roi_signed_on > timezone.localdate(timezone=actor.site.tz):
        raise Refused("the release cannot be signed in the future", field="roi_signed_on")
    with transaction.atomic():
        referral = _locked(actor, referral_id)
        if referral.state != rules.INTAKE_PENDING:
            raise Refused("intake is recorded only while intake is pending", field="state")
        if referral.waiting_since is not None:
            raise Refused("this referral is waiting for capacity", field="state")
        referral.assessment = assessment.strip()
        referral.roi_signed = roi_signed
        referral.roi_signed_on = roi_signed_on
        if assigned_cm_id is not None:
            referral.assigned_cm = _case_manager(actor, assigned_cm_id)
        referral.save()
        audit_record(
            actor=actor,
            action="referral.intake",
            obj=referral,
            after={"roi_signed": roi_signed, "assigned_cm": assigned_cm_id},
        )
    return referral


def referral_enroll(*, actor: Actor, referral_id: int) -> Referral:
    """Enroll the person: creates the participant through core.actions.participant_enroll.
    Two case managers enrolling at once: the row lock and the conditional claim let exactly
    one win; the other gets a conflict."""
    actor.require("referrals.enroll")
    with transaction.atomic():
        referral = _locked(actor, referral_id)
        if referral.state == rules.ENROLLED:
            raise Conflict("This referral was already enrolled by someone else.", field="state")
        if referral.state != rules.INTAKE_PENDING or referral.waiting_since is not None:
            raise Refused(
                f"a referral that is {referral.get_state_display().lower()} cannot be enrolled",
                field="state",
            )
        for name, message in (
            ("assessment", "record the assessment first"),
            ("roi_signed", "the release of information is not signed"),
            ("assigned_cm", "assign a case manager first"),
        ):
            if not getattr(referral, name):
                raise Refused(message, field=name)
        person = referral.person
        assert person is not None
        if hasattr(person, "participant"):
            raise Conflict("This person is already a participant.", field="person_id")
        claimed = Referral.objects.filter(pk=referral.pk, state=rules.INTAKE_PENDING).update(
            state=rules.ENROLLED, updated_at=timezone.now()
        )
        if claimed != 1:
            raise Conflict("This referral was already enrolled by someone else.", field="state")
        ReferralStateChange.objects.create(
            site_id=actor.site_id,
            referral=referral,
            from_state=rules.INTAKE_PENDING,
            to_state=rules.ENROLLED,
            changed_at=timezone.now(),
            changed_by=actor.user,
        )
        participant = participant_enroll(
            actor=actor,
            person=person,
            case_manager=referral.assigned_cm,
            enrolled_on=timezone.localdate(timezone=actor.site.tz),
            reason=f"Enrolled from referral #{referral.pk}",
        )
        Referral.objects.filter(pk=referral.pk).update(participant=participant)
        referral.state, referral.participant = rules.ENROLLED, participant
        audit_record(
            actor=actor,
            action="referral.enroll",
            obj=referral,
            before={"state": rules.INTAKE_PENDING},
            after={"state": rules.ENROLLED, "participant": participant.pk},
        )
    return referral


def referral_admit(*, actor: Actor, referral_id: int) -> Referral:
    """Take a waiting social contact off the queue when capacity remains; its intake clock
    starts now."""
    actor.require("referrals.queue_manage")
    site = actor.site
    with transaction.atomic():
        referral = _locked(actor, referral_id)
        if not referral.waiting:
            raise Refused("this referral is not waiting in the queue", field="state")
        capacity = queries.capacity_for_site(site.pk, site.caseload_target, site.caseload_cap)
        if not capacity.has_room:
            raise Refused(
                "no capacity remains: the referral keeps its place in the queue", field="capacity"
            )
        referral.waiting_since = None
        referral.intake_due = rules.intake_due(
            timezone.now(), site.intake_deadline_days, site.time_zone
        )
        referral.save()
        audit_record(
            actor=actor,
            action="referral.admit",
            obj=referral,
            after={"intake_due": referral.intake_due},
        )
    return referral


def queue_reorder(*, actor: Actor, referral_id: int, points: int, reason: str) -> QueueAdjustment:
    """The PM moves a waiting referral up or down the queue, with the reason recorded."""
    actor.require("referrals.queue_reorder")
    if not reason.strip():
        raise Refused("say why the queue is reordered", field="reason")
    if points == 0 or abs(points) > 1000:
        raise Refused("give a non-zero adjustment of at most 1000 points", field="points")
    with transaction.atomic():
        referral = _locked(actor, referral_id)
        if not referral.waiting:
            raise Refused("this referral is not waiting in the queue", field="state")
        before = referral.queue_adjustment
        referral.queue_adjustment += points
        referral.save(update_fields=["queue_adjustment", "updated_at"])
        adjustment = QueueAdjustment.objects.create(
            site_id=actor.site_id,
            referral=referral,
            points=points,
            reason=reason.strip()[:300],
            adjusted_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="queue.reorder",
            obj=referral,
            before={"adjustment": before},
            after={"adjustment": referral.queue_adjustment, "reason": reason},
        )
    return adjustment


def _refer_for_filing(referral: Referral, site: Site, level: str) -> None:
    """An expired arrest diversion enters the liaison prosecutor's filing queue (domain.md:
    "the charge may be referred for filing"). Only the charge goes: the person, the statute
    (the charge as referred, or its offence category), the level the site set, the contact's
    local date and the arrest report number. Nothing from intake or screening."""
    assert referral.person_id is not None  # screening needs the person
    statute = referral.charge.strip() or rules.OFFENCE_CATEGORIES.get(
        referral.offence_category, referral.offence_category or "Diverted arrest"
    )
    legal_actions.case_refer_for_filing(
        site_id=site.pk,
        person_id=referral.person_id,
        source="expired_intake",
        statute=statute,
        level=level,
        incident_date=rules.local_date(referral.contact_at, site.time_zone),
        reference=referral.arrest_report_number or f"Referral {referral.pk}",
    )


def referrals_expire(*, site: Site, now: datetime | None = None) -> int:
    """Move every lapsed intake at a site to intake_expired, each audited: nothing expires
    silently. An expired arrest diversion enters the legal area's filing queue in the same
    transaction; the row lock and the state change make that happen once per referral, however
    often the sweep runs. Returns the count."""
    now = now or timezone.now()
    due_before = rules.lapsed_if_due_before(now, site.time_zone)
    # The home pages and the lists run this sweep on every visit: a lock-free look first, and a
    # transaction only when something has lapsed (the locked read below decides).
    if not queries.has_lapsed_intakes(site.pk, due_before):
        return 0
    expired = 0
    with transaction.atomic():
        lapsed = Referral.objects.select_for_update(no_key=True).filter(
            queries.lapsed_intakes_q(site.pk, due_before)
        )
        level = ""
        for referral in lapsed:
            _change(
                referral,
                None,
                rules.INTAKE_EXPIRED,
                f"Intake deadline {referral.intake_due} passed",
            )
            referral.expired_at = now
            referral.save(update_fields=["state", "expired_at", "updated_at"])
            to_filing = referral.door == rules.ARREST
            audit_record(
                actor=None,
                site_id=site.pk,
                action="referral.expire",
                obj=referral,
                before={"state": rules.INTAKE_PENDING},
                after={"state": rules.INTAKE_EXPIRED, "filing_queue": to_filing},
            )
            if to_filing:
                level = level or queries.settings_for(site.pk).filing_charge_level
                _refer_for_filing(referral, site, level)
            expired += 1
    return expired


# Eligibility policies.
POLICY_FIELDS = (
    "eligible_categories",
    "max_grams",
    "max_dosage_units",
    "exclusions",
    "minimum_age",
    "program_areas",
    "social_contact_lookback_months",
    "prosecutor_signoff",
    "approval_doors",
    "effective_from",
)


def _validate_policy(changes: dict[str, Any]) -> None:
    for category in changes.get("eligible_categories", []):
        if category not in rules.OFFENCE_CATEGORIES:
            raise Refused(f"unknown offence category {category!r}", field="eligible_categories")
    for item in changes.get("exclusions", []):
        if not isinstance(item, dict) or item.get("code") not in rules.EXCLUSION_CODES:
            raise Refused(f"unknown exclusion {item!r}", field="exclusions")
        years = item.get("lookback_years")
        if years is not None and (not isinstance(years, int) or years < 1):
            raise Refused("a look-back is a whole number of years", field="exclusions")
    for door in changes.get("approval_doors", []):
        if door not in rules.DOORS:
            raise Refused(f"unknown door {door!r}", field="approval_doors")
    for name in ("max_grams", "max_dosage_units", "minimum_age"):
        if changes.get(name) is not None and changes[name] < 0:
            raise Refused("cannot be negative", field=name)
    if "social_contact_lookback_months" in changes and not (
        1 <= changes["social_contact_lookback_months"] <= 120
    ):
        raise Refused("between 1 and 120 months", field="social_contact_lookback_months")


def policy_create(*, actor: Actor, name: str) -> PolicyVersion:
    """A new eligibility policy, starting as an empty draft."""
    actor.require("referrals.policy_edit")
    if not name.strip():
        raise Refused("name the policy", field="name")
    with transaction.atomic():
        if EligibilityPolicy.objects.filter(site_id=actor.site_id, name=name.strip()).exists():
            raise Refused("a policy with this name exists", field="name")
        policy = EligibilityPolicy.objects.create(site_id=actor.site_id, name=name.strip())
        version = PolicyVersion.objects.create(site_id=actor.site_id, policy=policy, number=1)
        audit_record(actor=actor, action="policy.create", obj=policy, after={"name": policy.name})
    return version


def policy_draft(*, actor: Actor, policy_id: int) -> PolicyVersion:
    """Start a new draft from the policy's latest version; the adopted ones stay frozen."""
    actor.require("referrals.policy_edit")
    with transaction.atomic():
        policy = (
            EligibilityPolicy.objects.select_for_update(no_key=True)
            .filter(site_id=actor.site_id, pk=policy_id)
            .first()
        )
        if policy is None:
            raise NotFound()
        if policy.versions.filter(status=PolicyVersion.Status.DRAFT).exists():
            raise Conflict("This policy already has a draft.", field="policy_id")
        latest = policy.versions.order_by("-number").first()
        version = PolicyVersion.objects.create(
            site_id=actor.site_id,
            policy=policy,
            number=(latest.number + 1) if latest else 1,
            **(
                {name: getattr(latest, name) for name in POLICY_FIELDS if name != "effective_from"}
                if latest
                else {}
            ),
        )
        audit_record(
            actor=actor, action="policy.draft", obj=version, after={"number": version.number}
        )
    return version


def policy_version_update(
    *, actor: Actor, version_id: int, changes: dict[str, Any]
) -> PolicyVersion:
    """Edit a draft. Adopted versions never change: screenings must stay reproducible."""
    actor.require("referrals.policy_edit")
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise Refused(f"unknown field {name!r}", field=name)
    _validate_policy(changes)
    with transaction.atomic():
        version = (
            PolicyVersion.objects.select_for_update(no_key=True)
            .filter(site_id=actor.site_id, pk=version_id)
            .first()
        )
        if version is None:
            raise NotFound()
        if version.status != PolicyVersion.Status.DRAFT:
            raise Refused("an adopted version cannot change: start a new draft", field="status")
        if governance_queries.decision_adopted(actor.site_id, PolicyVersion.SUBJECT, version.pk):
            raise Refused(
                "the PCG adopted this version as it stands: record the adoption", field="status"
            )
        before = {name: getattr(version, name) for name in changes}
        for name, value in changes.items():
            setattr(version, name, value)
        version.save()
        audit_record(actor=actor, action="policy.update", obj=version, before=before, after=changes)
    return version


def _policy_summary(version: PolicyVersion) -> str:
    exclusions = "; ".join(
        e["code"] + (f" (within {e['lookback_years']} years)" if e.get("lookback_years") else "")
        for e in version.exclusions
    )
    return "\n".join(
        [
            f"Adopt {version} as the site's eligibility policy (referrals).",
            "Eligible categories: "
            + ", ".join(rules.OFFENCE_CATEGORIES.get(c, c) for c in version.eligible_categories),
            f"Excluded above: {version.max_grams or 'no limit'} g, "
            f"{version.max_dosage_units or 'no limit'} dosage units",
            f"Minimum age: {version.minimum_age or 'none'}",
            f"Exclusions: {exclusions or 'none'}",
            f"Social-contact look-back: {version.social_contact_lookback_months} months",
            f"Prosecutor signs off: {'yes' if version.prosecutor_signoff else 'no'}",
            f"Doors needing approval: {', '.join(version.approval_doors) or 'none'}",
        ]
    )


def _adoptable_draft(actor: Actor, version_id: int) -> PolicyVersion:
    version = (
        PolicyVersion.objects.select_for_update(no_key=True)
        .select_related("policy")
        .filter(site_id=actor.site_id, pk=version_id)
        .first()
    )
    if version is None:
        raise NotFound()
    if version.status != PolicyVersion.Status.DRAFT:
        raise Conflict("This version is already adopted.", field="status")
    if not version.eligible_categories:
        raise Refused("a policy needs at least one eligible category", field="eligible_categories")
    return version


def policy_propose(*, actor: Actor, version_id: int, note: str = "") -> PolicyVersion:
    """Put a draft to the PCG for adoption by consensus (issue 3; docs/governance.md): a
    governance proposal naming this version as its subject, opened for positions at once. The
    proposal's text lists the criteria as they stand."""
    actor.require("referrals.policy_adopt")
    with transaction.atomic():
        version = _adoptable_draft(actor, version_id)
        if version.pcg_proposal_id is not None:
            raise Conflict("This version is already before the PCG.", field="status")
        text = _policy_summary(version)
        if note.strip():
            text += "\n\n" + note.strip()
        proposal = governance_actions.proposal_create(
            actor=actor,
            body_id=None,
            title=f"Eligibility policy: adopt {version}",
            text=text,
            topic="policy",
            subject_type=PolicyVersion.SUBJECT,
            subject_id=version.pk,
        )
        version.pcg_proposal_id = proposal.pk
        version.save(update_fields=["pcg_proposal_id", "updated_at"])
        audit_record(
            actor=actor,
            action="policy.propose",
            obj=version,
            after={"proposal": proposal.pk},
        )
    return version


def policy_adopt(
    *, actor: Actor, version_id: int, effective_from: date, note: str = ""
) -> PolicyVersion:
    """Adopt a draft. Where the site has a PCG, only by the PCG's consensus decision on this
    very version (governance's ``decision_adopted``), which the version then links; a site
    without a PCG keeps the recorded adoption (date and approver). From then on it is frozen."""
    actor.require("referrals.policy_adopt")
    with transaction.atomic():
        version = _adoptable_draft(actor, version_id)
        decision = None
        if governance_queries.has_pcg(actor.site_id):
            decision = governance_queries.decision_adopted(
                actor.site_id, PolicyVersion.SUBJECT, version.pk
            )
            if decision is None:
                raise Refused(
                    "this site has a PCG: a version is adopted by the PCG's consensus decision. "
                    "Propose it to the PCG and record its decision first.",
                    field="decision",
                )
        version.status = PolicyVersion.Status.ADOPTED
        version.effective_from = effective_from
        version.adopted_at = timezone.now()
        version.adopted_by = actor.user
        if decision is not None:
            version.pcg_decision_id = decision.pk
            note = note.strip() or f"PCG decision of {decision.decided_on}"
        version.adoption_note = note.strip()[:300]
        version.save()
        audit_record(
            actor=actor,
            action="policy.adopt",
            obj=version,
            before={"status": "draft"},
            after={
                "status": "adopted",
                "effective_from": effective_from,
                "note": note,
                "decision": decision.pk if decision else None,
            },
        )
    return version


SETTINGS_FIELDS = (
    "social_contacts_wait_for_capacity",
    "weight_per_day_waiting",
    "weight_per_recent_arrest",
    "weight_per_vulnerability",
    "oncall_email",
    "webhook_url",
    "filing_charge_level",
)


def referral_settings_update(*, actor: Actor, changes: dict[str, Any]) -> ReferralSettings:
    """Change the site's referral settings (queue policy, score weights, notices)."""
    actor.require("referrals.settings")
    unknown = set(changes) - set(SETTINGS_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise Refused(f"unknown setting {name!r}", field=name)
    with transaction.atomic():
        config = queries.settings_for(actor.site_id)
        config = ReferralSettings.objects.select_for_update(no_key=True).get(pk=config.pk)
        before = {name: getattr(config, name) for name in changes}
        for name, value in changes.items():
            setattr(config, name, value)
        config.full_clean(exclude=["site"])
        config.save()
        audit_record(
            actor=actor, action="referral_settings.update", obj=config, before=before, after=changes
        )
    return config
