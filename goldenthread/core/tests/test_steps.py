"""Query functions written as steps (``core.compiled.Steps``) run beside each other: ``gather``
asks, round by round, for what every unfinished one asks for next, and sends each its own
lists back; ``run_steps`` runs each round with ``together``, so on PostgreSQL a round is one
statement."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.core.compiled import Compiled, Steps, ask, done, gather, run_steps
from goldenthread.core.models import Person

# A program: the rounds a steps function asks for, each a list of (made-up) call names.
programs = st.lists(
    st.lists(st.lists(st.text(min_size=1, max_size=3), max_size=3), max_size=4), max_size=5
)


def _steps(program: list[list[str]], log: list[Any]) -> Steps[list[Any]]:
    """Asks for each round of ``program`` in turn; gives back every list it was sent."""
    got: list[Any] = []
    for round_ in program:
        lists = yield cast(Any, round_)  # made-up calls: gather only passes them on
        log.append((tuple(round_), lists))
        got.append(lists)
    return got


def _answer(calls: list[Any]) -> list[list[Any]]:
    """A stand-in database: each call's list is the call itself, twice, so that a list sent to
    the wrong asker, or in the wrong order, shows."""
    return [[call, call] for call in calls]


def _drive(steps: Steps[Any]) -> tuple[Any, list[list[Any]]]:
    """Run ``steps`` against ``_answer``; the result and the rounds it asked for."""
    rounds: list[list[Any]] = []
    try:
        calls = next(steps)
        while True:
            rounds.append(list(calls))
            calls = steps.send(_answer(list(calls)))
    except StopIteration as stop:
        return stop.value, rounds


@given(programs)
def test_gather_gives_each_what_it_gives_alone_in_as_many_rounds_as_the_longest(program_set):
    alone = [_drive(_steps(p, []))[0] for p in program_set]
    together, rounds = _drive(gather(*(_steps(p, []) for p in program_set)))
    assert together == alone
    assert len(rounds) == max((len(p) for p in program_set), default=0)
    # Round k holds the k-th asks of those that ask that often, in their order.
    for k, asked in enumerate(rounds):
        assert asked == [call for p in program_set if len(p) > k for call in p[k]]


@given(programs)
def test_gather_nests(program_set):
    """A gathered group is itself steps: gathering it beside others changes no result."""
    half = len(program_set) // 2
    inner = gather(*(_steps(p, []) for p in program_set[:half]))
    outer = [_steps(p, []) for p in program_set[half:]]
    (first, *rest), _ = _drive(gather(inner, *outer))
    assert first + rest == [_drive(_steps(p, []))[0] for p in program_set]


def test_done_and_ask():
    assert _drive(done(7)) == (7, [])
    assert _drive(ask()) == ([], [[]])
    assert _drive(gather(done("a"), ask("x", "y"))) == (
        ["a", [["x", "x"], ["y", "y"]]],
        [["x", "y"]],
    )


PEOPLE: Compiled[str] = Compiled(
    lambda site_id: (
        Person.objects.filter(site_id=site_id)
        .order_by("last_name", "pk")
        .values_list("last_name", flat=True)
    )
)
COUNTED: Compiled[int] = Compiled(
    lambda site_id: Person.objects.filter(site_id=site_id).values_list("pk", flat=True)
)


def _names(site_id: int) -> Steps[list[str]]:
    (names,) = yield (PEOPLE.bind(site_id=site_id),)
    return names


def _count_then_names(site_id: int) -> Steps[tuple[int, list[str]]]:
    (ids,) = yield (COUNTED.bind(site_id=site_id),)
    names = yield from _names(site_id)
    return len(ids), names


@pytest.mark.django_db
def test_run_steps_on_the_database_gives_what_the_queries_give_alone(world):
    for i in range(3):
        world.participant(first_name=f"P{i}", last_name=f"L{2 - i}")
    site = world.alpha.site.pk
    names = list(PEOPLE(site_id=site))
    assert names == ["L0", "L1", "L2"]
    found = run_steps(gather(_names(site), _count_then_names(site), done(None)))
    assert found == [names, (3, names), None]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a round is one statement there")
def test_on_postgresql_each_round_is_one_statement(world):
    world.participant()
    site = world.alpha.site.pk
    run_steps(gather(_names(site), _count_then_names(site)))  # column types asked once
    with override_settings(COMPILED_QUERIES_CHECK=False), CaptureQueriesContext(connection) as ctx:
        run_steps(gather(_names(site), _count_then_names(site)))
    # Round 1: the names and the count; round 2: the second function's names.
    assert len(ctx.captured_queries) == 2
    assert all("json_agg" in q["sql"] for q in ctx.captured_queries[:1])
