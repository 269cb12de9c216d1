"""The foundation's cards on the home page: caseload at a glance, sign-in security."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.access.middleware import has_mfa
from goldenthread.access.models import ApiToken
from goldenthread.core.models import Membership
from goldenthread.web.nav import Card


def _mfa_card(actor: Actor) -> Card | None:
    if not actor.can("users.manage"):
        return None
    required = actor.site.mfa_required_roles or []
    members = Membership.objects.filter(
        site_id=actor.site_id, active=True, role__in=required
    ).select_related("user")
    from allauth.mfa.models import Authenticator

    enrolled = set(
        Authenticator.objects.filter(
            user__in=[m.user_id for m in members], type=Authenticator.Type.TOTP
        ).values_list("user_id", flat=True)
    )
    missing = sorted({m.user.get_username() for m in members if m.user_id not in enrolled})
    return Card(
        "Accounts still to set up two-factor",
        missing[:8] or ["None: all set."],
        count=len(missing),
        urgent=bool(missing),
        url_name="core:site_settings",
    )


def _security_card(actor: Actor) -> Card:
    tokens = ApiToken.objects.filter(user_id=actor.user_id, revoked_at__isnull=True).count()
    mfa = "on" if has_mfa(actor.user) else "off"
    return Card(
        "Your sign-in",
        [f"Two-factor authentication is {mfa}.", f"{tokens} active API token(s)."],
        url_name="account",
    )


def cards(actor: Actor) -> list[Card]:
    # Caseload cards come from referrals (site capacity) and casework (my caseload).
    return [c for c in (_mfa_card(actor), _security_card(actor)) if c]
