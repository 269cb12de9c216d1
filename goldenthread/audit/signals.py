"""Authentication events go into the audit chain: sign-ins, failures, sign-outs, MFA changes."""

from __future__ import annotations

from typing import Any

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from goldenthread.audit.actions import audit_record


def _ip(request: Any) -> str:
    return (request.META.get("REMOTE_ADDR", "") if request is not None else "") or ""


@receiver(auth_signals.user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=None, action="auth.login", user=user, ip=_ip(request))


@receiver(auth_signals.user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=None, action="auth.logout", user=user, ip=_ip(request))


@receiver(auth_signals.user_login_failed)
def _login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username") or credentials.get("login") or "")[:150]
    audit_record(
        actor=None, action="auth.login_failed", after={"username": username}, ip=_ip(request)
    )


def _mfa(action: str) -> Any:
    def handler(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
        authenticator = kwargs.get("authenticator")
        who = user or getattr(authenticator, "user", None)
        kind = getattr(authenticator, "type", "") if authenticator is not None else ""
        audit_record(actor=None, action=action, user=who, after={"type": kind}, ip=_ip(request))

    return handler


_mfa_added = _mfa("auth.mfa_added")
_mfa_removed = _mfa("auth.mfa_removed")
_mfa_reset = _mfa("auth.mfa_reset")
mfa_signals.authenticator_added.connect(_mfa_added, dispatch_uid="gt_mfa_added")
mfa_signals.authenticator_removed.connect(_mfa_removed, dispatch_uid="gt_mfa_removed")
mfa_signals.authenticator_reset.connect(_mfa_reset, dispatch_uid="gt_mfa_reset")
