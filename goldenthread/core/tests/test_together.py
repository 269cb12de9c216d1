"""Kept queries run together (``core.compiled.together``) give each what it gives alone, in its
own order and with the same types, in one statement on PostgreSQL; elsewhere, or for a query
whose columns it cannot carry, each runs alone."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import (
    BooleanField,
    DateField,
    DateTimeField,
    DecimalField,
    ExpressionWrapper,
    FloatField,
    JSONField,
    Q,
    TextField,
    TimeField,
    Value,
)
from django.db.models.functions import Cast
from django.test.utils import CaptureQueriesContext, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldenthread.core.compiled import Compiled, CompiledQueryError, together
from goldenthread.core.models import Participant, Person

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="one statement is PostgreSQL's JSON"
)

# One row of a value of each type a page reads, each from the call's values.
TYPES: Compiled[tuple] = Compiled(
    lambda pk, text, on, at, clock, amount, doc, ratio: Person.objects.filter(pk=pk).values_list(
        "pk",
        Value(text, output_field=TextField()),
        Value(on, output_field=DateField()),
        Value(at, output_field=DateTimeField()),
        Value(clock, output_field=TimeField()),
        Cast(
            Value(amount, output_field=TextField()), DecimalField(max_digits=30, decimal_places=8)
        ),
        Cast(Value(doc, output_field=TextField()), JSONField()),
        ExpressionWrapper(Q(pk=pk), output_field=BooleanField()),
        Cast(Value(ratio, output_field=TextField()), FloatField()),
    )
)
PEOPLE: Compiled[Person] = Compiled(
    lambda site_id: Person.objects.filter(site_id=site_id).order_by("-last_name", "pk")
)
WITH_PERSON: Compiled[Participant] = Compiled(
    lambda site_id: (
        Participant.objects.filter(site_id=site_id)
        .select_related("person", "case_manager")
        .order_by("-enrolled_on", "pk")[:3]
    )
)
NOTHING: Compiled[int] = Compiled(
    lambda site_id: Person.objects.filter(site_id=site_id, pk__lt=0).values_list("pk", flat=True)
)


def _people(world, n: int = 5):  # type: ignore[no-untyped-def]
    return [
        world.participant(
            first_name=f"P{i}",
            last_name=f"L{i % 3}",
            enrolled_on=date(2026, 1, 1) + timedelta(days=i),
        )
        for i in range(n)
    ]


def _as_rows(found):  # type: ignore[no-untyped-def]
    """Instances compared by every field, select_related ones included, not by pk alone."""
    out = []
    for item in found:
        if isinstance(item, Participant):
            out.append((vars(item).copy(), vars(item.person).copy(), item.case_manager_id))
        elif isinstance(item, Person):
            out.append(vars(item).copy())
        else:
            out.append(item)
    for row in out:
        for d in row if isinstance(row, tuple) else (row,):
            if isinstance(d, dict):
                d.pop("_state", None)
                d.pop("_prefetched_objects_cache", None)
    return out


def test_together_gives_what_each_gives_alone(world):
    made = _people(world)
    site = made[0].site_id
    calls = [PEOPLE.bind(site_id=site), WITH_PERSON.bind(site_id=site), NOTHING.bind(site_id=site)]
    alone = [call.run() for call in calls]
    found = together(*calls)
    assert [_as_rows(f) for f in found] == [_as_rows(a) for a in alone]
    assert [p.last_name for p in found[0]] == sorted(
        (p.person.last_name for p in made), reverse=True
    )
    assert found[2] == []


@on_postgresql
def test_on_postgresql_they_are_one_statement(world):
    site = _people(world)[0].site_id
    calls = [PEOPLE.bind(site_id=site), WITH_PERSON.bind(site_id=site), NOTHING.bind(site_id=site)]
    together(*calls)  # the columns' types are asked once a connection
    with override_settings(COMPILED_QUERIES_CHECK=False), CaptureQueriesContext(connection) as ctx:
        together(*calls)
    assert len(ctx.captured_queries) == 1
    assert "json_agg" in ctx.captured_queries[0]["sql"]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="elsewhere each runs alone")
def test_elsewhere_each_runs_alone(world):
    site = _people(world)[0].site_id
    calls = [PEOPLE.bind(site_id=site), NOTHING.bind(site_id=site)]
    together(*calls)
    with CaptureQueriesContext(connection) as ctx:
        found = together(*calls)
    assert len(ctx.captured_queries) == 2
    assert [_as_rows(f) for f in found] == [_as_rows(c.run()) for c in calls]


@on_postgresql
def test_a_query_with_a_type_it_cannot_carry_runs_alone(world):
    site = _people(world)[0].site_id
    intervals: Compiled[tuple] = Compiled(
        lambda site_id: (
            Person.objects.filter(site_id=site_id)
            .order_by("pk")
            .values_list("pk", Value(timedelta(days=1)))
        )
    )
    together(PEOPLE.bind(site_id=site), intervals.bind(site_id=site), NOTHING.bind(site_id=site))
    with override_settings(COMPILED_QUERIES_CHECK=False), CaptureQueriesContext(connection) as ctx:
        found = together(
            PEOPLE.bind(site_id=site), intervals.bind(site_id=site), NOTHING.bind(site_id=site)
        )
    assert len(ctx.captured_queries) == 2  # the interval's query alone, the others together
    assert found[1] == intervals(site_id=site)
    assert found[1][0][1] == timedelta(days=1)


texts = st.text(st.characters(codec="utf-8", blacklist_characters="\x00"))
zones = st.sampled_from(["UTC", "America/Los_Angeles", "Pacific/Kiritimati", "Asia/Kolkata"])
moments = st.builds(
    lambda naive, zone: naive.replace(tzinfo=ZoneInfo(zone)),
    st.datetimes(min_value=datetime(1000, 1, 2), max_value=datetime(9999, 12, 30)),
    zones,
)
amounts = st.decimals(
    min_value=Decimal("-1e21"), max_value=Decimal("1e21"), places=8, allow_nan=False
)
docs = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=6,
)


@on_postgresql
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=texts,
    on=st.dates(min_value=date(1000, 1, 1)),
    at=moments,
    clock=st.times(),
    amount=amounts,
    doc=docs,
    ratio=st.floats(allow_nan=False) | st.integers(-(2**60), 2**60).map(float),
)
def test_each_type_comes_back_as_psycopg_gives_it(world, text, on, at, clock, amount, doc, ratio):
    """Text of any characters PostgreSQL holds, dates, times, timestamps in any zone, decimals
    to eight places, JSON documents and doubles (integral and infinite ones too): the same
    values, of the same types, as alone."""
    pk = Person.objects.values_list("pk", flat=True).first() or _people(world, 1)[0].person_id
    values = dict(
        pk=pk,
        text=text,
        on=on,
        at=at,
        clock=clock,
        amount=str(amount),
        doc=json.dumps(doc),
        ratio=repr(ratio),
    )
    with override_settings(COMPILED_QUERIES_CHECK=False):
        found, _ = together(TYPES.bind(**values), NOTHING.bind(site_id=0))
    alone = TYPES(**values)
    assert found == alone
    assert [type(v) for v in found[0]] == [type(v) for v in alone[0]]
    row = found[0]
    assert row[1] == text
    assert row[2] == on
    assert row[3] == at and row[3].utcoffset() == timedelta(0)
    assert row[4] == clock
    assert row[5] == amount
    assert row[6] == doc
    assert row[7] is True
    assert row[8] == ratio


@on_postgresql
def test_under_test_rows_that_differ_from_alone_fail(world, monkeypatch):
    """With ``COMPILED_QUERIES_CHECK`` on, each query is also run alone; a difference (here the
    JSON's order, reversed) fails."""
    site = _people(world)[0].site_id
    real = __import__("orjson").loads
    monkeypatch.setattr("goldenthread.core.compiled.orjson.loads", lambda t: real(t)[::-1])
    with override_settings(COMPILED_QUERIES_CHECK=True), pytest.raises(CompiledQueryError):
        together(PEOPLE.bind(site_id=site), NOTHING.bind(site_id=site))


def test_a_call_of_a_value_it_cannot_keep_runs_the_plain_way(world):
    made = _people(world, 2)
    site = made[0].site_id
    found = together(PEOPLE.bind(site_id=site), PEOPLE.bind(site_id=None))
    assert _as_rows(found[0]) == _as_rows(PEOPLE(site_id=site))
    assert found[1] == []
