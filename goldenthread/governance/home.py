"""What governance asks of people today: the PM's warnings; a member's open proposals."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.governance import queries
from goldenthread.governance.models import Position, Proposal
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
        taken = Position.objects.filter(
            site_id=actor.site_id, seat__user_id=actor.user_id
        ).values_list("proposal_id", flat=True)
        waiting = (
            queries.proposals_for(actor)
            .filter(
                status=Proposal.Status.OPEN,
                body__seats__user_id=actor.user_id,
                body__seats__end_on__isnull=True,
            )
            .exclude(pk__in=taken)
            .distinct()
        )
        titles = [p.title for p in waiting[:3]]
        if titles:
            out.append(
                Card(
                    "Proposals awaiting your position",
                    titles,
                    "governance:index",
                    count=waiting.count(),
                )
            )
    return out
