"""The shell's own pages: home, site switching, the account page."""

from __future__ import annotations

import sys

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.http import require_POST

from goldenthread.access.actions import token_revoke
from goldenthread.access.middleware import SESSION_MEMBERSHIP
from goldenthread.access.queries import tokens_of
from goldenthread.web.decorators import actor_required
from goldenthread.web.nav import cards_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    if actor is None:
        return render(request, "web/no_membership.html", status=403)
    return render(request, "web/home.html", {"cards": cards_for(actor)})


@require_POST
@login_required
def site_switch(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("membership", "")
    ids = {m.pk for m in request.memberships}  # type: ignore[attr-defined]
    if wanted.isdigit() and int(wanted) in ids:
        request.session[SESSION_MEMBERSHIP] = int(wanted)
    else:
        messages.error(request, "membership: you hold no such role.")
    return redirect("home")


@actor_required
def account(request: HttpRequest) -> HttpResponse:
    tokens = tokens_of(request.user)  # type: ignore[arg-type]
    return render(request, "web/account.html", {"tokens": tokens})


@require_POST
@actor_required
def token_revoke_view(request: HttpRequest, token_id: int) -> HttpResponse:
    token_revoke(actor=request.actor, token_id=token_id)  # type: ignore[attr-defined]
    messages.success(request, "Token revoked.")
    return redirect("account")


DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = "60"


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's 500 handler, except when the database is unreachable: then 503, a clear page
    (or JSON for the API) and Retry-After, never a stack trace. Django drops the broken
    connection at the end of the request, so the next one reconnects: no restart needed."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN):
        detail = "The database cannot be reached just now; try again in a minute."
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"detail": detail}, status=503)
        else:
            response = HttpResponse(render_to_string("web/unavailable.html"), status=503)
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    return defaults.server_error(request)
