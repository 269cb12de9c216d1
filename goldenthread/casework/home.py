"""What case management needs today: who is in the wind, whose status is due, what waits for
the clinical supervisor."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.casework import queries
from goldenthread.core.compiled import Steps, done, gather
from goldenthread.web.nav import Card


def cards(actor: Actor) -> Steps[list[Card]]:
    mine = actor.can("casework.caseload") and actor.role == "cm"
    counts, pending = yield from gather(
        queries.in_the_wind_counts_steps(actor) if mine else done(None),
        queries.pending_approvals_count_steps(actor),
    )
    out: list[Card] = []
    if counts is not None:
        out.append(
            Card(
                "My caseload",
                [
                    f"{counts.get('wind', 0)} in the wind, proposed for inactive",
                    f"{counts.get('status_due', 0)} with a monthly status due",
                ],
                "casework:caseload",
                counts["total"],
                urgent=bool(counts.get("wind")),
            )
        )
    if pending:
        out.append(
            Card("Flex funds waiting for approval", [], "casework:flex", pending, urgent=True)
        )
    return out
