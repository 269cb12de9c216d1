"""Per-request access: who is acting at which site, session lifetimes, and required MFA."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from goldenthread.access import rls
from goldenthread.access.actor import Actor
from goldenthread.core.models import Membership

SESSION_MEMBERSHIP = "gt_membership_id"
SESSION_STARTED = "gt_started_at"


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


def memberships_of(user) -> list[Membership]:  # type: ignore[no-untyped-def]
    return list(
        Membership.objects.select_related("site", "agency")
        .filter(user=user, active=True)
        .order_by("site__name", "role")
    )


class SessionLifetimeMiddleware:
    """Ends a session past its absolute lifetime, however active it has been. The idle
    timeout is Django's own (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.setdefault(SESSION_STARTED, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class ActorMiddleware:
    """Sets ``request.actor`` from the signed-in user and the membership chosen in the session
    (the site switcher), or the first one the user holds. None when signed out."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.actor = None  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            memberships = memberships_of(request.user)
            request.memberships = memberships  # type: ignore[attr-defined]
            chosen = request.session.get(SESSION_MEMBERSHIP)
            current = next((m for m in memberships if m.pk == chosen), None)
            # Without a choice, act in the oldest membership: the user's home site.
            current = current or min(memberships, key=lambda m: m.pk, default=None)
            if current is not None:
                request.actor = Actor(  # type: ignore[attr-defined]
                    user=request.user, membership=current, ip=client_ip(request), via="web"
                )
                rls.bind_site(current.site_id)
                # Dates and times typed and shown are the site's local ones.
                timezone.activate(current.site.tz)
        try:
            return self.get_response(request)
        finally:
            if request.actor is not None:  # type: ignore[attr-defined]
                rls.bind_site(None)
                timezone.deactivate()


_MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/")


def has_mfa(user) -> bool:  # type: ignore[no-untyped-def]
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class MfaRequiredMiddleware:
    """Sends a user whose role requires MFA at this site to set it up before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        actor: Actor | None = getattr(request, "actor", None)
        if (
            actor is not None
            and actor.role.value in (actor.site.mfa_required_roles or [])
            and not request.path.startswith(_MFA_EXEMPT_PREFIXES)
            and not has_mfa(request.user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)
