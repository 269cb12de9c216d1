"""Synthetic LEAD Legal Services matters for ``goldenthread synth``: bulk inserts only (no
per-row action, no audit rows, a fixed number of queries whatever the site's size).

Proportions: about one participant in six is referred to legal services over their time in
the program, a tenth of those twice. Of the referrals, the most recent few weeks' still await
intake; about one in ten is declined and one in twelve referred elsewhere; the rest are
accepted, and those accepted more than about four months ago are closed, most with an outcome
(amounts for LFOs and debt). Half carry an adverse party; open matters carry one to three
deadlines, some inside their reminder window. Attorneys: one per 150 participants, at least
one, each carrying their share of the caseload.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from goldenthread.core.models import Membership
from goldenthread.core.roles import Role
from goldenthread.legalservices import rules
from goldenthread.legalservices.models import (
    AdverseParty,
    Matter,
    MatterDeadline,
    MatterEntry,
    MatterOutcome,
)

BATCH = 2000
REFERRED_SHARE = 1 / 6
SECOND_SHARE = 0.10
DECLINE_SHARE = 0.10
REFER_OUT_SHARE = 0.08
PARTY_SHARE = 0.5
OUTCOME_SHARE = 0.8
AWAITING_DAYS = 21  # referrals younger than this still await intake
OPEN_DAYS = 120  # accepted matters younger than this are still open
PARTICIPANTS_PER_ATTORNEY = 150

# Weighted as a legal-aid docket runs: eviction and LFOs most, immigration and remote
# warrants least.
TYPE_WEIGHTS = {
    "eviction": 6,
    "vacate_conviction": 4,
    "lfo_relief": 5,
    "family_law": 3,
    "immigration": 1,
    "unlawful_debt": 3,
    "remote_warrant": 1,
    "outlying_defence": 2,
}
OUTCOME_FOR = {
    "eviction": rules.EVICTION_AVOIDED,
    "vacate_conviction": rules.CONVICTION_VACATED,
    "lfo_relief": rules.LFO_REDUCED,
    "family_law": None,
    "immigration": rules.IMMIGRATION_RELIEF,
    "unlawful_debt": rules.DEBT_RELIEVED,
    "remote_warrant": rules.WARRANT_QUASHED,
    "outlying_defence": None,
}
PARTIES = {
    "eviction": ("Rainier Court Apartments LLC", "landlord"),
    "unlawful_debt": ("Midland Credit Management", "creditor"),
    "family_law": ("the other parent", "other parent"),
    "lfo_relief": ("King County Clerk", "collector"),
}
DESCRIPTIONS = {
    "eviction": "Notice to pay or vacate; wants to stay.",
    "vacate_conviction": "Old convictions block housing applications.",
    "lfo_relief": "Court fines in collections; wages garnished.",
    "family_law": "Wants visitation with children.",
    "immigration": "Status questions after an old conviction.",
    "unlawful_debt": "Debt collector suing on a debt past the statute of limitations.",
    "remote_warrant": "Warrant in another county for a missed hearing.",
    "outlying_defence": "Probation-violation allegation in an outlying court.",
}
DEADLINE_LABELS = ("Hearing", "Answer due", "Filing deadline", "Show-cause hearing")
DECLINE_REASONS = ("Outside our service area.", "Conflict of interest.", "No legal remedy.")
REFERRED_ELSEWHERE = ("Tenant Law Center", "Northwest Immigrant Rights Project", "Legal Aid")


def _attorneys(ctx: Any) -> list[Any]:
    """The site's legal-services attorneys, bulk-made like the core synth's staff."""
    site = ctx.site
    User = get_user_model()
    n = max(1, len(ctx.participants) // PARTICIPANTS_PER_ATTORNEY)
    names = [f"{site.slug}-legal_services-{i}" for i in range(n)]
    User.objects.bulk_create(
        [User(username=name, password="!") for name in names],  # noqa: S106 - unusable  # nosec B106
        batch_size=BATCH,
    )
    by_name = {u.username: u for u in User.objects.filter(username__in=names)}
    attorneys = [by_name[name] for name in names]
    agency = ctx.agencies["legal_services"]
    Membership.objects.bulk_create(
        [Membership(site=site, user=u, agency=agency, role=Role.LEGAL_SERVICES) for u in attorneys],
        batch_size=BATCH,
    )
    ctx.users[Role.LEGAL_SERVICES.value] = attorneys
    return attorneys


def _plan(ctx: Any, attorneys: list[Any]) -> list[Matter]:
    """Unsaved matters, at their stage of intake and work."""
    rng, today, site = ctx.rng, ctx.today, ctx.site
    types, weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())
    cms = ctx.users.get(Role.CM.value) or attorneys
    out: list[Matter] = []
    for p in ctx.participants:
        if rng.random() >= REFERRED_SHARE:
            continue
        last = p.exited_on if p.exited_on else today
        span = max((last - p.enrolled_on).days, 0)
        for _ in range(2 if rng.random() < SECOND_SHARE else 1):
            referred = p.enrolled_on + timedelta(days=rng.randint(0, span))
            mtype = rng.choices(types, weights)[0]
            matter = Matter(
                site=site,
                participant=p,
                referred_by_id=p.case_manager_id or rng.choice(cms).pk,
                referred_on=referred,
                matter_type=mtype,
                description=DESCRIPTIONS[mtype],
                urgency=rng.choice(list(rules.URGENCIES)),
                conflict_state=rules.NOT_CHECKED,
            )
            age = (today - referred).days
            resolved_after = -1
            roll = rng.random()
            if age < AWAITING_DAYS:
                pass  # still awaiting intake
            elif roll < DECLINE_SHARE:
                matter.status = rules.DECLINED
                matter.decline_reason = rng.choice(DECLINE_REASONS)
                resolved_after = rng.randint(2, 14)
            elif roll < DECLINE_SHARE + REFER_OUT_SHARE:
                matter.status = rules.REFERRED_OUT
                matter.referred_to = rng.choice(REFERRED_ELSEWHERE)
                resolved_after = rng.randint(2, 14)
            else:
                matter.status = rules.OPEN
                matter.attorney = rng.choice(attorneys)
                matter.conflict_state = rules.CLEAR
                if age > OPEN_DAYS:
                    matter.status = rules.CLOSED
                    resolved_after = rng.randint(30, OPEN_DAYS)
            if matter.status != rules.REFERRED:
                matter.decided_on = referred + timedelta(days=rng.randint(1, 10))
                matter.decided_by = rng.choice(attorneys)
            if resolved_after >= 0:
                matter.closed_on = min(referred + timedelta(days=resolved_after), today)
            out.append(matter)
    return out


def _details(
    ctx: Any, matter: Matter, today: date
) -> tuple[list[AdverseParty], list[MatterDeadline], list[MatterEntry], list[MatterOutcome]]:
    rng, site = ctx.rng, ctx.site
    parties, deadlines, entries, outcomes = [], [], [], []
    if matter.matter_type in PARTIES and rng.random() < PARTY_SHARE:
        name, relation = PARTIES[matter.matter_type]
        parties.append(AdverseParty(site=site, matter=matter, name=name, relation=relation))
    if matter.status in (rules.REFERRED, rules.OPEN):
        for _ in range(rng.randint(1, 3)):
            due = max(today + timedelta(days=rng.randint(-3, 60)), matter.referred_on)
            deadlines.append(
                MatterDeadline(
                    site=site, matter=matter, due_on=due, label=rng.choice(DEADLINE_LABELS)
                )
            )
    if matter.attorney_id is not None:
        entries.append(
            MatterEntry(
                site=site,
                matter=matter,
                kind="action",
                occurred_on=matter.decided_on or matter.referred_on,
                text="Intake interview; documents requested.",
                author=matter.attorney,
            )
        )
    kind = OUTCOME_FOR[matter.matter_type]
    if matter.status == rules.CLOSED and kind and rng.random() < OUTCOME_SHARE:
        amount = (
            Decimal(rng.randint(200, 9000)).quantize(Decimal("1.00"))
            if kind in rules.AMOUNT_OUTCOMES
            else None
        )
        outcomes.append(
            MatterOutcome(
                site=site,
                matter=matter,
                kind=kind,
                amount=amount,
                achieved_on=matter.closed_on or today,
            )
        )
    return parties, deadlines, entries, outcomes


def populate(ctx: Any) -> None:
    attorneys = _attorneys(ctx)
    planned = _plan(ctx, attorneys)
    matters = Matter.objects.bulk_create(planned, batch_size=BATCH)
    parties: list[AdverseParty] = []
    deadlines: list[MatterDeadline] = []
    entries: list[MatterEntry] = []
    outcomes: list[MatterOutcome] = []
    for matter in matters:
        p, d, e, o = _details(ctx, matter, ctx.today)
        parties += p
        deadlines += d
        entries += e
        outcomes += o
    AdverseParty.objects.bulk_create(parties, batch_size=BATCH)
    MatterDeadline.objects.bulk_create(deadlines, batch_size=BATCH)
    MatterEntry.objects.bulk_create(entries, batch_size=BATCH)
    MatterOutcome.objects.bulk_create(outcomes, batch_size=BATCH)
