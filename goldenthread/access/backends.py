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

_USER: Compiled[Any] = Compiled(
    lambda user_id: get_user_model()._default_manager.filter(pk=user_id)
)


class KeptUserRead:
    """``ModelBackend.get_user`` through one kept query: the user, or None when there is no
    such user or it may not sign in (``user_can_authenticate``: an inactive user)."""

    def get_user(self, user_id: Any) -> Any:
        found = _USER(user_id=user_id)
        if not found:
            return None
        user = found[0]
        return user if self.user_can_authenticate(user) else None  # type: ignore[attr-defined]


class ModelBackend(KeptUserRead, backends.ModelBackend):
    """Django's sign-in by user name (and the backend of ``Client.force_login``)."""


class AccountBackend(KeptUserRead, AuthenticationBackend):
    """allauth's sign-in by user name or e-mail."""
