"""Writing audit and access-log links. Called by every action in every area; nothing else
writes these tables."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import connection, models, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from goldenthread.audit.models import AccessEvent, AppendOnly, AuditEvent, ChainHead, ObjectHead
from goldenthread.audit.rules import canonical, link_hash, link_payload
from goldenthread.core.compiled import Compiled

if TYPE_CHECKING:
    from goldenthread.access.actor import Actor

AUDIT_FIELDS = (
    "site_id_ref",
    "user_id",
    "actor_label",
    "role",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "ip",
    "via",
)
ACCESS_FIELDS = (
    "site_id_ref",
    "user_id",
    "actor_label",
    "role",
    "subject_type",
    "subject_id",
    "categories",
    "purpose",
    "path",
    "ip",
    "via",
)


# Read, locked, at every link appended (every write, every sensitive read): kept compiled
# (ADR 15). Only inside the transaction of the append, as SELECT ... FOR UPDATE must be.
_HEAD_LOCKED: Compiled[ChainHead] = Compiled(
    lambda chain: ChainHead.objects.select_for_update().filter(chain=chain)[:1]
)


def _locked_head(chain: str) -> ChainHead:
    """The chain's head, locked until the transaction ends (created on a chain's first link).
    One query when the head exists, which is every time but the first."""
    found = _HEAD_LOCKED(chain=chain)
    head = found[0] if found else None
    if head is None:
        head, created = ChainHead.objects.get_or_create(chain=chain)
        if not created:  # another transaction made it first: wait for it, as above
            head = ChainHead.objects.select_for_update().get(chain=chain)
        # A head this transaction inserted is its own until it commits (the unique chain
        # makes any other insert of it wait), so it needs no second, locking, read.
    return head


def _move_head(head: ChainHead, seq: int, digest: str) -> None:
    """Point the locked head at the chain's new last link: one plain UPDATE of its two
    columns (the ORM's save cost three times the Python, at every link appended)."""
    head.seq, head.hash = seq, digest
    table = connection.ops.quote_name(ChainHead._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(
            f"UPDATE {table} SET seq = %s, hash = %s WHERE id = %s",  # noqa: S608 - our own table  # nosec B608
            [seq, digest, head.pk],
        )


def append_many(
    model: type[AppendOnly],
    chain: str,
    fields: Sequence[str],
    same: Mapping[str, Any],
    varying: Sequence[Mapping[str, Any]],
    *,
    then: Callable[[int], None] | None = None,
) -> int:
    """Append one link per entry of ``varying`` to ``chain``, in one multi-row insert: the
    head is locked once, each link's hash is computed here from the one before (the same
    ``link_hash`` over ``link_payload``, as verify recomputes it), and the head moves to the last.
    ``same`` holds the values every link shares (actor, purpose, path, ...), ``varying`` each
    link's own. Plain values, no model instances. ``then``, when given, is called with the last
    link's position before the transaction ends. Returns the number of links written."""
    if not varying:
        return 0
    if connection.vendor == "postgresql":
        if then is None:
            if _append_in_one_statement(model, chain, fields, same, varying, False):
                return len(varying)
        else:
            with transaction.atomic(savepoint=False):
                last = _append_in_one_statement(model, chain, fields, same, varying, True)
                if last:
                    then(last)
                    return len(varying)
        # No head yet (the chain's first link): the way below makes it.
    meta = model._meta
    own = ["seq", "prev_hash", "hash", *(name for name in fields if name not in same)]
    with transaction.atomic():
        head = _locked_head(chain)
        seq, prev, at = head.seq, head.hash, timezone.now()
        shared = {"chain": chain, "at": at, **same}
        rows = []
        for values in varying:
            seq += 1
            digest = link_hash(prev, link_payload({**same, **values}, fields, seq, at))
            rows.append([seq, prev, digest, *(values[name] for name in own[3:])])
            prev = digest
        _insert_rows(
            model,
            {meta.get_field(name): value for name, value in shared.items()},
            [meta.get_field(name) for name in own],
            rows,
        )
        _move_head(head, seq, prev)
        if then is not None:
            then(seq)
    return len(varying)


# The seq of a link's canonical JSON, where the statement below writes the link's real one. The
# keys after "seq" in sorted order hold plain values (numbers and JSON strings, in which a quote
# is escaped), so its last occurrence is the link's own key, whatever "before" and "after" hold.
_SEQ_KEY = '"seq":'
_SEQ_MARK = -1
_MARKED = f"{_SEQ_KEY}{_SEQ_MARK}"


def split_body(body: str) -> tuple[str, str]:
    """A link's canonical JSON, made with ``seq`` = ``_SEQ_MARK``, as the text before and after
    the seq's value: ``head + str(seq) + tail`` is the canonical JSON of the link at ``seq``."""
    cut = body.rindex(_MARKED)
    return body[: cut + len(_SEQ_KEY)], body[cut + len(_MARKED) :]


def _append_in_one_statement(
    model: type[AppendOnly],
    chain: str,
    fields: Sequence[str],
    same: Mapping[str, Any],
    varying: Sequence[Mapping[str, Any]],
    last_seq: bool,
) -> int:
    """``append_many`` on PostgreSQL in one statement (ADR 20): it locks the chain's head,
    computes each link's hash from the one before (``sha256`` over the same text as
    ``link_hash``: the previous hash, ``|``, the canonical JSON, whose text around the seq is
    made here), inserts the links and moves the head, where the way in Python takes five round
    trips (``BEGIN``, the locked read, the insert, the head's update, ``COMMIT``). Returns the
    number of links written (0 when the chain has no head yet: nothing was written), or, with
    ``last_seq``, the last link's seq."""
    at = timezone.now()
    parts, rows = [], []
    own = [name for name in fields if name not in same]
    for i, values in enumerate(varying, start=1):
        parts.append(split_body(canonical(link_payload({**same, **values}, fields, _SEQ_MARK, at))))
        rows.append({"i": i, **{name: values[name] for name in own}})
    shared = {"chain": chain, "at": at, **same}
    sql = _one_statement_sql(model, tuple(shared), tuple(own), last_seq)
    constants = [_field(model, name).get_db_prep_save(v, connection) for name, v in shared.items()]
    n = len(varying)
    params: list[Any] = [chain, Jsonb(parts), n, n, *constants, json.dumps(rows, default=str)]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        if last_seq:
            return max((int(seq) for (seq,) in cur.fetchall()), default=0)
        return int(cur.rowcount)


def _field(model: type[models.Model], name: str) -> Any:
    """A concrete field by its name or its column's (``user_id``)."""
    return model._meta.get_field(name)


@cache
def _one_statement_sql(
    model: type[AppendOnly], shared: tuple[str, ...], own: tuple[str, ...], last_seq: bool
) -> str:
    qn = connection.ops.quote_name
    table, head_table = qn(model._meta.db_table), qn(ChainHead._meta.db_table)
    own_fields = [_field(model, name) for name in own]
    record = ", ".join(
        ["i integer", *(f"{qn(f.column)} {f.db_type(connection)}" for f in own_fields)]
    )
    columns = ", ".join(
        [
            *(qn(_field(model, name).column) for name in shared),
            "seq",
            "prev_hash",
            "hash",
            *(qn(f.column) for f in own_fields),
        ]
    )
    picked = ", ".join(
        [
            *(["%s"] * len(shared)),
            "links.seq",
            "links.prev",
            "links.hash",
            *(f"x.{qn(f.column)}" for f in own_fields),
        ]
    )
    return (
        "WITH RECURSIVE old AS ("  # noqa: S608 - our own tables  # nosec B608
        f"SELECT id, seq, hash FROM {head_table} WHERE chain = %s FOR UPDATE), "
        "given AS (SELECT %s::jsonb AS parts), "
        "links (i, seq, hash, prev) AS ("
        "SELECT 0, seq, hash::text, NULL::text FROM old UNION ALL "
        "SELECT i + 1, seq + 1, encode(sha256(convert_to("
        "hash || '|' || (parts -> i ->> 0) || (seq + 1)::text || (parts -> i ->> 1), "
        "'UTF8')), 'hex'), hash FROM links, given WHERE i < %s), "
        f"moved AS (UPDATE {head_table} AS h SET seq = links.seq, hash = links.hash "
        "FROM old, links WHERE h.id = old.id AND links.i = %s RETURNING h.seq) "
        f"INSERT INTO {table} ({columns}) SELECT {picked} "
        f"FROM links JOIN json_to_recordset(%s) AS x({record}) ON x.i = links.i"
        + (" RETURNING seq" if last_seq else "")
    )


def _insert_rows(
    model: type[models.Model], shared: Mapping[Any, Any], own: Sequence[Any], rows: list[list[Any]]
) -> None:
    """One ``INSERT`` of ``rows``: ``shared`` (field → value) is the same in every row, ``own``
    the fields each row gives, in order. No ids are read back. On PostgreSQL the rows travel as
    one JSON parameter (``json_to_recordset``): the client quotes one string instead of a few
    thousand parameters. Elsewhere a multi-row ``VALUES`` (in as many statements as the
    database's cap on parameters needs: SQLite's)."""
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in [*shared, *own])
    table = qn(model._meta.db_table)
    constants = [f.get_db_prep_save(v, connection) for f, v in shared.items()]
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            record = ", ".join(f"{qn(f.column)} {f.db_type(connection)}" for f in own)
            picked = ", ".join(f"x.{qn(f.column)}" for f in own)
            sql = (
                f"INSERT INTO {table} ({columns}) "  # noqa: S608 - our own table  # nosec B608
                f"SELECT {', '.join(['%s'] * len(shared))}, {picked} "
                f"FROM json_to_recordset(%s) AS x({record})"
            )
            payload = [{f.column: v for f, v in zip(own, row, strict=True)} for row in rows]
            cur.execute(sql, [*constants, json.dumps(payload, default=str)])
            return
        json_cache: dict[str, Any] = {}

        def prep(field: Any, value: Any) -> Any:
            if not isinstance(field, models.JSONField):
                return field.get_db_prep_save(value, connection)
            key = json.dumps(value, sort_keys=True, default=str)  # each distinct value once
            if key not in json_cache:
                json_cache[key] = field.get_db_prep_save(value, connection)
            return json_cache[key]

        width = len(shared) + len(own)
        cap = connection.features.max_query_params
        size = max(1, cap // width) if cap else len(rows)
        per_row = "(" + ", ".join(["%s"] * width) + ")"
        head = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608 - our own table  # nosec B608
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            params = []
            for row in batch:
                params += constants
                params += [prep(f, v) for f, v in zip(own, row, strict=True)]
            cur.execute(head + ", ".join([per_row] * len(batch)), params)


def _jsonable(values: Mapping[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (values or {}).items():
        if isinstance(value, models.Model):
            out[key] = value.pk
        elif value is None or isinstance(value, (bool, int, float, str, list, dict)):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    site_id: int | None = None,
    user: Any = None,
    ip: str | None = None,
) -> None:
    """Append one audit event: who did ``action`` to ``obj``, and the values old → new. By
    the same chained insert as a list's access links (``append_many``), not a model save."""
    if actor is not None:
        site_id, user, ip = actor.site_id, actor.user, actor.ip
    object_type = obj._meta.label_lower if obj is not None else ""
    values = {
        "site_id_ref": site_id,
        "user_id": user.pk if getattr(user, "pk", None) else None,
        "actor_label": str(user or "") if user is not None else "system",
        "role": str(actor.role) if actor is not None else "",
        "action": action,
        "object_type": object_type,
        "object_id": str(obj.pk) if obj is not None else "",
        "before": _jsonable(before),
        "after": _jsonable(after),
        "ip": ip or "",
        "via": actor.via if actor is not None else "",
    }
    chain = f"audit:{site_id or 'global'}"
    append_many(
        AuditEvent,
        chain,
        AUDIT_FIELDS,
        values,
        [{}],
        then=lambda seq: _move_object_head(chain, object_type, seq),
    )


def _move_object_head(chain: str, object_type: str, seq: int) -> None:
    """Point the chain's head for ``object_type`` at ``seq``: one upsert, under the chain's
    lock (``ObjectHead``)."""
    table = connection.ops.quote_name(ObjectHead._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(
            f"INSERT INTO {table} (chain, object_type, seq) VALUES (%s, %s, %s) "  # noqa: S608 - our own table  # nosec B608
            "ON CONFLICT (chain, object_type) DO UPDATE SET seq = excluded.seq",
            [chain, object_type, seq],
        )


def access_record(
    *,
    actor: Actor,
    subject: models.Model,
    categories: Iterable[str],
    purpose: str = "",
    path: str = "",
) -> None:
    """Append one access-log link for a read of sensitive categories about ``subject``."""
    access_record_keys(
        actor=actor,
        reads=[(subject._meta.model_name or "", subject.pk, categories)],
        purpose=purpose,
        path=path,
    )


def access_record_many(
    *,
    actor: Actor,
    reads: Iterable[tuple[models.Model, Iterable[str]]],
    purpose: str = "",
    path: str = "",
) -> int:
    """Append one access-log link per (subject, categories) read, all in one insert: for a
    page that shows many participants at once (an OWG roster, a worklist), so the log costs a
    fixed number of queries, not one per participant. Each subject once, in the order given.
    Returns the number of links written."""
    return access_record_keys(
        actor=actor,
        reads=((subject._meta.model_name or "", subject.pk, cats) for subject, cats in reads),
        purpose=purpose,
        path=path,
    )


def access_record_keys(
    *,
    actor: Actor,
    reads: Iterable[tuple[str, Any, Iterable[str]]],
    purpose: str = "",
    path: str = "",
) -> int:
    """``access_record_many`` for lists read as plain rows, without model instances: each
    subject is named by its model's name (``"participant"``, ``"person"``) and its id."""
    return access_record_lists(actor=actor, lists=[(purpose, reads)], path=path)


def access_record_lists(
    *,
    actor: Actor,
    lists: Iterable[tuple[str, Iterable[tuple[str, Any, Iterable[str]]]]],
    path: str = "",
) -> int:
    """``access_record_keys`` for a page that shows several lists, each with its own purpose
    (the legal worklist's cases and the disclosures it received): every list's links in one
    insert, in the order given, each subject once within its list. Returns the number of links
    written."""
    seen: set[tuple[str, str, str]] = set()
    varying = []
    purposes = set()
    for purpose, reads in lists:
        for model_name, pk, cats in reads:
            key = (purpose, model_name, str(pk))
            if key not in seen:
                seen.add(key)
                purposes.add(purpose)
                varying.append(
                    {
                        "purpose": purpose,
                        "subject_type": key[1],
                        "subject_id": key[2],
                        "categories": sorted(str(c) for c in cats),
                    }
                )
    same = {
        "site_id_ref": actor.site_id,
        "user_id": actor.user.pk,
        "actor_label": str(actor.user),
        "role": str(actor.role),
        "path": path[:300],
        "ip": actor.ip or "",
        "via": actor.via,
    }
    if len(purposes) == 1:  # one purpose: written once, as a value every link shares
        same["purpose"] = purposes.pop()
        for values in varying:
            del values["purpose"]
    return append_many(AccessEvent, f"access:{actor.site_id}", ACCESS_FIELDS, same, varying)
