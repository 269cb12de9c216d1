"""Django's PostgreSQL backend, with one change: each cursor loads ``timestamptz`` with
psycopg's own loader.

Django registers a loader of its own for ``timestamptz``: a Python subclass of psycopg's, so
that it can set the zone. A subclass does not get psycopg's C implementation, and its pure
Python parser costs about 6 µs a value; the prosecutor's worklist loads some 2,800 of them
(``created_at`` and ``updated_at`` of every row included), 18 ms of the request under the
profiler. When the connection's zone is UTC, which it always is here (``USE_TZ`` on, no
``TIME_ZONE`` for the database), psycopg's loader returns the same aware datetime, its tzinfo
``datetime.timezone.utc`` included. Any other zone keeps Django's loader.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.backends.postgresql import base
from psycopg.types.datetime import TimestamptzLoader


class DatabaseWrapper(base.DatabaseWrapper):
    def create_cursor(self, name: Any = None) -> Any:
        cursor = super().create_cursor(name)
        if self.timezone is datetime.UTC:
            # Registering psycopg's own class gives its C loader where psycopg has one.
            cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        return cursor
