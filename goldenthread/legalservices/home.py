"""What needs legal services today: deadlines inside their reminder window, and referrals
awaiting intake. For a case manager: intake decisions on their referrals."""

from __future__ import annotations

from datetime import timedelta

from goldenthread.access.actor import Actor
from goldenthread.core.compiled import Steps
from goldenthread.legalservices import queries, rules
from goldenthread.web.nav import Card


def _attorney_cards(actor: Actor) -> list[Card]:
    today = queries.today_at(actor)
    due = queries.deadlines_for(actor, reminders_only=True)
    awaiting = [m for m in queries.docket_for(actor) if m.status == rules.REFERRED]
    cards = [
        Card(
            title="Legal deadlines due",
            count=len(due),
            lines=[
                f"{d.due_on:%Y-%m-%d}{' (overdue)' if rules.is_overdue(d.due_on, today) else ''}"
                f" · {d.label} · {d.matter.participant.person}"
                for d in due[:5]
            ],
            url_name="legalservices:docket",
            urgent=any(rules.is_overdue(d.due_on, today) for d in due),
        )
    ]
    if awaiting:
        cards.append(
            Card(
                title="Legal referrals awaiting intake",
                count=len(awaiting),
                lines=[
                    f"{m.get_urgency_display()} · {m.get_matter_type_display()} · "
                    f"{m.participant.person}"
                    for m in awaiting[:5]
                ],
                url_name="legalservices:docket",
                urgent=any(m.urgency == rules.URGENT for m in awaiting),
            )
        )
    return cards


def _referrer_cards(actor: Actor) -> Steps[list[Card]]:
    since = queries.today_at(actor) - timedelta(days=14)
    decided = yield from queries.decided_referrals_steps(actor, since)
    if not decided:
        return []
    return [
        Card(
            title="Legal services decided your referrals",
            count=len(decided),
            lines=[f"{m.participant.person}: {m.get_status_display()}" for m in decided[:5]],
            url_name="legalservices:referrals",
        )
    ]


def cards(actor: Actor) -> Steps[list[Card]]:
    if actor.can("legalservices.work"):
        return _attorney_cards(actor)
    if actor.can("legalservices.refer"):
        return (yield from _referrer_cards(actor))
    return []
