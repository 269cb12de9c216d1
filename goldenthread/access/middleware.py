"""Per-request access: who is acting at which site, session lifetimes, and required MFA."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import logout
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from goldenthread.access import rls
from goldenthread.access.actor import Actor
from goldenthread.access.backends import MEMBERSHIPS_ATTR, active_memberships
from goldenthread.core.compiled import Compiled, Steps
from goldenthread.core.models import Membership

SESSION_MEMBERSHIP = "gt_membership_id"
SESSION_STARTED = "gt_started_at"
SESSION_SEEN = "gt_seen_at"


def client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


def memberships_of(user) -> list[Membership]:  # type: ignore[no-untyped-def]
    """The user's active memberships: those the backend read with the user, on a user it read
    (``access.backends.KeptUserRead``), or the same kept query."""
    read = getattr(user, MEMBERSHIPS_ATTR, None)
    if read is not None:
        return list(read)
    return active_memberships(user.pk)


class SessionLifetimeMiddleware:
    """Ends a session idle past SESSION_COOKIE_AGE or older than SESSION_ABSOLUTE_SECONDS.

    Activity is written at most once per SESSION_TOUCH_SECONDS (the session's expiry and the
    "My sessions" last-seen time together, one UPDATE each), not on every request: a user's
    idle logoff therefore comes between SESSION_COOKIE_AGE - SESSION_TOUCH_SECONDS and
    SESSION_COOKIE_AGE after their last request, never later."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            session = request.session
            started = session.setdefault(SESSION_STARTED, now)
            seen = session.get(SESSION_SEEN, started)
            if (
                now - started > settings.SESSION_ABSOLUTE_SECONDS
                or now - seen > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                return redirect(settings.LOGIN_URL)
            if now - seen >= settings.SESSION_TOUCH_SECONDS or SESSION_SEEN not in session:
                session[SESSION_SEEN] = now  # marks the session modified: saved, expiry renewed
                if session.session_key:
                    UserSession.objects.filter(session_key=session.session_key).update(
                        last_seen_at=timezone.now(), ip=client_ip(request)
                    )
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
            # The site stays bound until the request has finished (rls.release).
            if request.actor is not None:  # type: ignore[attr-defined]
                timezone.deactivate()


_MFA_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/api/")


def _totp(user_id: int) -> QuerySet[Any]:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user_id, type=Authenticator.Type.TOTP).values_list(
        "pk", flat=True
    )[:1]


# Read on the MFA-required roles' requests and the home page's sign-in card: kept compiled
# (core.compiled, ADR 15).
_TOTP: Compiled[int] = Compiled(_totp)


def has_mfa(user) -> bool:  # type: ignore[no-untyped-def]
    """Whether the user has set up an authenticator app (TOTP)."""
    return bool(_TOTP(user_id=user.pk))


def has_mfa_steps(user_id: int) -> Steps[bool]:
    """``has_mfa`` as steps (core.compiled), to run beside other queries."""
    (found,) = yield (_TOTP.bind(user_id=user_id),)
    return bool(found)


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
