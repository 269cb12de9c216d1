"""Django's database sessions, with the read of the session row kept compiled (ADR 15): it is
the first query of every signed-in request."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from goldenthread.core.compiled import Compiled

_UNEXPIRED: Compiled[Session] = Compiled(
    lambda session_key, now: Session.objects.filter(session_key=session_key, expire_date__gt=now)
)


class SessionStore(DatabaseSessionStore):
    """The same store, table and rows as ``django.contrib.sessions.backends.db``."""

    def _get_session_from_db(self) -> Any:
        found = _UNEXPIRED(session_key=self.session_key, now=timezone.now())
        if not found:
            self._session_key = None
            return None
        return found[0]
