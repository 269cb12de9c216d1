"""Reads about access."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils import timezone

from goldenthread.access.actor import Actor
from goldenthread.access.models import ApiToken, BreakGlassGrant
from goldenthread.access.policy import Category


def tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.select_related("membership__site").filter(user=user))


def breakglass_active(actor: Actor, participant_id: int) -> BreakGlassGrant | None:
    """The actor's unexpired emergency access to this participant, if any."""
    return (
        BreakGlassGrant.objects.filter(
            site_id=actor.site_id,
            user_id=actor.user_id,
            participant_id=participant_id,
            expires_at__gt=timezone.now(),
        )
        .order_by("-expires_at")
        .first()
    )


def may_read(actor: Actor, category: Category, participant_id: int) -> str | None:
    """Whether the actor may read ``category`` about this participant, and on what basis:
    "role" (the policy grants it) or "break-glass: <reason>"; None when not at all.

    Areas call this for per-participant reads so emergency access works everywhere."""
    if actor.sees(category):
        return "role"
    grant = breakglass_active(actor, participant_id)
    return f"break-glass: {grant.reason}" if grant is not None else None


def breakglass_queue(actor: Actor) -> list[BreakGlassGrant]:
    """Emergency accesses awaiting review (the PM's and supervisor's queue), then the rest."""
    actor.require("breakglass.review")
    return list(
        BreakGlassGrant.objects.filter(site_id=actor.site_id)
        .select_related("user", "participant__person", "reviewed_by")
        .order_by("reviewed_at", "-opened_at")[:200]
    )
