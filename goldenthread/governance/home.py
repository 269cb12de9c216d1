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
        seats = list(queries.my_seats(actor).select_related("body"))
        authorised = [s.body_id for s in seats if s.authorised and s.kind != "staff"]
        taken = Position.objects.filter(
            site_id=actor.site_id, seat__user_id=actor.user_id
        ).values_list("proposal_id", flat=True)
        waiting = (
            queries.proposals_for(actor)
            .filter(status=Proposal.Status.OPEN, body_id__in=authorised)
            .exclude(pk__in=taken)
        )
        titles = [p.title for p in waiting[:3]] if authorised else []
        if titles:
            out.append(
                Card(
                    "Proposals awaiting your position",
                    titles,
                    "governance:index",
                    count=waiting.count(),
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
