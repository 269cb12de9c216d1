"""The API's JSON (core.renderers): what orjson writes parses to what ninja's own renderer
wrote, for every kind of value the API's schemas give and the edge cases around them."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils.functional import lazy
from hypothesis import given
from hypothesis import strategies as st
from ninja.renderers import JSONRenderer

from goldenthread.core.renderers import FastJSONRenderer
from goldenthread.core.roles import Role

FAST = FastJSONRenderer()
NINJAS = JSONRenderer()


def _both(data: object) -> tuple[object, object]:
    fast = FAST.render(None, data, response_status=200)  # type: ignore[arg-type]
    ninjas = NINJAS.render(None, data, response_status=200)  # type: ignore[arg-type]
    return json.loads(fast), json.loads(ninjas)


_UTC = datetime.UTC
_zones = st.sampled_from([None, _UTC, datetime.timezone(datetime.timedelta(hours=-8))])
_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
    st.dates(),
    st.datetimes(timezones=_zones),
    st.times(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.uuids(),
)
_values = st.recursive(
    _leaves,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5)
    ),
    max_leaves=30,
)


@given(_values)
def test_every_value_parses_as_ninjas_own_json(data):  # type: ignore[no-untyped-def]
    fast, ninjas = _both(data)
    assert fast == ninjas


@pytest.mark.parametrize(
    "value, written",
    [
        (datetime.date(2026, 11, 30), "2026-11-30"),
        (
            datetime.datetime(2026, 11, 30, 20, 5, 1, 123456, tzinfo=_UTC),
            "2026-11-30T20:05:01.123Z",
        ),
        (datetime.datetime(2026, 11, 30, 20, 5, 1), "2026-11-30T20:05:01"),
        (datetime.time(9, 30, 0, 500000), "09:30:00.500"),
        (Decimal("12.50"), "12.50"),
        (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        (lazy(lambda: "later", str)(), "later"),
    ],
)
def test_dates_times_decimals_and_lazy_text_are_written_as_django_writes_them(value, written):  # type: ignore[no-untyped-def]
    fast, ninjas = _both({"v": value})
    assert fast == ninjas == {"v": written}


def test_number_and_null_keys_are_written_as_strings():
    fast, ninjas = _both({1: "a", 2.5: "b", None: "c", False: "d"})
    assert fast == ninjas == {"1": "a", "2.5": "b", "null": "c", "false": "d"}


def test_what_orjson_refuses_is_written_by_ninjas_renderer():
    huge = 2**70
    assert FAST.render(None, {"n": huge}, response_status=200) == json.dumps({"n": huge})  # type: ignore[arg-type]


@dataclass
class _Point:
    x: int


def test_what_neither_can_write_fails_as_before():
    with pytest.raises(TypeError):
        NINJAS.render(None, {"p": _Point(1)}, response_status=200)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        FAST.render(None, {"p": _Point(1)}, response_status=200)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_the_api_answers_json_written_by_orjson(world):
    world.participant(first_name="Zoe", last_name="Adams")
    response = world.api(Role.PM).get("/api/v1/participants")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert b", " not in response.content  # orjson's spacing, not json.dumps'
    (row,) = response.json()
    assert row["name"] == "Zoe Adams"
    assert datetime.date.fromisoformat(row["enrolled_on"])


@pytest.mark.django_db
def test_an_error_is_written_by_the_same_renderer(world):
    response = world.api(Role.PM).get("/api/v1/participants/999999999")
    assert response.status_code == 404
    assert response.content == b'{"detail":"Not found."}'
