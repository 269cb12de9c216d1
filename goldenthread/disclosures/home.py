"""What needs a case manager today, from consents."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.disclosures import queries
from goldenthread.web.nav import Card


def cards(actor: Actor) -> list[Card]:
    if not actor.can("disclosures.consent.manage"):
        return []
    count = queries.consents_expiring_count(actor)
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
