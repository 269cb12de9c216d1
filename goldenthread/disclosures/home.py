"""What needs a case manager today, from consents."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.core.compiled import Steps
from goldenthread.disclosures import queries
from goldenthread.web.nav import Card


def cards(actor: Actor) -> Steps[list[Card]]:
    if not actor.can("disclosures.consent.manage"):
        return []
    count = yield from queries.consents_expiring_count_steps(actor)
    if not count:
        return []
    return [
        Card(
            "Consents expiring within 30 days",
            ["Renew them with the participant, or disclosures under them stop."],
            url_name="disclosures:participants",
            count=count,
        )
    ]
