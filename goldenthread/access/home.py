"""Emergency accesses waiting for review."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.access.models import BreakGlassGrant
from goldenthread.web.nav import Card


def cards(actor: Actor) -> list[Card]:
    if not actor.can("breakglass.review"):
        return []
    waiting = (
        BreakGlassGrant.objects.filter(site_id=actor.site_id, reviewed_at__isnull=True)
        .exclude(user_id=actor.user_id)
        .count()
    )
    if not waiting:
        return []
    return [
        Card(
            "Emergency accesses to review",
            [f"{waiting} waiting for your review."],
            count=waiting,
            urgent=True,
            url_name="access:breakglass_queue",
        )
    ]
