"""On PostgreSQL, the database itself hides another site's rows from the app role."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.access.rls import SETTING, site_tables
from goldenthread.core.roles import Role


@pytest.fixture
def app_role(db):  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("row-level security is a PostgreSQL feature")
    with connection.cursor() as cur:
        cur.execute(
            "DO $$ BEGIN CREATE ROLE goldenthread_app_test NOLOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
        )
        cur.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO goldenthread_app_test")
    return "goldenthread_app_test"


def _count_as(role: str, site_id: int | str, table: str) -> int:
    with connection.cursor() as cur:
        cur.execute(f"SET LOCAL ROLE {role}")
        cur.execute("SELECT set_config(%s, %s, true)", [SETTING, str(site_id)])
        cur.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        count = cur.fetchone()[0]
        cur.execute("RESET ROLE")
    return int(count)


def test_it_covers_every_site_scoped_table():
    tables = site_tables()
    assert "core_participant" in tables and "core_agency" in tables
    assert "access_breakglassgrant" in tables


def test_it_returns_no_rows_of_another_site_to_the_app_role(world, app_role):
    world.participant(world.alpha)
    world.participant(world.beta)
    assert _count_as(app_role, world.beta.site.pk, "core_participant") == 1
    with connection.cursor() as cur:
        cur.execute(f"SET LOCAL ROLE {app_role}")
        cur.execute("SELECT set_config(%s, %s, true)", [SETTING, str(world.beta.site.pk)])
        cur.execute(
            "SELECT count(*) FROM core_participant WHERE site_id = %s", [world.alpha.site.pk]
        )
        assert cur.fetchone()[0] == 0, "alpha's participants are invisible with beta set"
        cur.execute("RESET ROLE")


def test_it_lets_unset_sessions_through_for_migrations_and_commands(world, app_role):
    world.participant(world.alpha)
    world.participant(world.beta)
    assert _count_as(app_role, "", "core_participant") == 2


def _bound() -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting(%s, true)", [SETTING])
        return cur.fetchone()[0] or ""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("how", ["session", "token"])
def test_a_request_binds_its_site_and_leaves_the_kept_connection_unbound(world, how):
    """The site is bound for the request and unset once it has finished (access.rls.release),
    so the next request on a kept connection starts with every site visible to its lookups."""
    if connection.vendor != "postgresql":
        pytest.skip("row-level security is a PostgreSQL feature")
    world.participant(world.alpha)
    client = world.client(Role.CM) if how == "session" else world.api(Role.CM)
    bound_for: dict[str, str] = {}

    def note_the_setting(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        # What PostgreSQL holds when each of the request's queries is sent, read on libpq's
        # connection so that the reading is not itself a query.
        result = connection.connection.pgconn.exec_(
            f"SELECT current_setting('{SETTING}', true)".encode()
        )
        bound_for[sql] = (result.get_value(0, 0) or b"").decode()
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as seen, connection.execute_wrapper(note_the_setting):
        assert client.get("/api/v1/casework/caseload").status_code == 200
    binds = [q["sql"] for q in seen.captured_queries if q["sql"].startswith(f"SET {SETTING}")]
    assert binds[0] == f"SET {SETTING} = '{world.alpha.site.pk}'"
    assert binds[-1] == f"SET {SETTING} = ''"
    caseload = [sql for sql in bound_for if "core_participant" in sql]
    assert caseload and all(bound_for[sql] == str(world.alpha.site.pk) for sql in caseload)
    assert _bound() == ""
