"""On PostgreSQL, cursors load timestamps with psycopg's own (C) loader, and what they load
is what Django's loader gave: the same instant, aware, in datetime.timezone.utc. The health
check skips a connection used a moment ago, and a session setting is one logged statement."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext

from goldenthread.core.models import Site

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend only"),
]

TIMESTAMPTZ = 1184
# The backend's own methods (set_setting), which the stubs' wrapper type does not know.
_db: Any = connection


def test_cursors_load_timestamps_with_psycopgs_own_loader():
    with connection.cursor() as cursor:
        loader = cursor.cursor.adapters.get_loader(TIMESTAMPTZ, 0)
        # Not Django's Python subclass: psycopg's class, its C build where installed.
        assert loader.__name__ == "TimestamptzLoader"
        assert not loader.__module__.startswith("django")
        cursor.execute(
            "SELECT %s::timestamptz, '2026-03-08 02:30:00.123456-08'::timestamptz",
            ["2026-11-01 01:30:00+00"],
        )
        first, second = cursor.fetchone()
    assert first == datetime.datetime(2026, 11, 1, 1, 30, tzinfo=datetime.UTC)
    assert second == datetime.datetime(2026, 3, 8, 10, 30, 0, 123456, tzinfo=datetime.UTC)
    assert first.tzinfo is datetime.UTC and second.tzinfo is datetime.UTC


def test_the_loader_is_the_connections_not_registered_per_cursor():
    """New connections start from adapters with psycopg's loader; a cursor reads through the
    connection's map, whose loader every cursor shares."""
    connection.ensure_connection()
    assert connection.connection.adapters.get_loader(TIMESTAMPTZ, 0).__name__ == "TimestamptzLoader"
    with connection.cursor() as first, connection.cursor() as second:
        loaders = {c.cursor.adapters.get_loader(TIMESTAMPTZ, 0) for c in (first, second)}
    assert loaders == {connection.connection.adapters.get_loader(TIMESTAMPTZ, 0)}


@pytest.mark.django_db(transaction=True)
def test_a_server_side_cursor_reads_aware_utc_times():
    """``iterator()`` reads through a named (server-side) cursor on PostgreSQL."""
    Site.objects.create(slug="iter-site", name="Iterated")
    times = [s.created_at for s in Site.objects.filter(slug="iter-site").iterator(chunk_size=1)]
    assert times and all(t.tzinfo is datetime.UTC for t in times)


def test_models_and_iterators_read_the_same_aware_utc_times(world):
    site = world.alpha.site
    stored = Site.objects.values_list("created_at", flat=True).get(pk=site.pk)
    assert stored.tzinfo is datetime.UTC
    streamed = list(Site.objects.filter(pk=site.pk).iterator(chunk_size=10))
    assert streamed[0].created_at == stored and streamed[0].created_at.tzinfo is datetime.UTC
    assert connection.vendor == "postgresql"


def test_a_query_run_again_is_prepared_once_and_gives_the_same_rows(world):
    """Parameters travel apart from the SQL (server-side binding), so a query Django runs
    again has the same text, and psycopg prepares it on its second run: PostgreSQL parses and
    plans it once per connection (docs/adr/0014-prepared-statements.md)."""
    slug = world.alpha.site.slug
    first = list(Site.objects.filter(slug=slug).values_list("pk", flat=True))
    for other in ("nowhere", slug, slug):
        rows = list(Site.objects.filter(slug=other).values_list("pk", flat=True))
    assert rows == first == [world.alpha.site.pk]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ['%FROM "core_site" WHERE "core_site"."slug" = $1%'],
        )
        assert cursor.fetchone()[0] == 1


def _new_request_first_query() -> None:
    """What a request's first query does: Django resets the check when a request starts
    (``close_old_connections``), and the first cursor runs it."""
    wrapper: Any = connections["default"]
    wrapper.health_check_done = False
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT 1")


@pytest.fixture
def checks(monkeypatch):  # type: ignore[no-untyped-def]
    """The health checks sent (``is_usable`` is the ``SELECT 1``; it answers ``usable[0]``),
    with the check turned on."""
    wrapper = connections["default"]
    sent: list[int] = []
    usable = [True]

    def is_usable() -> bool:
        sent.append(1)
        return usable[0]

    monkeypatch.setattr(wrapper, "is_usable", is_usable)
    wrapper.ensure_connection()
    enabled = wrapper.health_check_enabled
    wrapper.health_check_enabled = True
    yield sent, usable
    wrapper.health_check_enabled = enabled
    wrapper.health_check_done = True


def test_a_connection_used_a_moment_ago_is_not_checked(checks, settings):  # type: ignore[no-untyped-def]
    settings.DB_HEALTH_CHECK_IDLE_SECONDS = 2
    _new_request_first_query()
    _new_request_first_query()
    assert checks[0] == []


def test_a_connection_idle_past_the_window_is_checked_once_a_request(checks, settings):  # type: ignore[no-untyped-def]
    settings.DB_HEALTH_CHECK_IDLE_SECONDS = 2
    _new_request_first_query()
    connection.used_at -= 3
    _new_request_first_query()
    with connection.cursor() as cursor:  # the same request's second query: checked already
        cursor.execute("SELECT 1")
    assert checks[0] == [1]
    _new_request_first_query()  # used just now again
    assert checks[0] == [1]


def test_zero_seconds_checks_every_request(checks, settings):  # type: ignore[no-untyped-def]
    settings.DB_HEALTH_CHECK_IDLE_SECONDS = 0
    for _ in range(3):
        _new_request_first_query()
    assert checks[0] == [1, 1, 1]


def test_a_connection_that_fails_the_check_is_closed(checks, settings, monkeypatch):  # type: ignore[no-untyped-def]
    settings.DB_HEALTH_CHECK_IDLE_SECONDS = 2
    closed: list[int] = []
    monkeypatch.setattr(connections["default"], "close", lambda: closed.append(1))
    checks[1][0] = False
    connection.used_at -= 3
    connection.health_check_done = False
    connection.close_if_health_check_failed()
    assert checks[0] == [1] and closed == [1]


def _setting() -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('goldenthread.site_id', true)")
        return str(cur.fetchone()[0] or "")


@pytest.mark.django_db(transaction=True)
def test_a_setting_is_set_in_one_statement_and_logged_as_a_query():
    with CaptureQueriesContext(connection) as seen:
        _db.set_setting("goldenthread.site_id", "42")
    assert [q["sql"] for q in seen.captured_queries] == ["SET goldenthread.site_id = '42'"]
    assert _setting() == "42"
    _db.set_setting("goldenthread.site_id", "")
    assert _setting() == ""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "name, value",
    [
        ("goldenthread.site_id", "1'; DROP TABLE core_site; --"),
        ("goldenthread.site_id", "-1"),
        ("goldenthread.site_id = '1'; --", "1"),
        ("Goldenthread.Site_id", "1"),
    ],
)
def test_a_setting_takes_only_a_name_and_digits(name, value):  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="set_setting"):
        _db.set_setting(name, value)
    assert _setting() == ""


@pytest.mark.django_db(transaction=True)
def test_a_setting_that_postgresql_refuses_raises_a_database_error():
    with pytest.raises(DatabaseError, match="unrecognized configuration parameter"):
        _db.set_setting("no_such_setting", "1")
    # The connection is still usable, and the refused statement left nothing set.
    assert _setting() == ""


@pytest.mark.django_db(transaction=True)
def test_a_setting_in_a_transaction_that_rolls_back_is_undone():
    with pytest.raises(RuntimeError), transaction.atomic():
        _db.set_setting("goldenthread.site_id", "7")
        assert _setting() == "7"
        raise RuntimeError("roll back")
    assert _setting() == ""


@pytest.mark.django_db(transaction=True)
def test_a_setting_in_a_broken_transaction_is_refused():
    with transaction.atomic():
        connection.needs_rollback = True
        with pytest.raises(TransactionManagementError):
            _db.set_setting("goldenthread.site_id", "7")
        connection.needs_rollback = False
    assert _setting() == ""
