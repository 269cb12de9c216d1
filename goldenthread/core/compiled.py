"""Queries whose SQL is built once per database connection and then run with new values.

A read path runs the same ten to twenty ORM queries on every request, and Django builds each
queryset (``filter``, joins, lookups) and compiles it to SQL every time: a quarter to a third of
a page's CPU in the bench (ADR 15). ``Compiled`` builds the queryset once, with stand-in values,
keeps the compiler and its SQL, and from then on only puts the call's values into the kept
parameters and runs the kept SQL; rows become instances (or tuples, or dicts) through the
queryset's own iterable class, select_related and converters included. The SQL text is the same
on every run, so PostgreSQL also keeps it prepared (ADR 14).

A builder must make the same SQL for any values: no branching on them, no ``__in`` lists (their
length is in the SQL), no ``None`` (it becomes ``IS NULL``). Each value must reach the SQL as one
parameter, unchanged: an id, a string compared with ``=``, a date or a time. A call whose values
are of another type than the stand-ins (a ``None``, say) is run by the ORM the plain way. With
``COMPILED_QUERIES_CHECK`` on (the test suite), every call also builds and compiles its queryset
the plain way and fails unless the SQL and the parameters are the same: a builder that breaks
these rules fails its tests.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from decimal import Decimal
from itertools import count
from typing import Any, Generic, TypeVar

import orjson
from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, QuerySet
from django.utils import timezone

from goldenthread.core.lookups import as_json_list

T = TypeVar("T")

# Stand-in values, one per name a builder takes: never stored, never sent to the database.
# Distinct from any constant a query holds, so each is found where it lands among the params.
_SENTINEL_INT = 2_000_000_000
_SENTINELS: dict[type, Callable[[int], Any]] = {
    int: lambda i: _SENTINEL_INT + i,
    str: lambda i: f"\u2063gt-compiled-{i}\u2063",
    date: lambda i: date(1, 1, 1 + i),
    datetime: lambda i: datetime(1, 1, 1 + i, 0, 0, 7, 654321, tzinfo=UTC),
    time: lambda i: time(0, 0, 7, 654321 + i),
    # A list of ids, for ``__any_of`` (core.lookups): one parameter whatever its length.
    list: lambda i: [_SENTINEL_INT + i],
}


class CompiledQueryError(Exception):
    """A builder that ``Compiled`` cannot keep: it breaks the rules in the module's doc."""


class _Unasked:
    """A kept query whose columns ``together`` has not asked the database about yet."""


@dataclass
class _Kept:
    queryset: QuerySet[Any]
    compiler: Any
    sql: str
    params: list[Any]
    # (position in params, name of the value, how the value became that parameter)
    slots: list[tuple[int, str, Callable[[Any], Any]]]
    # The compiler's get_converters, answering for the kept select from what it found once.
    get_converters: Callable[[Any], Any]
    # How ``together`` carries its rows as JSON (``_json_shape``): not asked yet, or None when
    # a column's type cannot be carried.
    json_shape: _JsonShape | _Unasked | None = field(default_factory=_Unasked)


_INT4 = range(-(2**31), 2**31)


def _kind(value: Any) -> type | None:
    """The stand-in type for a value, or None when it cannot have one: a bool, None, or an
    integer outside 32 bits (one too large for its column makes Django's lookup match nothing
    without asking the database; the plain way does that)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int) and value not in _INT4:
        return None
    if isinstance(value, list):
        ok = all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        return list if ok else None
    for kind in (datetime, date, time, int, str):  # datetime before date: it is one
        if isinstance(value, kind):
            return kind
    return None


class Compiled(Generic[T]):
    """``Compiled(lambda participant_id: Goal.objects.filter(...))``; called with the same
    names (``kept(participant_id=7)``), it returns the list the queryset would have.

    Arguments given by position are the query's *shape* (a role, say, whose scope is another
    filter): the builder gets them as they are, and each shape is kept apart. They must be
    hashable and few."""

    _ids = count()

    def __init__(self, build: Callable[..., QuerySet[Any]]) -> None:
        self.build = build
        self.key = next(self._ids)
        self.__doc__ = build.__doc__

    def __call__(self, *shape: Any, using: str = "default", **values: Any) -> list[T]:
        prepared = self._prepare(shape, values, using)
        if prepared is None:
            return list(self.build(*shape, **values))
        return _results(*prepared)

    def bind(self, *shape: Any, **values: Any) -> Call[T]:
        """This query with its shape and values, to be run with others by ``together``."""
        return Call(self, shape, values)

    def _prepare(
        self, shape: tuple[Any, ...], values: dict[str, Any], using: str
    ) -> tuple[_Kept, list[Any]] | None:
        """The kept query for these values and this run's parameters; None when the call is
        to be run the plain way."""
        if not getattr(settings, "COMPILED_QUERIES", True):
            return None
        kinds = tuple((name, _kind(value)) for name, value in sorted(values.items()))
        if any(kind is None for _, kind in kinds):
            return None
        connection = connections[using]
        kept_by_key: dict[Any, _Kept | None] = connection.__dict__.setdefault("_gt_compiled", {})
        # The SQL of a date or time function can hold the active time zone: keyed by it too.
        key = (self.key, kinds, timezone.get_current_timezone_name(), shape)
        if key not in kept_by_key:
            kept_by_key[key] = self._keep(shape, kinds, using)
        kept = kept_by_key[key]
        if kept is None:  # its SQL could not be made (an empty IN, say): the plain way
            return None
        params = list(kept.params)
        for position, name, convert in kept.slots:
            params[position] = convert(values[name])
        if getattr(settings, "COMPILED_QUERIES_CHECK", False):
            self._check(kept, shape, values, params, using)
        return kept, params

    def _keep(
        self, shape: tuple[Any, ...], kinds: tuple[tuple[str, type | None], ...], using: str
    ) -> _Kept | None:
        stand_ins = {
            name: _SENTINELS[kind](i)  # type: ignore[index]
            for i, (name, kind) in enumerate(kinds)
        }
        try:
            queryset = self.build(*shape, **stand_ins).using(using)
        except (TypeError, ValueError):
            # A value that must first become another type (a digit string for an id): the
            # plain way, where Django converts it, or says what is wrong with it.
            return None
        if queryset._prefetch_related_lookups:  # type: ignore[attr-defined]
            raise CompiledQueryError("prefetch_related runs more queries: not kept")
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        params = list(params)
        ops = compiler.connection.ops
        # How a value of each kind may become its parameter: as it is, or adapted by the
        # backend (SQLite takes dates and times as text).
        ways: dict[type, list[Callable[[Any], Any]]] = {
            int: [_as_is],
            str: [_as_is],
            date: [_as_is, ops.adapt_datefield_value, str],
            datetime: [_as_is, ops.adapt_datetimefield_value, str],
            time: [_as_is, ops.adapt_timefield_value, str],
            list: [_as_is, as_json_list],  # as ``__any_of`` sends it (core.lookups)
        }
        slots = []
        for name, kind in kinds:
            stand_in = stand_ins[name]
            found = []
            for position, param in enumerate(params):
                way = next((w for w in ways[kind] if _same(w(stand_in), param)), None)  # type: ignore[index]
                if way is None and kind is int and _same_int(stand_in, param):
                    way = type(param)  # a driver's integer type (psycopg's Int4 in a window filter)
                if way is not None:
                    found.append((position, name, way))
            if not found and kind is list:
                return None  # an ``__in`` list spreads over one placeholder a value: the plain way
            if not found:
                raise CompiledQueryError(
                    f"{name!r} does not reach the SQL as one parameter as it is "
                    f"(a LIKE pattern, a list or an unused name): it cannot be kept"
                )
            slots += found
        # A parameter's text may not hold a stand-in in any other form (a LIKE pattern).
        exact = {v for v in stand_ins.values() if isinstance(v, str)}
        for param in params:
            if isinstance(param, str) and "\u2063gt-compiled-" in param and param not in exact:
                raise CompiledQueryError(f"a value is changed on its way to the SQL: {param!r}")
        return _Kept(queryset, compiler, sql, params, slots, _kept_converters(compiler))

    def _check(
        self,
        kept: _Kept,
        shape: tuple[Any, ...],
        values: dict[str, Any],
        params: list[Any],
        using: str,
    ) -> None:
        plain = self.build(*shape, **values).using(using)
        sql, plain_params = plain.query.get_compiler(using=using).as_sql()
        if sql != kept.sql or list(plain_params) != params:
            raise CompiledQueryError(
                f"{self.build!r} makes other SQL for {values!r} than for its stand-ins:\n"
                f"kept:  {kept.sql} {params!r}\nplain: {sql} {list(plain_params)!r}"
            )


def _results(kept: _Kept, params: list[Any], rows: list[Any] | None = None) -> list[Any]:
    """What the kept queryset gives for ``params``: through its own iterable class, with this
    run's own compiler and view of the queryset (nothing kept is changed, so two threads
    sharing a connection, a test's live server on SQLite, cannot mix values). ``rows``, when
    given, are the rows the database already sent (``together``), not read again."""
    compiler = _shallow_copy(kept.compiler)
    compiler.as_sql = lambda *args, **kwargs: (kept.sql, params)
    compiler.get_converters = kept.get_converters
    if rows is not None:
        compiler.execute_sql = lambda *args, **kwargs: [rows]
    run = _Run(kept.queryset, compiler)
    found: Any = kept.queryset._iterable_class(run)  # type: ignore[attr-defined, arg-type]
    return list(found)


def _shallow_copy(compiler: Any) -> Any:
    """``copy.copy(compiler)``, without the copy module's generic way through ``__reduce_ex__``
    (a compiler defines no ``__copy__``): a new instance of its class with its attributes."""
    copied = object.__new__(compiler.__class__)
    copied.__dict__.update(compiler.__dict__)
    return copied


def site_count(qs: QuerySet[Any]) -> QuerySet[Any]:
    """A count as a queryset of one row, so that it can be kept compiled (``count()`` is not a
    queryset): grouped by ``site_id``, for a queryset whose rows are all of one site. No rows
    give an empty list, not 0: ``sum(kept(...))`` reads either as the count."""
    return qs.order_by().values("site_id").annotate(n=Count("pk")).values_list("n", flat=True)


def site_row(kept: Compiled[T], model: Any, site_id: int) -> T:
    """A site's one row of ``model`` (its settings, say), read by ``kept`` (a kept query of it
    by ``site_id``), or made with the model's defaults when the site has none yet."""
    found = kept(site_id=site_id)
    if found:
        return found[0]
    made, _ = model.objects.get_or_create(site_id=site_id)
    return made  # type: ignore[no-any-return]


def _kept_converters(compiler: Any) -> Callable[[Any], Any]:
    """``compiler.get_converters``, found once for the select every run reads (the rows'
    converters: a decimal's, a time zone's, an encrypted field's ``from_db_value``): Django
    looks them up again at every run, through every column's field. Asked of other
    expressions, it looks them up as Django does."""
    select = [s[0] for s in compiler.select[0 : compiler.col_count]]
    found = compiler.get_converters(select)
    look_up = compiler.get_converters

    def get_converters(expressions: Any) -> Any:
        if len(expressions) == len(select) and all(
            a is b for a, b in zip(expressions, select, strict=True)
        ):
            return found
        return look_up(expressions)

    return get_converters


class _RunQuery:
    """A kept query that answers ``get_compiler`` with one run's compiler."""

    def __init__(self, query: Any, compiler: Any) -> None:
        self._query = query
        self._compiler = compiler

    def get_compiler(self, *args: Any, **kwargs: Any) -> Any:
        return self._compiler

    def __getattr__(self, name: str) -> Any:
        return getattr(self._query, name)


class _Run:
    """What a queryset's iterable class (``ModelIterable``, ``ValuesListIterable``, ...) reads
    of its queryset, for one run of a kept query."""

    def __init__(self, queryset: QuerySet[Any], compiler: Any) -> None:
        self.db = queryset.db
        self.model = queryset.model
        self.query = _RunQuery(queryset.query, compiler)
        self._known_related_objects = queryset._known_related_objects  # type: ignore[attr-defined]
        self._fields = queryset._fields  # type: ignore[attr-defined]


def _as_is(value: Any) -> Any:
    return value


def _same_int(stand_in: int, param: Any) -> bool:
    return isinstance(param, int) and not isinstance(param, bool) and int(param) == stand_in


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


# Kept queries run together ----------------------------------------------------------------


@dataclass(frozen=True)
class Call(Generic[T]):
    """A kept query with one call's shape and values (``Compiled.bind``)."""

    query: Compiled[T]
    shape: tuple[Any, ...]
    values: dict[str, Any]

    def run(self, using: str = "default") -> list[T]:
        return self.query(*self.shape, using=using, **self.values)


# How a column of each PostgreSQL type (by its OID) comes back from JSON as the value psycopg
# gives: (the column's SQL inside json_build_array, with {c} for it; how its JSON value is
# restored, or None when it is the value already). A type not here is not run together.
_AS_IS = "{c}"
_AS_TEXT = "{c}::text"
_JSON_TYPES: dict[int, tuple[str, Callable[[Any], Any] | None]] = {
    16: (_AS_IS, None),  # bool
    21: (_AS_IS, None),  # int2
    23: (_AS_IS, None),  # int4
    20: (_AS_IS, None),  # int8
    25: (_AS_IS, None),  # text
    1043: (_AS_IS, None),  # varchar
    1042: (_AS_IS, None),  # char(n)
    3802: (_AS_TEXT, None),  # jsonb: Django reads it as text (its field decodes it)
    1700: (_AS_TEXT, Decimal),  # numeric: as text, so that no digit is lost on the way
    # float8: JSON holds the shortest text that reads back as the same double (what psycopg
    # reads too), an integral one without its ".0" and an infinity as a string: float() of it.
    701: (_AS_IS, float),
    # Dates and times: JSON holds them as ISO 8601 text whatever the DateStyle. A timestamptz
    # is written in UTC with all six digits of its microseconds, and given back in the tzinfo
    # psycopg gives (``together``).
    1082: (_AS_IS, date.fromisoformat),
    1083: (_AS_IS, time.fromisoformat),
    1114: (_AS_IS, datetime.fromisoformat),
    1184: (
        "to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')",
        datetime.fromisoformat,
    ),
}


@dataclass
class _JsonShape:
    """How one kept query's rows are written as JSON arrays, and read back."""

    columns: str  # the SQL inside json_build_array
    names: str  # the column names of the derived table
    restore: list[tuple[int, Callable[[Any], Any]]]


def _json_shape(kept: _Kept, params: list[Any], connection: Any) -> _JsonShape | None:
    """The kept query's columns as JSON, found once a connection by asking the database for the
    query's columns (no rows); None when a column's type is not one ``_JSON_TYPES`` knows."""
    if not isinstance(kept.json_shape, _Unasked):
        return kept.json_shape
    shape = None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({kept.sql}) AS gt_kept LIMIT 0", params)  # noqa: S608  # nosec B608
        oids = [column.type_code for column in cursor.description or []]
    if oids and all(oid in _JSON_TYPES for oid in oids):
        columns, restore = [], []
        for i, oid in enumerate(oids):
            sql, back = _JSON_TYPES[oid]
            columns.append(sql.format(c=f"gt_kept.c{i}"))
            if back is not None:
                restore.append((i, back))
        names = ", ".join(f"c{i}" for i in range(len(oids)))
        shape = _JsonShape(", ".join(columns), names, restore)
    kept.json_shape = shape
    return shape


def together(*calls: Call[Any], using: str = "default") -> list[list[Any]]:
    """Each call's list, as ``call.run()`` gives it; on PostgreSQL the kept ones in one
    statement, each query's rows gathered as a JSON array (in the query's own order) and read
    back into the values psycopg gives. A statement costs about 0.1 ms of CPU whatever it
    reads (client and server; docs/performance.md): a page of eight small reads pays it once.

    One statement also reads all of them in one snapshot. With ``COMPILED_QUERIES_CHECK`` on
    (the test suite), each query is also run alone and its rows must be the same."""
    connection = connections[using]
    prepared = [call.query._prepare(call.shape, call.values, using) for call in calls]
    results: list[list[Any] | None] = [None] * len(calls)
    parts: list[tuple[int, _Kept, list[Any], _JsonShape]] = []
    if connection.vendor == "postgresql":
        for i, found in enumerate(prepared):
            if found is not None:
                shape = _json_shape(*found, connection)
                if shape is not None:
                    parts.append((i, *found, shape))
    if len(parts) > 1:
        # Only kept SQL (Django's, with placeholders) and column names made here: no value.
        selects = [
            f"(SELECT coalesce(json_agg(json_build_array({shape.columns})), '[]')::text "  # noqa: S608
            f"FROM ({kept.sql}) AS gt_kept({shape.names}))"  # nosec B608
            for _, kept, _, shape in parts
        ]
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(selects), [p for _, _, ps, _ in parts for p in ps])
            texts = cursor.fetchone()
        tz = connection.connection.info.timezone
        for (i, kept, params, shape), text in zip(parts, texts, strict=True):
            rows = orjson.loads(text)
            for row in rows:
                for column, back in shape.restore:
                    if row[column] is not None:
                        row[column] = back(row[column])
                        if back is datetime.fromisoformat and row[column].tzinfo is not None:
                            row[column] = row[column].astimezone(tz)
            if getattr(settings, "COMPILED_QUERIES_CHECK", False):
                _check_together(kept, params, rows, connection)
            results[i] = _results(kept, params, rows)
    for i, call in enumerate(calls):
        if results[i] is None:
            found = prepared[i]
            results[i] = call.run(using) if found is None else _results(*found)
    return results  # type: ignore[return-value]


def _check_together(kept: _Kept, params: list[Any], rows: list[Any], connection: Any) -> None:
    # On the driver's own cursor: a check under test, not one of the page's queries (tests
    # that count a page's queries count what it runs outside the test suite).
    with connection.connection.cursor() as cursor:
        cursor.execute(kept.sql, params)
        alone = [list(row) for row in cursor.fetchall()]
    if alone != rows or [list(map(type, r)) for r in alone] != [list(map(type, r)) for r in rows]:
        raise CompiledQueryError(
            f"run together, {kept.sql} gave other rows than alone:\n"
            f"together: {rows!r}\nalone:    {alone!r}"
        )


# Steps: a query function that a page can run beside others. Written as a generator, it yields
# the kept queries it needs (as ``Call``s), is sent their lists, and returns its result;
# ``gather`` runs several such functions in lock step, so that the queries each asks for first
# go to the database together, then those each asks for second, and so on; ``run_steps`` gives a
# function's result, each round's queries run by ``together``. A function that needs no query
# yields nothing.
Steps = Generator[Sequence[Call[Any]], list[list[Any]], T]


def gather(*steps: Steps[Any]) -> Steps[list[Any]]:
    """The results of ``steps``, in their order: each round asks for what every unfinished one
    asks for next, in one list (``run_steps`` runs it with ``together``)."""
    results: list[Any] = [None] * len(steps)
    sends: dict[int, list[list[Any]] | None] = dict.fromkeys(range(len(steps)))
    while sends:
        asks: dict[int, Sequence[Call[Any]]] = {}
        for i, sent in sends.items():
            try:
                asks[i] = steps[i].send(sent)  # type: ignore[arg-type]  # None starts one
            except StopIteration as stop:
                results[i] = stop.value
        if not asks:
            break
        lists = yield [call for calls in asks.values() for call in calls]
        sends, at = {}, 0
        for i, calls in asks.items():
            sends[i] = lists[at : at + len(calls)]
            at += len(calls)
    return results


def run_steps(steps: Steps[T], using: str = "default") -> T:
    """The result of ``steps``, each round of its queries run together."""
    try:
        calls = next(steps)
        while True:
            calls = steps.send(together(*calls, using=using))
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


def ask(*calls: Call[Any]) -> Steps[list[list[Any]]]:
    """Steps that run ``calls`` (in one round) and give their lists: to ``gather`` a function's
    own queries beside the steps of others."""
    return (yield calls)


def done(value: T) -> Steps[T]:
    """Steps that ask for nothing and give ``value``: a result already known, beside others."""
    return value
    yield  # a generator  # pragma: no cover
