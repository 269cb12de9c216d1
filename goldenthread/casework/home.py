"""What case management needs today: who is in the wind, whose status is due, what waits for
the clinical supervisor."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.casework import queries
from goldenthread.web.nav import Card


def cards(actor: Actor) -> list[Card]:
    out: list[Card] = []
    if actor.can("casework.caseload") and actor.role == "cm":
        counts = queries.in_the_wind_counts(actor)
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
    pending = queries.pending_approvals_count(actor)
    if pending:
        out.append(
            Card("Flex funds waiting for approval", [], "casework:flex", pending, urgent=True)
        )
    return out
