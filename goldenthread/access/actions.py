"""Writes about access: API tokens and the site switcher."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from goldenthread.access.actor import Actor, Conflict, NotFound, Refused, actor_for
from goldenthread.access.models import ApiToken
from goldenthread.audit.actions import audit_record
from goldenthread.core.models import Site

TOKEN_PREFIX = "gt_"  # noqa: S105 - a label, not a secret  # nosec B105


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(
    *, user: User, site: Site | str, name: str = "", days: int | None = 90
) -> tuple[ApiToken, str]:
    """Make a personal API token for the user's membership at ``site``. Returns the token row
    and the raw token, which is never stored and cannot be shown again."""
    actor = actor_for(user, site, via="cli")
    if days is not None and days <= 0:
        raise Refused("days must be a positive number", field="days")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            membership=actor.membership,
            user=user,
            name=name[:100],
            prefix=raw[:10],
            digest=token_digest(raw),
            expires_at=timezone.now() + timedelta(days=days) if days else None,
        )
        audit_record(
            actor=actor,
            action="token.create",
            obj=token,
            after={"name": token.name, "prefix": token.prefix},
        )
    return token, raw


def token_revoke(*, actor: Actor, token_id: int) -> ApiToken:
    """Revoke one of the actor's own tokens (a site admin may revoke any at their site)."""
    with transaction.atomic():
        qs = ApiToken.objects.select_for_update(no_key=True).filter(
            pk=token_id, membership__site_id=actor.site_id
        )
        if not actor.can("users.manage"):
            qs = qs.filter(user_id=actor.user_id)
        token = qs.first()
        if token is None:
            raise NotFound()
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor, action="token.revoke", obj=token, after={"prefix": token.prefix}
            )
    return token


def actor_for_token(raw: str, *, ip: str | None = None) -> Actor | None:
    """The actor a bearer token acts as, or None for an unknown, revoked or expired token."""
    token = (
        ApiToken.objects.select_related("membership__site", "membership__agency", "user")
        .filter(
            digest=token_digest(raw),
            revoked_at__isnull=True,
            membership__active=True,
            user__is_active=True,
        )
        .first()
    )
    if token is None or (token.expires_at and token.expires_at <= timezone.now()):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return Actor(user=token.user, membership=token.membership, ip=ip, via="api")


def breakglass_open(*, actor: Actor, participant_id: int, reason: str, hours: float = 4) -> Any:
    """Open a participant's record in an emergency. The grant is time-limited, audited, and
    queued for review; reads under it are access-logged with the reason."""
    from goldenthread.access import rules
    from goldenthread.access.models import BreakGlassGrant
    from goldenthread.core.models import Participant

    actor.require("breakglass.use")
    refusal = rules.break_glass_refusal(reason, hours)
    if refusal:
        raise Refused(refusal[1], field=refusal[0])
    with transaction.atomic():
        participant = Participant.objects.filter(site_id=actor.site_id, pk=participant_id).first()
        if participant is None:
            raise NotFound()
        now = timezone.now()
        grant = BreakGlassGrant.objects.create(
            site_id=actor.site_id,
            membership=actor.membership,
            user=actor.user,
            participant=participant,
            reason=reason.strip(),
            opened_at=now,
            expires_at=rules.break_glass_expiry(now, hours),
        )
        audit_record(
            actor=actor,
            action="breakglass.open",
            obj=grant,
            after={
                "participant": participant.pk,
                "reason": grant.reason,
                "expires_at": grant.expires_at.isoformat(),
            },
        )
    return grant


def breakglass_review(*, actor: Actor, grant_id: int, outcome: str, note: str = "") -> Any:
    """Record the review of an emergency access. Nobody reviews their own."""
    from goldenthread.access.models import BreakGlassGrant

    actor.require("breakglass.review")
    if outcome not in BreakGlassGrant.Outcome.values:
        raise Refused("Choose justified or not justified.", field="outcome")
    with transaction.atomic():
        grant = (
            BreakGlassGrant.objects.select_for_update(no_key=True)
            .filter(site_id=actor.site_id, pk=grant_id)
            .first()
        )
        if grant is None:
            raise NotFound()
        if grant.user_id == actor.user_id:
            raise Refused("You cannot review your own emergency access.", field="grant")
        if grant.reviewed_at is not None:
            raise Conflict("This emergency access was reviewed already.", field="grant")
        grant.reviewed_by, grant.reviewed_at = actor.user, timezone.now()
        grant.outcome, grant.review_note = outcome, note.strip()
        if (
            grant.expires_at > grant.reviewed_at
            and outcome == BreakGlassGrant.Outcome.NOT_JUSTIFIED
        ):
            grant.expires_at = grant.reviewed_at  # an unjustified grant ends at once
        grant.save()
        audit_record(
            actor=actor,
            action="breakglass.review",
            obj=grant,
            after={"outcome": outcome, "note": grant.review_note},
        )
    return grant
