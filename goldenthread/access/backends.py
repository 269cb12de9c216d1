"""The site's authentication backends that read users (Django's and allauth's), with that
read kept compiled (ADR 15): Django reads the signed-in user on every signed-in request. Axes'
backend, which reads no user, stays first in ``AUTHENTICATION_BACKENDS`` as axes ships it.

A session names the backend that signed its user in. These classes have new paths, so a
session started under the old paths (``django.contrib.auth.backends.ModelBackend``,
``allauth.account.auth_backends.AuthenticationBackend``) ends once, when this is deployed: its
user signs in again.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import backends, get_user_model

from goldenthread.core.compiled import Compiled
from goldenthread.core.models import Membership

_USER: Compiled[Any] = Compiled(
    lambda user_id: get_user_model()._default_manager.filter(pk=user_id)
)
# A user's active memberships with the user, in one query: what the actor middleware reads on
# every signed-in request (``access.middleware.memberships_of``). Kept compiled (ADR 15).
_MEMBERSHIPS_WITH_USER: Compiled[Membership] = Compiled(
    lambda user_id: (
        Membership.objects.select_related("site", "agency", "user")
        .filter(user_id=user_id, active=True)
        .order_by("site__name", "role")
    )
)
# Set on a user read here: their active memberships, as ``memberships_of`` gives them.
MEMBERSHIPS_ATTR = "_gt_memberships"


def active_memberships(user_id: int) -> list[Membership]:
    """The user's active memberships, by site name and role, each with its user."""
    return _MEMBERSHIPS_WITH_USER(user_id=user_id)


class KeptUserRead:
    """``ModelBackend.get_user`` through one kept query: the user, or None when there is no
    such user or it may not sign in (``user_can_authenticate``: an inactive user). The query
    reads the user's active memberships with them (a user who holds none is read alone),
    kept on the user for the actor middleware: one query of the request's fixed ones less."""

    def get_user(self, user_id: Any) -> Any:
        memberships = active_memberships(user_id)
        if memberships:
            user = memberships[0].user
            for m in memberships:
                m.user = user  # one instance, as a membership's user is the request's
        else:
            found = _USER(user_id=user_id)
            if not found:
                return None
            user = found[0]
        setattr(user, MEMBERSHIPS_ATTR, memberships)
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(KeptUserRead, backends.ModelBackend):
    """Django's sign-in by user name (and the backend of ``Client.force_login``)."""


class AccountBackend(KeptUserRead, AuthenticationBackend):
    """allauth's sign-in by user name or e-mail."""
