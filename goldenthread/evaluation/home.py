"""The evaluation area's card on the home page: matches waiting for the PM."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.core.compiled import Steps
from goldenthread.evaluation import queries
from goldenthread.web.nav import Card


def cards(actor: Actor) -> Steps[list[Card]]:
    if not actor.can("evaluation.import"):
        return []
    pending = yield from queries.pending_review_count_steps(actor)
    if not pending:
        return []
    return [
        Card(
            "Identity matches to review",
            [f"{pending} imported legal event(s) wait for a person to confirm who they are."],
            url_name="evaluation:reviews",
            count=pending,
            urgent=True,
        )
    ]
