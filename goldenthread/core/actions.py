"""Writes in the core area: participants' state transitions and a site's configuration."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from goldenthread.access.actor import Actor, NotFound, Refused
from goldenthread.access.scopes import participants_q
from goldenthread.audit.actions import audit_record
from goldenthread.core import rules
from goldenthread.core.models import Participant, ParticipantStateChange, Person, Site

SITE_SETTINGS = (
    "name",
    "time_zone",
    "intake_deadline_days",
    "handoff_target_minutes",
    "caseload_target",
    "caseload_cap",
    "inactive_after_days",
    "mfa_required_roles",
    "termination_enabled",
)


def participant_transition(
    *, actor: Actor, participant_id: int, to_state: str, reason: str = ""
) -> Participant:
    """Move a participant along the path in domain.md. Guarded: an illegal transition is
    refused with a message, and every step is kept in the state history and the audit."""
    actor.require("participant.transition")
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update(no_key=True)
            .filter(participants_q(actor), pk=participant_id)
            .first()
        )
        if participant is None:
            raise NotFound()
        refusal = rules.transition_refusal(
            participant.state,
            to_state,
            termination_enabled=actor.site.termination_enabled,
            reason=reason,
        )
        if refusal:
            raise Refused(refusal, field="to_state")
        before = participant.state
        participant.state = to_state
        fields = ["state", "updated_at"]
        if to_state in {rules.EXITED, rules.TERMINATED}:
            participant.exited_on = timezone.localdate(timezone=actor.site.tz)
            participant.exit_reason = reason.strip()[:200]
            fields += ["exited_on", "exit_reason"]
        participant.save(update_fields=fields)
        ParticipantStateChange.objects.create(
            site_id=actor.site_id,
            participant=participant,
            from_state=before,
            to_state=to_state,
            changed_at=timezone.now(),
            changed_by=actor.user,
            reason=reason.strip()[:300],
        )
        audit_record(
            actor=actor,
            action="participant.transition",
            obj=participant,
            before={"state": before},
            after={"state": to_state, "reason": reason},
        )
    return participant


def participant_enroll(
    *, actor: Actor, person: Person, case_manager: Any, enrolled_on: Any, reason: str = ""
) -> Participant:
    """Create the participant for a person whose intake is complete (called by referrals'
    enrollment action inside its own transaction)."""
    participant = Participant.objects.create(
        site_id=actor.site_id,
        person=person,
        case_manager=case_manager,
        enrolled_on=enrolled_on,
        state=rules.ENROLLED,
    )
    ParticipantStateChange.objects.create(
        site_id=actor.site_id,
        participant=participant,
        from_state="",
        to_state=rules.ENROLLED,
        changed_at=timezone.now(),
        changed_by=actor.user,
        reason=reason[:300],
    )
    audit_record(
        actor=actor,
        action="participant.enroll",
        obj=participant,
        after={"person": person.pk, "case_manager": getattr(case_manager, "pk", None)},
    )
    return participant


def site_update(*, actor: Actor, changes: dict[str, Any]) -> Site:
    """Change the site's configuration (clocks, caseload target and cap, MFA roles)."""
    actor.require("site.manage")
    unknown = set(changes) - set(SITE_SETTINGS)
    if unknown:
        raise Refused(f"unknown setting {sorted(unknown)[0]!r}", field=sorted(unknown)[0])
    with transaction.atomic():
        site = Site.objects.select_for_update(no_key=True).get(pk=actor.site_id)
        before = {name: getattr(site, name) for name in changes}
        for name, value in changes.items():
            setattr(site, name, value)
        if site.caseload_target > site.caseload_cap:
            raise Refused("the caseload target cannot exceed the cap", field="caseload_target")
        site.full_clean(exclude=["slug"])
        site.save()
        audit_record(actor=actor, action="site.update", obj=site, before=before, after=changes)
    return site
