"""``id__any_of=[...]``: a column equal to any of a list of integers, sent as one parameter.

Django's ``__in`` writes one placeholder per value, so the SQL's text changes with the list's
length and a kept query (``core.compiled``, ADR 15) cannot hold it. ``any_of`` writes
``col = ANY(%s)`` with the list as one array parameter on PostgreSQL, and
``col IN (SELECT value FROM json_each(%s))`` with the list as one JSON text on SQLite: the same
SQL for any list, an empty one included (it matches nothing).
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.db.models import Lookup


def as_json_list(ids: Any) -> str:
    """The list of ids as ``any_of`` sends it to SQLite: one JSON text."""
    return json.dumps([int(v) for v in ids])


class AnyOf(Lookup):  # type: ignore[type-arg]
    lookup_name = "any_of"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> Any:
        if connection.vendor == "postgresql":
            return ("%s", [[int(v) for v in value]])
        return ("%s", [as_json_list(value)])

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY({rhs}::bigint[])", [*lhs_params, *rhs_params]
        sql = f"{lhs} IN (SELECT value FROM json_each({rhs}))"  # noqa: S608 - our own SQL  # nosec B608
        return sql, [*lhs_params, *rhs_params]


def register() -> None:
    for field in (models.IntegerField, models.BigIntegerField, models.AutoField, models.ForeignKey):
        field.register_lookup(AnyOf)
