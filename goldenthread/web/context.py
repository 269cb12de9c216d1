"""Template context for the shell: the actor, their navigation and their other sites."""

from __future__ import annotations

from django.http import HttpRequest

from goldenthread.web.nav import nav_for


def shell(request: HttpRequest) -> dict:
    actor = getattr(request, "actor", None)
    return {
        "actor": actor,
        "nav": nav_for(actor) if actor is not None else [],
        "memberships": getattr(request, "memberships", []),
    }
