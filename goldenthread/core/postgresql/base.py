"""Django's PostgreSQL backend, with two changes: connections load ``timestamptz`` with
psycopg's own loader, and the health check skips a connection used a moment ago.

Django registers a loader of its own for ``timestamptz``: a Python subclass of psycopg's, so
that it can set the zone. A subclass does not get psycopg's C implementation, and its pure
Python parser costs about 6 µs a value; the prosecutor's worklist loads some 2,800 of them
(``created_at`` and ``updated_at`` of every row included), 18 ms of the request under the
profiler. When the connection's zone is UTC, which it always is here (``USE_TZ`` on, no
``TIME_ZONE`` for the database), psycopg's loader returns the same aware datetime, its tzinfo
``datetime.timezone.utc`` included. Any other zone keeps Django's loader. The loader is
registered once, in the adapters every connection starts from: registered on each cursor, it
made psycopg copy the cursor's adapters map, about 3 % of the load mix's CPU (py-spy).

Django's health check (``CONN_HEALTH_CHECKS``, ADR 7) sends ``SELECT 1`` before a kept
connection's first query in every request. A connection that made a cursor less than
``DB_HEALTH_CHECK_IDLE_SECONDS`` ago is taken as alive without it (ADR 7's addendum): under load
a worker's connection is used every few milliseconds, and the check was one round trip of
every request.

A session setting (``set_setting``, the row-level security's site: ADR 7's second addendum)
is sent as one ``SET`` on libpq's connection, in the simple protocol: through a Django cursor
it cost about 2.5 % of the load mix's CPU a statement (the cursor, its wrappers, psycopg's
query conversion, its result), twice a request. It is still logged where Django logs queries.
"""

from __future__ import annotations

import datetime
import re
import time
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.backends.postgresql import base
from psycopg import errors, pq
from psycopg.adapt import AdaptersMap
from psycopg.types.datetime import TimestamptzLoader

# A setting's name (a custom one is two identifiers) and the values set_setting sends.
_NAME = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?")
_VALUE = re.compile(r"[0-9]*")


@lru_cache
def _with_psycopgs_loader(template: AdaptersMap) -> AdaptersMap:
    """Django's adapters for new connections, with psycopg's own ``timestamptz`` loader
    (registering psycopg's own class gives its C loader where psycopg has one)."""
    adapters = AdaptersMap(template)
    adapters.register_loader("timestamptz", TimestamptzLoader)
    return adapters


class DatabaseWrapper(base.DatabaseWrapper):
    # When this connection last made a cursor (time.monotonic()).
    used_at = float("-inf")
    health_check_done: bool

    def get_connection_params(self) -> dict[str, Any]:
        params = super().get_connection_params()
        if self.timezone is datetime.UTC and "context" in params:
            params["context"] = _with_psycopgs_loader(params["context"])
        return params

    def create_cursor(self, name: Any = None) -> Any:
        self.used_at = time.monotonic()
        if self.timezone is not datetime.UTC:
            return super().create_cursor(name)
        # Django's, less its check of the connection's loader (psycopg's has no zone to check).
        if not name:
            return self.connection.cursor()
        withhold = self.connection.autocommit
        if self.settings_dict["OPTIONS"].get("server_side_binding") is not True:
            server_side: Any = base.ServerSideCursor
            return server_side(self.connection, name=name, scrollable=False, withhold=withhold)
        return self.connection.cursor(name, scrollable=False, withhold=withhold)

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and not self.health_check_done
            and time.monotonic() - self.used_at < settings.DB_HEALTH_CHECK_IDLE_SECONDS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def set_setting(self, name: str, value: str) -> None:
        """``SET name = 'value'`` for the rest of the session, in one round trip of the simple
        protocol; ``value`` is digits or empty, so it needs no quoting. Checked and logged as a
        cursor's statement would be (the health check, a broken transaction, the captured
        queries). Outside autocommit (an atomic block) it goes through a cursor, in the
        transaction psycopg begins, so that a rollback undoes it."""
        if not _NAME.fullmatch(name) or not _VALUE.fullmatch(value):
            raise ValueError(f"set_setting takes a setting's name and digits: {name!r}, {value!r}")
        sql = f"SET {name} = '{value}'"
        if not self.get_autocommit():
            # In a transaction, as psycopg begins it, so that a rollback undoes it.
            with self.cursor() as cursor:
                cursor.execute(sql)
            return
        self.validate_no_broken_transaction()
        self.close_if_health_check_failed()
        self.ensure_connection()
        self.validate_thread_sharing()
        started = time.monotonic()
        with self.wrap_database_errors:
            result = self.connection.pgconn.exec_(sql.encode())
            if result.status != pq.ExecStatus.COMMAND_OK:
                raise errors.error_from_result(result, encoding=self.connection.info.encoding)
        self.used_at = time.monotonic()
        if self.queries_logged:
            self.queries_log.append({"sql": sql, "time": f"{self.used_at - started:.3f}"})
