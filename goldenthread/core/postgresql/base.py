"""Django's PostgreSQL backend, with two changes: each cursor loads ``timestamptz`` with
psycopg's own loader, and the health check skips a connection used a moment ago.

Django registers a loader of its own for ``timestamptz``: a Python subclass of psycopg's, so
that it can set the zone. A subclass does not get psycopg's C implementation, and its pure
Python parser costs about 6 µs a value; the prosecutor's worklist loads some 2,800 of them
(``created_at`` and ``updated_at`` of every row included), 18 ms of the request under the
profiler. When the connection's zone is UTC, which it always is here (``USE_TZ`` on, no
``TIME_ZONE`` for the database), psycopg's loader returns the same aware datetime, its tzinfo
``datetime.timezone.utc`` included. Any other zone keeps Django's loader.

Django's health check (``CONN_HEALTH_CHECKS``, ADR 7) sends ``SELECT 1`` before a kept
connection's first query in every request. A connection that made a cursor less than
``DB_HEALTH_CHECK_IDLE_SECONDS`` ago is taken as alive without it (ADR 7's addendum): under load
a worker's connection is used every few milliseconds, and the check was one round trip of
every request.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base
from psycopg.types.datetime import TimestamptzLoader


class DatabaseWrapper(base.DatabaseWrapper):
    # When this connection last made a cursor (time.monotonic()).
    used_at = float("-inf")
    health_check_done: bool

    def create_cursor(self, name: Any = None) -> Any:
        self.used_at = time.monotonic()
        cursor = super().create_cursor(name)
        if self.timezone is datetime.UTC:
            # Registering psycopg's own class gives its C loader where psycopg has one.
            cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        return cursor

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and not self.health_check_done
            and time.monotonic() - self.used_at < settings.DB_HEALTH_CHECK_IDLE_SECONDS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
