"""View decorators: a signed-in user acting at a site, and the domain's refusals as responses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from goldenthread.access.actor import NotFound

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def actor_required(view: View) -> View:
    """Sign-in required, and an active membership; otherwise the same 404 as a missing page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponseBase:  # type: ignore[no-untyped-def]
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request, "actor", None) is None:
            raise NotFound()
        return view(request, *args, **kwargs)

    return cast("View", wrapper)
