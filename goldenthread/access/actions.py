"""Writes about access: API tokens and the site switcher."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from goldenthread.access.actor import Actor, NotFound, Refused, actor_for
from goldenthread.access.models import ApiToken
from goldenthread.audit.actions import audit_record
from goldenthread.core.models import Site

TOKEN_PREFIX = "gt_"  # noqa: S105 - a label, not a secret


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
        qs = ApiToken.objects.select_for_update().filter(
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
