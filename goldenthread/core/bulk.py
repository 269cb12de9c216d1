"""Bulk loading for the synthetic data set: rows as plain values, loaded with PostgreSQL's
``COPY`` where the database is PostgreSQL, and with ``bulk_create`` elsewhere (SQLite, in tests).

``bulk_create`` spends most of its time building model instances and preparing each value
through its field (about 0.2 ms a row for contacts, encryption included); ``COPY`` of plain
tuples skips both. Rows here are leaf rows: their keys are not read back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.utils import timezone

from goldenthread.core.crypto import EncryptedTextField, KeyedHashField, encrypt, identifier_hash

BATCH = 2000


@dataclass(frozen=True)
class Ciphertext:
    """A value for an encrypted column, encrypted once by the caller and reused (synthetic rows
    repeat a few stock notes; encrypting each copy would dominate the build). ``COPY`` writes
    ``token``; ``bulk_create`` gets ``plain`` and encrypts it as usual."""

    plain: str
    token: str

    @classmethod
    def of(cls, plain: str) -> Ciphertext:
        return cls(plain, encrypt(plain))


def uses_copy() -> bool:
    return connection.vendor == "postgresql"


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.plain if isinstance(v, Ciphertext) else v for k, v in row.items()}


def insert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
    """Insert ``rows`` (field attname → Python value) into ``model``'s table; returns the count.
    Fields a row leaves out take their default; ``auto_now``/``auto_now_add`` fields take the
    time of the call; a keyed-hash field is computed from its source; an encrypted field is
    encrypted (or written as given when it is a ``Ciphertext``)."""
    if not uses_copy():
        count, batch = 0, []
        for row in rows:
            batch.append(model(**_plain(row)))
            if len(batch) >= BATCH:
                model._default_manager.bulk_create(batch)
                count, batch = count + len(batch), []
        model._default_manager.bulk_create(batch)
        return count + len(batch)

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    makers = [_maker(f, now) for f in fields]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([make(row) for make in makers])
            count += 1
    return count


def _maker(field: models.Field, now: Any) -> Any:
    """A function of the row giving ``field``'s database value."""
    name = field.attname
    if isinstance(field, KeyedHashField):
        source = field.source
        return lambda row: identifier_hash(row[source]) if row.get(source) else ""
    if isinstance(field, EncryptedTextField):

        def encrypted(row: dict[str, Any]) -> Any:
            value = row.get(name, field.get_default())
            if isinstance(value, Ciphertext):
                return value.token
            return field.get_db_prep_save(value, connection)

        return encrypted
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return lambda row: row.get(name, now)
    default = field.get_db_prep_save(field.get_default(), connection)
    return lambda row: row.get(name, default)
