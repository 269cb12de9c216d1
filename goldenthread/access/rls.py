"""PostgreSQL row-level security: tenancy as defence in depth.

Every table with a ``site_id`` column gets a policy that shows only the rows of the site named
by the session setting ``goldenthread.site_id``. The app sets it for each request from the
actor (``bind_site``) and unsets it when the request has finished (``release``); when it is
unset (migrations, commands) the policy lets every row through, so the application's own
filtering stays the first line. Superusers and table owners
bypass RLS in PostgreSQL; a deployment runs the app as a separate role (docs/deploy.md).
"""

from __future__ import annotations

from typing import Any, cast

from django.apps import apps
from django.db import connection

SETTING = "goldenthread.site_id"
POLICY = "goldenthread_site_isolation"
# Set on the connection wrapper while a site is (or may be) bound on its connection.
_BOUND = "goldenthread_site_bound"


def site_tables() -> list[str]:
    tables = []
    for model in apps.get_models(include_auto_created=True):
        fields = {f.column for f in model._meta.concrete_fields}
        if "site_id" in fields and not model._meta.proxy and model._meta.managed:
            tables.append(model._meta.db_table)
    return sorted(set(tables))


def install(using: Any = None, **kwargs: Any) -> None:
    """Enable RLS and (re)create the isolation policy on every site-scoped table."""
    if connection.vendor != "postgresql":
        return
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cur:
        for table in site_tables():
            if table not in existing:
                continue
            q = connection.ops.quote_name(table)
            cur.execute(f"ALTER TABLE {q} ENABLE ROW LEVEL SECURITY")
            cur.execute(f"DROP POLICY IF EXISTS {POLICY} ON {q}")
            cur.execute(
                f"CREATE POLICY {POLICY} ON {q} USING ("
                f"coalesce(current_setting('{SETTING}', true), '') = '' "
                f"OR site_id = nullif(current_setting('{SETTING}', true), '')::bigint)"
            )


def bind_site(site_id: int | None) -> None:
    """Name the site whose rows this connection may see (None: unset)."""
    if connection.vendor != "postgresql":
        return
    # One SET, not a cursor's statement: the backend's set_setting (core/postgresql).
    cast(Any, connection).set_setting(SETTING, "" if site_id is None else str(int(site_id)))
    setattr(connection, _BOUND, site_id is not None)


def release(**kwargs: Any) -> None:
    """``request_finished``: unset the site on a connection that outlives the request
    (persistent connections, the test client), so the next request starts unbound. It runs
    after Django's ``close_old_connections``: a connection closed at the end of the request
    takes its setting with it, and costs no statement."""
    if connection.vendor != "postgresql" or not getattr(connection, _BOUND, False):
        return
    if connection.connection is None:
        setattr(connection, _BOUND, False)
        return
    bind_site(None)
