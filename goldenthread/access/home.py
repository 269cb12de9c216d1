"""Emergency accesses waiting for review."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.access.models import BreakGlassGrant
from goldenthread.core.compiled import Compiled, Steps, site_count
from goldenthread.web.nav import Card

# Counted on every home page of a reviewer: kept compiled (ADR 15).
_UNREVIEWED: Compiled[int] = Compiled(
    lambda site_id, user_id: site_count(
        BreakGlassGrant.objects.filter(site_id=site_id, reviewed_at__isnull=True).exclude(
            user_id=user_id
        )
    )
)


def cards(actor: Actor) -> Steps[list[Card]]:
    if not actor.can("breakglass.review"):
        return []
    (counts,) = yield (_UNREVIEWED.bind(site_id=actor.site_id, user_id=actor.user_id),)
    waiting = sum(counts)
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
