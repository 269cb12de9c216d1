"""Reading the audit trail: chain verification, and the access log for a participant."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring_ascii  # type: ignore[attr-defined]
from typing import Any

from django.apps import apps
from django.db import connection, connections, transaction
from django.db.models import CharField, IntegerField, JSONField, Max, TextField

from goldenthread.access.actor import Actor
from goldenthread.audit.actions import ACCESS_FIELDS, AUDIT_FIELDS
from goldenthread.audit.models import AccessEvent, AppendOnly, AuditEvent, ChainHead, ObjectHead
from goldenthread.audit.rules import (
    Break,
    CanonicalJson,
    Link,
    Span,
    body_template,
    canonical,
    check_span,
    join_spans,
    link_payload,
    payload_keys,
)
from goldenthread.core.compiled import Compiled, Steps

# Rows fetched at a time by a verify (a server-side cursor on PostgreSQL): memory stays flat.
VERIFY_CHUNK = 5000
# A chain this long or longer is checked in stretches by parallel processes: two a core (each
# waits for its database process while that writes the next rows), at most this many.
VERIFY_PARALLEL_FROM = 200_000
VERIFY_WORKERS = 4
Seqs = tuple[int, int] | None


@dataclass(frozen=True)
class ChainReport:
    chain: str
    links: int
    broken: Break | None


def _links(
    model: type[AppendOnly], chain: str, fields: tuple[str, ...], seqs: Seqs = None
) -> Iterator[Link]:
    """The chain's links in order (those with ``seq`` in ``seqs``, both ends included, when
    given), streamed. Plain tuples, not model instances: building an instance per row was most
    of the time of a verify over millions of links."""
    if connection.vendor == "postgresql":
        yield from _links_postgresql(model, chain, fields, seqs)
    else:
        yield from _links_generic(model, chain, fields, seqs)


def _links_generic(
    model: type[AppendOnly], chain: str, fields: tuple[str, ...], seqs: Seqs = None
) -> Iterator[Link]:
    """The links read by the ORM, each payload built and encoded as it was when written."""
    columns = ("seq", "prev_hash", "hash", "at", *fields)
    rows = (
        model.objects.filter(chain=chain, **({"seq__range": seqs} if seqs else {}))
        .order_by("seq")
        .values_list(*columns)
        .iterator(chunk_size=VERIFY_CHUNK)
    )
    for seq, prev_hash, hash_, at, *values in rows:
        payload = link_payload(dict(zip(fields, values, strict=True)), fields, seq, at)
        yield Link(seq, prev_hash, hash_, canonical(payload))


def chains_verify() -> list[ChainReport]:
    """Re-compute every chain from its first link. Reads everything; run it off-peak."""
    reports = []
    heads = {head.chain: head for head in ChainHead.objects.all()}
    for model, prefix, fields in (
        (AuditEvent, "audit:", AUDIT_FIELDS),
        (AccessEvent, "access:", ACCESS_FIELDS),
    ):
        # No ordering: the model's adds its column to the DISTINCT, which then returned a row
        # per link (10,000,000 of them into memory: 1.9 GB) instead of one per chain.
        names = set(model.objects.order_by().values_list("chain", flat=True).distinct())
        names |= {name for name in heads if name.startswith(prefix)}
        for name in sorted(names):
            head = heads.get(name) or ChainHead(chain=name)
            spans = _spans(model, name, fields, head.seq)
            broken = join_spans(spans, head_seq=head.seq, head_hash=head.hash)
            reports.append(ChainReport(name, head.seq, broken))
    return reports


def _spans(model: type[AppendOnly], chain: str, fields: tuple[str, ...], head: int) -> list[Span]:
    """The chain checked in one pass, or, when it is long, in stretches by two processes a core
    (``VERIFY_WORKERS`` at most; each link's check needs only the link before it; ``join_spans``
    checks where the stretches meet). Forked processes open their own connections, so this is
    only done on PostgreSQL and outside a transaction, where they see what this process sees."""
    last = model.objects.filter(chain=chain).aggregate(top=Max("seq"))["top"] or 0
    top = max(last, head)
    workers = min(2 * (os.cpu_count() or 1), VERIFY_WORKERS)
    alone = connection.vendor != "postgresql" or connection.in_atomic_block
    if top < VERIFY_PARALLEL_FROM or workers < 2 or alone:
        return [check_span(_links(model, chain, fields))]
    step = -(-top // workers)
    ranges = [(lo, min(lo + step - 1, top)) for lo in range(1, top + 1, step)]
    connections.close_all()  # a forked child must not share this process's connection
    context = multiprocessing.get_context("fork")
    with context.Pool(len(ranges)) as pool:
        return pool.starmap(_span_of, [(model._meta.label, chain, fields, r) for r in ranges])


def _span_of(label: str, chain: str, fields: tuple[str, ...], seqs: tuple[int, int]) -> Span:
    """In a forked worker: check one stretch of a chain, on the worker's own connection."""
    try:
        model = apps.get_model(label)
        return check_span(_links(model, chain, fields, seqs))
    finally:
        connections.close_all()


_OBJECT_HEADS: Compiled[tuple[str, int]] = Compiled(
    lambda chain: ObjectHead.objects.filter(chain=chain).values_list("object_type", "seq")
)


def object_versions(site_id: int) -> dict[str, int]:
    """For each kind of object written at the site (``AuditEvent.object_type``; "" for events
    about no object), the position in the site's audit chain of the last event about it
    (``ObjectHead``): it moves in the transaction of every write of that kind, so a value kept
    for the kinds it was read from is good while their positions are the same. One indexed
    read of a few dozen rows."""
    return dict(_OBJECT_HEADS(chain=f"audit:{site_id}"))


def object_versions_steps(site_id: int) -> Steps[dict[str, int]]:
    """``object_versions`` as steps (core.compiled): its kept query beside others."""
    (heads,) = yield (_OBJECT_HEADS.bind(chain=f"audit:{site_id}"),)
    return dict(heads)


def audit_events_for(actor: Actor, *, limit: int = 200) -> list[AuditEvent]:
    actor.require("audit.view")
    return list(AuditEvent.objects.filter(site_id_ref=actor.site_id).order_by("-at")[:limit])


def _links_postgresql(
    model: type[AppendOnly], chain: str, fields: tuple[str, ...], seqs: Seqs
) -> Iterator[Link]:
    """The same links, read by a server-side cursor of the driver itself, each link's
    canonical JSON filled into one template (``body_template``) with C-level calls only:
    integer columns come as their JSON text from the database (``coalesce(col::text,
    'null')``: a bigint's text is its ``repr``), text columns are escaped by the encoder's own
    C function, JSON columns are re-encoded once per distinct text (``CanonicalJson``). This is
    what ``canonical(link_payload(...))`` writes, at a quarter of its cost a link. The link's
    time comes as its ``isoformat()`` text, written by the database (``_isoformat_sql``):
    about a fifth less of verify's CPU than loading a datetime and formatting it here. A table
    with a column of another kind is read the generic way."""
    meta = model._meta
    kinds = {name: _kind(meta.get_field(name)) for name in fields}
    if None in kinds.values():
        yield from _links_generic(model, chain, fields, seqs)
        return
    jsons, ints, texts = ([n for n in fields if kinds[n] == k] for k in ("json", "int", "str"))
    template = body_template(payload_keys(fields), ("at", "seq", *jsons, *ints, *texts))
    quote = connection.ops.quote_name
    # The attnames are the columns (no field of these tables renames its column).
    columns = ", ".join(
        [
            *(quote(name) for name in ("seq", "prev_hash", "hash")),
            _isoformat_sql(quote("at")),
            *(quote(name) for name in jsons),
            *(f"coalesce({quote(name)}::text, 'null')" for name in ints),
            *(quote(name) for name in texts),
        ]
    )
    where = "chain = %s AND seq BETWEEN %s AND %s" if seqs else "chain = %s"
    sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where} ORDER BY seq"  # noqa: S608  # nosec B608
    fill, escape, canon = template.format, encode_basestring_ascii, CanonicalJson().__getitem__
    ends_json, ends_int = 4 + len(jsons), 4 + len(jsons) + len(ints)
    connection.ensure_connection()
    with transaction.atomic(), connection.connection.cursor(name="audit_verify") as cursor:
        cursor.itersize = VERIFY_CHUNK
        cursor.execute(sql, [chain, *(seqs or ())])
        # fetchmany: iterating the cursor itself costs a Python-level call a row.
        while rows := cursor.fetchmany(VERIFY_CHUNK):
            for row in rows:
                body = fill(
                    row[3],
                    row[0],
                    *map(canon, row[4:ends_json]),
                    *row[ends_json:ends_int],
                    *map(escape, row[ends_int:]),
                )
                yield Link(row[0], row[1], row[2], body)


def _isoformat_sql(column: str) -> str:
    """SQL that writes a timestamp as Python's ``isoformat()`` of it in UTC: the microseconds
    only when there are any. Cheaper in the database than loading a datetime and formatting
    it in Python, a link at a time."""
    return (
        f"to_char({column} AT TIME ZONE 'UTC', CASE WHEN date_trunc('second', {column}) = "
        f"""{column} THEN 'YYYY-MM-DD"T"HH24:MI:SS+00:00' """
        """ELSE 'YYYY-MM-DD"T"HH24:MI:SS.US+00:00' END)"""
    )


def _kind(field: Any) -> str | None:
    """How verify reads a content column on PostgreSQL: as JSON, as an integer's text, as a
    string to escape (never null), or (None) not by the fast path."""
    if isinstance(field, JSONField):
        return "json"
    if isinstance(field.target_field if field.is_relation else field, IntegerField):
        return "int"  # every integer field, the auto and positive ones too, is an IntegerField
    if isinstance(field, CharField | TextField) and not field.null:
        return "str"
    return None
