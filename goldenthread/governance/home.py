"""What governance asks of people today: the PM's warnings; a member's open proposals."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.governance import queries
from goldenthread.web.nav import Card


def cards(actor: Actor) -> list[Card]:
    out: list[Card] = []
    if actor.can("governance.manage"):
        warnings = queries.health_for(actor)
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
    if actor.can("governance.position"):
        seats = queries.my_seats_with_bodies(actor)
        waiting = queries.awaiting_my_position(actor)
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
