"""The shell's own pages: home, site switching, the account page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
