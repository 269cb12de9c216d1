"""Synthetic legal history for one site (``goldenthread synth``): bulk inserts only.

Proportions: most LEAD participants come in with legal involvement (an arrest diversion, or
open cases in local and outlying courts); here about 60% of participants have one case and a
fifth of those a second. Each case has one to three charges (incident date before the filing
date), one to four court dates (some in the coming weeks), about one in ten an issued warrant,
and about four in ten a liaison prosecutor's decision (holds in abeyance with a review date
among them). Five years of history, like the core synth.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from goldenthread.legal import rules
from goldenthread.legal.models import Charge, CourtDate, Decision, LegalCase, Warrant

BATCH = 2000
CASE_SHARE = 0.60
SECOND_CASE_SHARE = 0.20
WARRANT_SHARE = 0.10
DECISION_SHARE = 0.40
STATUTES = [
    ("RCW 9A.56.050", Charge.Level.MISDEMEANOR),  # theft 3
    ("RCW 69.50.4013", Charge.Level.FELONY),  # possession
    ("RCW 9A.52.080", Charge.Level.MISDEMEANOR),  # criminal trespass 2
    ("RCW 9A.48.090", Charge.Level.MISDEMEANOR),  # malicious mischief 3
    ("SMC 12A.10.010", Charge.Level.VIOLATION),
]
COURTS = [("Municipal Court", "local"), ("District Court", "local"), ("County Court", "outlying")]
DECISION_KINDS = [rules.HOLD, rules.DECLINE, rules.MONITOR, rules.DISMISS, rules.NEGOTIATE]
COURT_KINDS = ["Arraignment", "Pretrial", "Status", "Review hearing"]


def populate(ctx: Any) -> None:
    rng, today, site = ctx.rng, ctx.today, ctx.site
    prosecutors = ctx.users.get("prosecutor") or []
    defender = ctx.agencies.get("defender")
    cases: list[LegalCase] = []
    dated: list[datetime] = []  # each case's creation: the day it was filed or referred
    for p in ctx.participants:
        if rng.random() >= CASE_SHARE:
            continue
        for _ in range(2 if rng.random() < SECOND_CASE_SHARE else 1):
            court, kind = rng.choice(COURTS)
            filed = p.enrolled_on + timedelta(days=rng.randint(-120, 200))
            filed = min(filed, today)
            referred = rng.random() < 0.08
            cases.append(
                LegalCase(
                    site=site,
                    person_id=p.person_id,
                    participant=p,
                    case_number="" if referred else f"{filed:%y}-{len(cases) + 1:06d}",
                    court=court,
                    court_kind=kind,
                    status=LegalCase.Status.REFERRED if referred else LegalCase.Status.FILED,
                    source=LegalCase.Source.EXISTING,
                    filing_date=None if referred else filed,
                    defence_agency=defender,
                    defence_counsel="Assigned counsel",
                    baseline=rng.choice(list(rules.BASELINES)),
                )
            )
            dated.append(timezone.make_aware(datetime.combine(filed, time(9))))
    cases = LegalCase.objects.bulk_create(cases, batch_size=BATCH)
    # created_at is set on insert (auto_now_add): the run's time for every case, which made
    # every case "new since the last OWG meeting" and left the filing queue in id order.
    for case, at in zip(cases, dated, strict=True):
        case.created_at = at
    LegalCase.objects.bulk_update(cases, ["created_at"], batch_size=BATCH)
    charges, court_dates, warrants, decisions = [], [], [], []
    for case in cases:
        filed = case.filing_date or today
        for _ in range(rng.randint(1, 3)):
            statute, level = rng.choice(STATUTES)
            charges.append(
                Charge(
                    site=site,
                    case=case,
                    statute=statute,
                    level=level,
                    incident_date=filed - timedelta(days=rng.randint(1, 60)),
                )
            )
        if case.status == LegalCase.Status.FILED:
            for n in range(rng.randint(1, 4)):
                on = filed + timedelta(days=30 * (n + 1) + rng.randint(0, 20))
                court_dates.append(
                    CourtDate(site=site, case=case, on=on, kind=COURT_KINDS[n % len(COURT_KINDS)])
                )
            if rng.random() < WARRANT_SHARE:
                on = min(filed + timedelta(days=rng.randint(20, 300)), today)
                status = rng.choice([Warrant.Status.ISSUED, Warrant.Status.QUASHED])
                warrants.append(Warrant(site=site, case=case, status=status, on=on))
        if prosecutors and rng.random() < DECISION_SHARE:
            kind = rng.choice(DECISION_KINDS)
            day = min(filed + timedelta(days=rng.randint(5, 90)), today)
            decisions.append(
                Decision(
                    site=site,
                    case=case,
                    kind=kind,
                    rationale="Engaged with case management; reviewed at the OWG.",
                    review_on=day + timedelta(days=90) if kind == rules.HOLD else None,
                    decided_by=rng.choice(prosecutors),
                    decided_at=timezone.make_aware(datetime.combine(day, time(10))),
                )
            )
    Charge.objects.bulk_create(charges, batch_size=BATCH)
    CourtDate.objects.bulk_create(court_dates, batch_size=BATCH)
    Warrant.objects.bulk_create(warrants, batch_size=BATCH)
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
