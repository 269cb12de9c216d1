"""Writes in the legal area: cases, charges, court dates, warrants, baselines, prosecutors'
decisions through the Golden Rule gate, and the PM's Golden Rule reviews."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from goldenthread.access.actor import Actor, NotFound, Refused
from goldenthread.audit.actions import audit_record
from goldenthread.core.models import Agency, Participant, Person
from goldenthread.disclosures import queries as disclosure_queries
from goldenthread.legal import queries, rules
from goldenthread.legal.models import (
    Charge,
    CourtDate,
    Decision,
    DecisionBasis,
    LegalCase,
    LegalPolicy,
    Warrant,
)


def _today(actor: Actor) -> date:
    return timezone.localdate(timezone=actor.site.tz)


def _case(actor: Actor, case_id: int) -> LegalCase:
    case = (
        LegalCase.objects.select_for_update(no_key=True)
        .filter(queries.cases_q(actor), pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound()
    return case


def _charge_rows(site_id: int, charges: list[dict[str, Any]]) -> list[Charge]:
    rows = []
    for c in charges:
        statute = str(c.get("statute") or "").strip()
        if not statute:
            raise Refused("Each charge names its statute.", field="statute")
        if c.get("level") not in Charge.Level.values:
            raise Refused("Choose the charge's level.", field="level")
        if not isinstance(c.get("incident_date"), date):
            raise Refused("Each charge needs its incident date.", field="incident_date")
        rows.append(
            Charge(
                site_id=site_id,
                statute=statute[:100],
                level=c["level"],
                incident_date=c["incident_date"],
            )
        )
    return rows


def legal_case_create(
    *,
    actor: Actor,
    participant_id: int,
    court: str,
    charges: list[dict[str, Any]],
    case_number: str = "",
    court_kind: str = "local",
    filing_date: date | None = None,
    defence_agency_id: int | None = None,
    defence_counsel: str = "",
) -> LegalCase:
    """Record a participant's court case (local or outlying) with its charges. Legal systems
    advocates and liaison prosecutors record them (``queries.case_participants``: which
    participants each may pick); a participant outside that answers like a missing one."""
    actor.require("legal.case.create")
    if not court.strip():
        raise Refused("Name the court.", field="court")
    if court_kind not in LegalCase.CourtKind.values:
        raise Refused("Choose local or outlying court.", field="court_kind")
    with transaction.atomic():
        participant = (
            queries.case_participants(actor)
            .filter(pk=participant_id)
            .select_related("person")
            .first()
        )
        if participant is None:
            raise Refused("No such participant at this site.", field="participant_id")
        defence = None
        if defence_agency_id:
            defence = Agency.objects.filter(
                site_id=actor.site_id, pk=defence_agency_id, kind=Agency.Kind.DEFENDER
            ).first()
            if defence is None:
                raise Refused("No such defender agency at this site.", field="defence_agency_id")
        rows = _charge_rows(actor.site_id, charges)
        if not rows:
            raise Refused("A case has at least one charge.", field="statute")
        number = case_number.strip()
        if (
            number
            and LegalCase.objects.filter(
                site_id=actor.site_id, court=court.strip(), case_number=number
            ).exists()
        ):
            raise Refused("That court already has a case with this number.", field="case_number")
        case = LegalCase.objects.create(
            site_id=actor.site_id,
            person=participant.person,
            participant=participant,
            case_number=number,
            court=court.strip(),
            court_kind=court_kind,
            status=LegalCase.Status.FILED if filing_date else LegalCase.Status.REFERRED,
            filing_date=filing_date,
            defence_agency=defence,
            defence_counsel=defence_counsel.strip(),
            created_by=actor.user,
        )
        for row in rows:
            row.case = case
        Charge.objects.bulk_create(rows)
        audit_record(
            actor=actor,
            action="legal_case.create",
            obj=case,
            after={
                "participant": participant.pk,
                "case_number": number,
                "court": case.court,
                "filing_date": filing_date,
                "charges": [r.statute for r in rows],
            },
        )
    return case


def case_refer_for_filing(
    *,
    site_id: int,
    person_id: int,
    source: str,
    statute: str,
    level: str,
    incident_date: date,
    court: str = "",
    reference: str = "",
    actor: Actor | None = None,
) -> LegalCase:
    """Put a charge in the prosecutor's filing queue. For other areas: the referrals area
    calls it when an arrest diversion's intake expires (source "expired_intake"), and for
    new referrals for filing or arrests after enrolment. The caller has already checked its
    own permission; the queue entry is audited either way."""
    if source not in LegalCase.Source.values or source == LegalCase.Source.EXISTING:
        raise Refused("Not a filing-queue source.", field="source")
    with transaction.atomic():
        person = Person.objects.filter(site_id=site_id, pk=person_id).first()
        if person is None:
            raise NotFound()
        participant = Participant.objects.filter(site_id=site_id, person=person).first()
        rows = _charge_rows(
            site_id, [{"statute": statute, "level": level, "incident_date": incident_date}]
        )
        case = LegalCase.objects.create(
            site_id=site_id,
            person=person,
            participant=participant,
            court=court.strip() or "Not yet filed",
            status=LegalCase.Status.REFERRED,
            source=source,
            source_reference=reference.strip()[:100],
            created_by=actor.user if actor else None,
        )
        rows[0].case = case
        rows[0].save()
        audit_record(
            actor=actor,
            site_id=site_id,
            action="legal_case.refer_for_filing",
            obj=case,
            after={"person": person.pk, "source": source, "statute": statute},
        )
    return case


def charge_add(
    *, actor: Actor, case_id: int, statute: str, level: str, incident_date: date | None
) -> Charge:
    actor.require("legal.manage")
    with transaction.atomic():
        case = _case(actor, case_id)
        row = _charge_rows(
            actor.site_id, [{"statute": statute, "level": level, "incident_date": incident_date}]
        )[0]
        row.case = case
        row.save()
        audit_record(
            actor=actor,
            action="charge.add",
            obj=row,
            after={"case": case.pk, "statute": row.statute, "incident_date": incident_date},
        )
    return row


def court_date_add(*, actor: Actor, case_id: int, on: date | None, kind: str = "") -> CourtDate:
    actor.require("legal.manage")
    if on is None:
        raise Refused("Give the court date.", field="on")
    with transaction.atomic():
        case = _case(actor, case_id)
        row = CourtDate.objects.create(
            site_id=actor.site_id, case=case, on=on, kind=kind.strip()[:100] or "Hearing"
        )
        audit_record(
            actor=actor, action="court_date.add", obj=row, after={"case": case.pk, "on": on}
        )
    return row


def warrant_record(
    *, actor: Actor, case_id: int, status: str, on: date | None, reference: str = ""
) -> Warrant:
    """A warrant issued, quashed or recalled on a case."""
    actor.require("legal.manage")
    if status not in Warrant.Status.values:
        raise Refused("Choose issued, quashed or recalled.", field="status")
    if on is None:
        raise Refused("Give the date.", field="on")
    with transaction.atomic():
        case = _case(actor, case_id)
        row = Warrant.objects.create(
            site_id=actor.site_id, case=case, status=status, on=on, reference=reference.strip()
        )
        audit_record(
            actor=actor,
            action="warrant.record",
            obj=row,
            after={"case": case.pk, "status": status, "on": on},
        )
    return row


def baseline_set(*, actor: Actor, case_id: int, baseline: str) -> LegalCase:
    """The prosecutor records what the office would do for someone not in LEAD: no decision
    on this case may be more severe (the most severe outcome is standard processing)."""
    actor.require("legal.decide")
    if baseline not in rules.BASELINES:
        raise Refused("Choose the standard-processing baseline.", field="baseline")
    with transaction.atomic():
        case = _case(actor, case_id)
        before = case.baseline
        case.baseline = baseline
        case.save(update_fields=["baseline", "updated_at"])
        audit_record(
            actor=actor,
            action="legal_case.baseline",
            obj=case,
            before={"baseline": before},
            after={"baseline": baseline},
        )
    return case


def _taint(actor: Actor, case: LegalCase) -> list[dict[str, Any]]:
    if case.participant_id is None:
        return []
    days = queries.policy_for(actor.site_id).taint_lookback_days
    views = disclosure_queries.lead_derived_views(
        site_id=actor.site_id,
        user_id=actor.user_id,
        participant_id=case.participant_id,
        since=disclosure_queries.lookback_start(days),
    )
    return [
        {
            "at": v.at.isoformat(),
            "subject_type": v.subject_type,
            "subject_id": v.subject_id,
            "categories": v.categories,
        }
        for v in views
    ]


def decision_record(
    *,
    actor: Actor,
    case_id: int,
    kind: str,
    rationale: str,
    basis: list[dict[str, Any]] | None = None,
    review_on: date | None = None,
    terms: str = "",
) -> Decision:
    """Record a liaison prosecutor's decision. Only prosecutors decide on filing (each partner
    decides within its own sphere). The Golden Rule gate refuses an adverse action whose basis
    is LEAD-derived, or one more severe than the case's baseline; an allowed adverse action by
    someone who read LEAD-derived information about the participant is flagged for review."""
    actor.require("legal.decide")
    sources = [
        rules.Source(str(b.get("kind") or ""), str(b.get("reference") or "").strip())
        for b in basis or []
    ]
    fields = rules.decision_field_refusal(
        kind=kind, rationale=rationale, review_on=review_on, terms=terms, today=_today(actor)
    )
    if kind not in rules.SEVERITY:
        raise Refused("Choose a decision.", field="kind")
    if fields:
        raise Refused(fields[1], field=fields[0])
    with transaction.atomic():
        case = _case(actor, case_id)
        taint = _taint(actor, case) if rules.is_adverse(kind) else []
        result = rules.golden_rule_check(
            kind=kind,
            sources=sources,
            baseline=case.baseline or None,
            viewed_lead_derived=bool(taint),
        )
        if result.refusal:
            raise Refused(result.refusal, field=result.field)
        decision = Decision.objects.create(
            site_id=actor.site_id,
            case=case,
            kind=kind,
            rationale=rationale.strip(),
            review_on=review_on if kind == rules.HOLD else None,
            terms=terms.strip(),
            decided_by=actor.user,
            decided_at=timezone.now(),
            flagged_for_review=result.flag_for_review,
            taint_facts=taint if result.flag_for_review else [],
        )
        DecisionBasis.objects.bulk_create(
            DecisionBasis(
                site_id=actor.site_id, decision=decision, kind=s.kind, reference=s.reference
            )
            for s in sources
        )
        _apply(case, kind, _today(actor))
        audit_record(
            actor=actor,
            action="decision.record",
            obj=decision,
            after={
                "case": case.pk,
                "kind": kind,
                "basis": [f"{s.kind}:{s.reference}" for s in sources],
                "flagged_for_review": decision.flagged_for_review,
            },
        )
    return decision


def _apply(case: LegalCase, kind: str, today: date) -> None:
    if kind == rules.FILE:
        case.status = LegalCase.Status.FILED
        case.filing_date = case.filing_date or today
    elif kind == rules.DECLINE:
        case.status = LegalCase.Status.DECLINED
    else:
        return
    case.save(update_fields=["status", "filing_date", "updated_at"])


def decision_review_record(
    *, actor: Actor, decision_id: int, outcome: str, note: str = ""
) -> Decision:
    """The PM records the outcome of a Golden Rule review of a flagged adverse action. The
    review never changes the prosecutor's decision: it is the prosecutor's to make."""
    actor.require("legal.review")
    if outcome not in Decision.Review.values:
        raise Refused("Choose the review's outcome.", field="outcome")
    if not note.strip():
        raise Refused("Write what the review found.", field="note")
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(no_key=True)
            .filter(site_id=actor.site_id, pk=decision_id, flagged_for_review=True)
            .first()
        )
        if decision is None:
            raise NotFound()
        if decision.review_outcome:
            raise Refused("This review is already recorded.", field="outcome")
        decision.review_outcome = outcome
        decision.review_note = note.strip()
        decision.reviewed_by = actor.user
        decision.reviewed_at = timezone.now()
        decision.save()
        audit_record(
            actor=actor,
            action="decision.review",
            obj=decision,
            after={"outcome": outcome, "note": decision.review_note},
        )
    return decision


def legal_policy_update(*, actor: Actor, changes: dict[str, Any]) -> LegalPolicy:
    """Change this site's legal-coordination settings: the Golden Rule look-back and when a
    hold in abeyance shows as due. Each value is checked (``rules.policy_refusal``) before
    anything is written; the change is audited with the values before and after."""
    actor.require("legal.settings")
    for name, value in changes.items():
        refusal = rules.policy_refusal(name, value)
        if refusal:
            raise Refused(refusal, field=name)
    with transaction.atomic():
        queries.policy_for(actor.site_id)
        policy = LegalPolicy.objects.select_for_update(no_key=True).get(site_id=actor.site_id)
        before = {name: getattr(policy, name) for name in changes}
        for name, value in changes.items():
            setattr(policy, name, value)
        policy.save()
        audit_record(
            actor=actor, action="legal_policy.update", obj=policy, before=before, after=changes
        )
    return policy
