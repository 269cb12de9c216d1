"""Demo legal cases: a filing queue, holds due, upcoming court dates, decisions, and one
adverse action flagged for Golden Rule review."""

from __future__ import annotations

from datetime import timedelta

from goldenthread.access.actor import actor_for
from goldenthread.core.demo import DemoContext
from goldenthread.core.models import Agency
from goldenthread.disclosures import queries as disclosure_queries
from goldenthread.disclosures.models import Disclosure
from goldenthread.legal import actions, rules

COURTS = ["Seattle Municipal Court", "King County District Court", "Kent Municipal Court"]
STATUTES = [
    ("SMC 12A.08.060", "misdemeanor"),
    ("RCW 69.50.4013", "felony"),
    ("RCW 9A.52.080", "misdemeanor"),
]


def populate(ctx: DemoContext) -> None:
    advocate = actor_for(ctx.users["advocate"], ctx.site, via="demo")
    prosecutor = actor_for(ctx.users["prosecutor"], ctx.site, via="demo")
    defender = ctx.agency(Agency.Kind.DEFENDER)
    cases = []
    for i, participant in enumerate(ctx.participants[:8]):
        statute, level = STATUTES[i % 3]
        filed = i % 4 != 0
        case = actions.legal_case_create(
            actor=advocate,
            participant_id=participant.pk,
            court=COURTS[i % 3],
            court_kind="local" if i % 3 != 2 else "outlying",
            case_number=f"26-{1000 + i}" if filed else "",
            filing_date=ctx.today - timedelta(days=40 - i) if filed else None,
            defence_agency_id=defender.pk,
            defence_counsel=ctx.faker.name(),
            charges=[
                {
                    "statute": statute,
                    "level": level,
                    "incident_date": participant.enrolled_on - timedelta(days=10 + i),
                }
            ],
        )
        if filed:
            actions.court_date_add(
                actor=advocate,
                case_id=case.pk,
                on=ctx.today + timedelta(days=3 + i * 4),
                kind="Pretrial hearing",
            )
        cases.append(case)
    actions.case_refer_for_filing(
        site_id=ctx.site.pk,
        person_id=ctx.participants[9].person_id,
        source="post_enrollment_arrest",
        statute="RCW 9A.56.050",
        level="misdemeanor",
        incident_date=ctx.today - timedelta(days=6),
        reference="SPD 26-118204",
        actor=advocate,
    )
    for case in cases:
        actions.baseline_set(actor=prosecutor, case_id=case.pk, baseline=rules.FILE)
    actions.decision_record(
        actor=prosecutor,
        case_id=cases[0].pk,
        kind=rules.HOLD,
        rationale="Engaged with case management; revisit after housing placement.",
        review_on=ctx.today + timedelta(days=2),
    )
    actions.decision_record(
        actor=prosecutor,
        case_id=cases[1].pk,
        kind=rules.DECLINE,
        rationale="Diverted at arrest; intake completed in time.",
    )
    actions.decision_record(
        actor=prosecutor,
        case_id=cases[2].pk,
        kind=rules.SUPPORT_RELEASE,
        rationale="Stable housing; release supports progress.",
    )
    actions.decision_record(
        actor=prosecutor,
        case_id=cases[4].pk,
        kind=rules.MONITOR,
        rationale="Watching progress before deciding.",
    )
    # The prosecutor reads a disclosure, then files on an independent police report: recorded,
    # and flagged for the PM's Golden Rule review.
    flagged = cases[3]
    disclosure = Disclosure.objects.filter(participant=flagged.participant).first()
    if disclosure is not None:
        disclosure_queries.disclosure_for(prosecutor, disclosure.pk)
    actions.decision_record(
        actor=prosecutor,
        case_id=flagged.pk,
        kind=rules.FILE,
        rationale="New burglary charge, witnessed by the store manager.",
        basis=[{"kind": rules.POLICE_REPORT, "reference": "SPD 26-120931"}],
    )
