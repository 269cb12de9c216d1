"""Demo matters for LEAD Legal Services: every matter type and every outcome, one possible
conflict cleared with its reason, one declined, one referred elsewhere, one awaiting intake,
and deadlines inside their reminder window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from goldenthread.access.actor import actor_for
from goldenthread.core.demo import DemoContext
from goldenthread.legalservices import actions, rules
from goldenthread.legalservices.models import Matter, MatterOutcome


@dataclass(frozen=True)
class Story:
    referrer: str
    matter_type: str
    description: str
    ago: int  # days since the referral
    party: str = ""
    relation: str = ""
    decision: str = rules.ACCEPT
    note: str = ""
    outcome: str = ""
    amount: str | None = None
    resolved_after: int | None = None  # days after referral; None: still open
    deadline_in: int | None = None  # days from today, for an open matter
    deadline_label: str = ""
    court: str = ""
    case_number: str = ""
    urgency: str = rules.ROUTINE


STORIES = [
    Story(
        "cm",
        "eviction",
        "Unlawful detainer filed after two months' arrears; rent assistance approved but late.",
        ago=120,
        party="Rainier Vista Holdings LLC",
        relation="landlord",
        note="Negotiated a pay-and-stay with the landlord's counsel; rent assistance applied.",
        outcome=rules.EVICTION_AVOIDED,
        resolved_after=41,
        court="King County Superior Court",
        case_number="26-2-04417-1 SEA",
    ),
    Story(
        "cm2",
        "vacate_conviction",
        "Two old misdemeanour convictions block housing applications.",
        ago=200,
        note="Motion to vacate under RCW 9.96.060 filed; no objection from the city.",
        outcome=rules.CONVICTION_VACATED,
        resolved_after=95,
        court="Seattle Municipal Court",
    ),
    Story(
        "cm",
        "lfo_relief",
        "Legal financial obligations from 2009 with interest; collections garnishing benefits.",
        ago=160,
        party="Allied Recovery Services",
        relation="collection agency",
        note="Motion to remit non-restitution LFOs granted in part.",
        outcome=rules.LFO_REDUCED,
        amount="2340.00",
        resolved_after=70,
        court="King County Superior Court",
    ),
    Story(
        "cm2",
        "unlawful_debt",
        "Debt buyer suing on a time-barred credit-card debt.",
        ago=90,
        party="Midland Portfolio Acquisitions",
        relation="creditor",
        note="Answer filed raising the statute of limitations; plaintiff dismissed.",
        outcome=rules.DEBT_RELIEVED,
        amount="1875.50",
        resolved_after=48,
    ),
    Story(
        "cm",
        "remote_warrant",
        "Bench warrant in Pierce County for a missed 2022 hearing.",
        ago=60,
        note="Appeared with the participant on the walk-in calendar; warrant quashed.",
        outcome=rules.WARRANT_QUASHED,
        resolved_after=12,
        court="Pierce County District Court",
        urgency=rules.URGENT,
    ),
    Story(
        "cm2",
        "immigration",
        "Lawful permanent resident card expired; needs renewal and advice on old convictions.",
        ago=150,
        note="Renewal filed after the vacatur; advised on travel.",
        outcome=rules.IMMIGRATION_RELIEF,
        resolved_after=110,
    ),
    Story(
        "cm",
        "family_law",
        "Wants a parenting plan so visits with her son can resume.",
        ago=30,
        party="",  # the other parent: named after a participant below, to show a conflict
        relation="other parent",
        note="Strategy: propose supervised visits first, stepping up at 90 days.",
        deadline_in=5,
        deadline_label="Parenting-plan hearing",
        court="King County Superior Court (Family)",
        case_number="26-3-01862-8 SEA",
    ),
    Story(
        "cm2",
        "outlying_defence",
        "Probation-violation allegation in Yakima County; hearing next week.",
        ago=45,
        decision=rules.DECLINE,
        urgency=rules.URGENT,
    ),
    Story(
        "cm",
        "eviction",
        "Commercial-lease dispute over a food cart.",
        ago=25,
        decision=rules.REFER_OUT,
    ),
    Story(
        "cm2",
        "lfo_relief",
        "Restitution and fees from a 2015 case; wants a payment plan she can keep.",
        ago=2,
        decision="",
        deadline_in=9,
        deadline_label="Payment-review hearing",
        urgency=rules.SOON,
    ),
]

DECLINE_REASON = (
    "The hearing is in four days in Yakima and we cannot appear; the assigned public defender "
    "there has our notes. Re-refer if it is continued."
)
REFERRED_TO = "Small-business legal clinic, Seattle University School of Law"
CLEARED = (
    "Different person: the LEAD participant of that name is 61 and has no children; the other "
    "parent is 24. No confidential information from another file is involved."
)


def populate(ctx: DemoContext) -> None:
    legalaid = actor_for(ctx.users["legalaid"], ctx.site, via="demo")
    actors = {u: actor_for(ctx.users[u], ctx.site, via="demo") for u in ("cm", "cm2")}
    people = [p for p in ctx.participants if p.state in {"active", "inactive"}]
    for i, story in enumerate(STORIES):
        referrer = actors[story.referrer]
        participant = next(p for p in people[i:] if p.case_manager_id == referrer.user_id)
        _tell(ctx, legalaid, referrer, participant, story, other=people[-1])


def _tell(ctx: DemoContext, ls, referrer, participant, story: Story, other) -> None:  # type: ignore[no-untyped-def]
    matter = actions.matter_refer(
        actor=referrer,
        participant_id=participant.pk,
        matter_type=story.matter_type,
        description=story.description,
        urgency=story.urgency,
        deadline_on=ctx.today + timedelta(days=story.deadline_in) if story.deadline_in else None,
        deadline_label=story.deadline_label,
    )
    referred_on = ctx.today - timedelta(days=story.ago)
    Matter.objects.filter(pk=matter.pk).update(referred_on=referred_on)
    if not story.decision:
        return
    party = story.party or (str(other.person) if story.relation == "other parent" else "")
    if party:
        actions.party_add(actor=ls, matter_id=matter.pk, name=party, relation=story.relation)
    checked = actions.matter_conflict_check(actor=ls, matter_id=matter.pk)
    if checked.conflict_state == rules.FLAGGED:
        actions.matter_conflict_clear(actor=ls, matter_id=matter.pk, reason=CLEARED)
    decided_on = referred_on + timedelta(days=3)
    if story.decision == rules.DECLINE:
        actions.matter_decline(actor=ls, matter_id=matter.pk, reason=DECLINE_REASON)
        Matter.objects.filter(pk=matter.pk).update(decided_on=decided_on, closed_on=decided_on)
        return
    if story.decision == rules.REFER_OUT:
        actions.matter_refer_out(actor=ls, matter_id=matter.pk, referred_to=REFERRED_TO)
        Matter.objects.filter(pk=matter.pk).update(decided_on=decided_on, closed_on=decided_on)
        return
    actions.matter_accept(actor=ls, matter_id=matter.pk, attorney=ls.user.get_username())
    Matter.objects.filter(pk=matter.pk).update(decided_on=decided_on)
    if story.court or story.case_number:
        actions.matter_update(
            actor=ls, matter_id=matter.pk, court=story.court, case_number=story.case_number
        )
    if story.note:
        actions.entry_add(
            actor=ls, matter_id=matter.pk, kind="action", text=story.note, occurred_on=decided_on
        )
    if story.outcome:
        amount = Decimal(story.amount) if story.amount else None
        outcome = actions.outcome_record(
            actor=ls, matter_id=matter.pk, kind=story.outcome, amount=amount
        )
    if story.resolved_after is not None:
        actions.matter_close(actor=ls, matter_id=matter.pk)
        resolved = referred_on + timedelta(days=story.resolved_after)
        Matter.objects.filter(pk=matter.pk).update(closed_on=resolved)
        if story.outcome:
            MatterOutcome.objects.filter(pk=outcome.pk).update(achieved_on=resolved)
