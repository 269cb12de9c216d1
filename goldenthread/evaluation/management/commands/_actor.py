"""Who a command acts as: a named user, or the site's first active project manager."""

from __future__ import annotations

from django.core.management.base import CommandError

from goldenthread.access.actor import Actor
from goldenthread.core.models import Membership
from goldenthread.core.roles import Role


def command_actor(site_slug: str, username: str | None) -> Actor:
    memberships = Membership.objects.select_related("user", "site", "agency").filter(
        site__slug=site_slug, active=True
    )
    if username:
        memberships = memberships.filter(user__username=username)
    else:
        memberships = memberships.filter(role=Role.PM)
    membership = memberships.order_by("pk").first()
    if membership is None:
        who = username or "a project manager"
        raise CommandError(f"site: {who} holds no role at {site_slug!r}")
    return Actor(user=membership.user, membership=membership, via="cli")
