"""The foundation's cards on the home page: caseload at a glance, sign-in security."""

from __future__ import annotations

from django.db.models import Count

from goldenthread.access.actor import Actor
from goldenthread.access.middleware import has_mfa_steps
from goldenthread.access.models import ApiToken
from goldenthread.core.compiled import Compiled, Steps, ask, gather
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


# The sign-in card's count of the user's live API tokens, on every home page: kept compiled
# (core.compiled, ADR 15), as one grouped row (none when there are none).
_LIVE_TOKENS: Compiled[int] = Compiled(
    lambda user_id: (
        ApiToken.objects.filter(user_id=user_id, revoked_at__isnull=True)
        .order_by()
        .values("user_id")
        .annotate(n=Count("pk"))
        .values_list("n", flat=True)
    )
)


def _security_card(actor: Actor) -> Steps[Card]:
    ((counts,), on) = yield from gather(
        ask(_LIVE_TOKENS.bind(user_id=actor.user_id)), has_mfa_steps(actor.user_id)
    )
    tokens = sum(counts)
    mfa = "on" if on else "off"
    return Card(
        "Your sign-in",
        [f"Two-factor authentication is {mfa}.", f"{tokens} active API token(s)."],
        url_name="account",
    )


def cards(actor: Actor) -> Steps[list[Card]]:
    # Caseload cards come from referrals (site capacity) and casework (my caseload).
    mfa = _mfa_card(actor)
    security = yield from _security_card(actor)
    return [c for c in (mfa, security) if c]
