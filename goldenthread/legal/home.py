"""What needs the prosecutor and the PM today, from legal coordination."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.core.compiled import Steps
from goldenthread.legal import queries
from goldenthread.web.nav import Card


def cards(actor: Actor) -> Steps[list[Card]]:
    counts = yield from queries.counts_for_home_steps(actor)
    out = []
    if "filing_queue" in counts:
        out.append(
            Card(
                "Filing queue and holds due",
                [
                    f"{counts['filing_queue']} in the filing queue",
                    f"{counts['holds_due']} holds in abeyance due for review",
                ],
                url_name="legal:worklist",
                count=counts["filing_queue"] + counts["holds_due"],
                urgent=counts["holds_due"] > 0,
            )
        )
    if counts.get("reviews"):
        out.append(
            Card(
                "Golden Rule reviews",
                ["Adverse actions by someone who read LEAD-derived information"],
                url_name="legal:reviews",
                count=counts["reviews"],
                urgent=True,
            )
        )
    return out
