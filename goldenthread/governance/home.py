"""What governance asks of people today: the PM's warnings; a member's open proposals."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.core.compiled import Steps, done, gather
from goldenthread.governance import queries
from goldenthread.web.nav import Card


def cards(actor: Actor) -> Steps[list[Card]]:
    manage, position = actor.can("governance.manage"), actor.can("governance.position")
    warnings, mine = yield from gather(
        queries.health_for_steps(actor) if manage else done(None),
        queries.my_seats_and_waiting_steps(actor) if position else done(None),
    )
    out: list[Card] = []
    if warnings:
        out.append(
            Card(
                "Governance warnings",
                [w.message for w in warnings[:3]],
                "governance:health",
                count=len(warnings),
                urgent=True,
            )
        )
    if mine is not None:
        seats, waiting = mine
        if waiting:
            out.append(
                Card(
                    "Proposals awaiting your position",
                    waiting[:3],
                    "governance:index",
                    count=len(waiting),
                )
            )
        if seats and not actor.can("governance.view"):
            # A member in another role (an officer on an OWG): where their bodies are.
            out.append(
                Card(
                    "Your governance bodies",
                    sorted({s.body.name for s in seats}),
                    "governance:index",
                )
            )
    return out
