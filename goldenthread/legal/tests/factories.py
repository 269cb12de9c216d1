"""Builders for legal cases and decisions in tests (direct ORM: fixtures, not operations)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from goldenthread.core.models import Agency, Participant
from goldenthread.core.roles import Role
from goldenthread.legal import rules
from goldenthread.legal.models import Charge, CourtDate, Decision, DecisionBasis, LegalCase


def case(
    world: Any,
    site: Any,
    participant: Participant | None = None,
    *,
    status: str = LegalCase.Status.FILED,
    baseline: str = "",
    court_on: date | None = None,
) -> LegalCase:
    participant = participant or world.participant(site)
    row = LegalCase.objects.create(
        site=site.site,
        person=participant.person,
        participant=participant,
        case_number=f"26-1-{participant.pk:05d}",
        court="Municipal Court",
        status=status,
        filing_date=date(2026, 2, 1) if status == LegalCase.Status.FILED else None,
        defence_agency=site.agencies[Agency.Kind.DEFENDER],
        defence_counsel="A. Counsel",
        baseline=baseline,
    )
    Charge.objects.create(
        site=site.site,
        case=row,
        statute="RCW 9A.56.050",
        level=Charge.Level.MISDEMEANOR,
        incident_date=date(2025, 12, 20),
    )
    if court_on:
        CourtDate.objects.create(site=site.site, case=row, on=court_on, kind="Pretrial")
    return row


def flagged_decision(world: Any, site: Any) -> Decision:
    row = Decision.objects.create(
        site=site.site,
        case=case(world, site, baseline=rules.FILE),
        kind=rules.FILE,
        rationale="New theft, police report",
        decided_by=site.users[Role.PROSECUTOR],
        decided_at=timezone.now() - timedelta(hours=1),
        flagged_for_review=True,
        taint_facts=[{"at": "2026-01-01", "subject_type": "disclosure", "subject_id": "1"}],
    )
    DecisionBasis.objects.create(
        site=site.site, decision=row, kind=rules.POLICE_REPORT, reference="SPD 26-0001"
    )
    return row


def decision(site: Any, on: LegalCase, kind: str, **fields: Any) -> Decision:
    """A prosecutor's decision on the case, now unless ``decided_at`` says otherwise."""
    values: dict[str, Any] = {
        "rationale": "Recorded in a test",
        "decided_by": site.users[Role.PROSECUTOR],
        "decided_at": timezone.now(),
    }
    values.update(fields)
    return Decision.objects.create(site=site.site, case=on, kind=kind, **values)
