"""A Compiled query gives what its queryset gives, compiles its SQL once per connection, and
refuses a builder whose SQL would depend on its values."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

import pytest
from django.db import connection, connections
from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldenthread.core.compiled import Compiled, CompiledQueryError
from goldenthread.core.models import Membership, Participant, Person
from goldenthread.core.roles import Role

pytestmark = pytest.mark.django_db

# Each kind of queryset the read paths keep: instances with select_related, values_list (plain,
# flat, named), values, a window annotation, a date and a string among the values.
WITH_PERSON: Compiled[Participant] = Compiled(
    lambda site_id, cm_id: (
        Participant.objects.filter(site_id=site_id, case_manager_id=cm_id)
        .select_related("person", "case_manager")
        .order_by("person__last_name", "pk")
    )
)
IDS: Compiled[int] = Compiled(
    lambda site_id: (
        Participant.objects.filter(site_id=site_id).order_by("pk").values_list("pk", flat=True)
    )
)
ROWS: Compiled[tuple] = Compiled(
    lambda site_id, since: (
        Participant.objects.filter(site_id=site_id, enrolled_on__gte=since)
        .order_by("pk")
        .values_list("pk", "state", "enrolled_on")
    )
)
NAMED: Compiled = Compiled(
    lambda site_id, state: (
        Participant.objects.filter(site_id=site_id, state=state)
        .order_by("pk")
        .values_list("pk", "person__first_name", named=True)
    )
)
DICTS: Compiled[dict] = Compiled(
    lambda site_id: (
        Membership.objects.filter(site_id=site_id, active=True)
        .values("role")
        .annotate(n=Count("pk"))
        .order_by("role")
    )
)
RANKED: Compiled[Participant] = Compiled(
    lambda site_id: (
        Participant.objects.filter(site_id=site_id)
        .annotate(rank=Window(RowNumber(), order_by=[F("enrolled_on").desc(), F("pk").desc()]))
        .filter(Q(rank__lte=2) | Q(state="exited"))
        .order_by("rank")
    )
)
TOP: Compiled[Participant] = Compiled(
    # A value in a window filter: PostgreSQL's backend sends it as the driver's own Int4.
    lambda site_id, top: (
        Participant.objects.filter(site_id=site_id)
        .annotate(rank=Window(RowNumber(), order_by=[F("enrolled_on").desc(), F("pk").desc()]))
        .filter(rank__lte=top)
        .order_by("rank")
    )
)
STAMPED: Compiled[int] = Compiled(
    lambda site_id, before: (
        Person.objects.filter(site_id=site_id, created_at__lt=before)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
)


def _plain(kept: Compiled, **values):  # type: ignore[no-untyped-def]
    return list(kept.build(**values))


def _people(world, n: int = 4):  # type: ignore[no-untyped-def]
    site = world.alpha.site
    made = [
        world.participant(first_name=f"P{i}", enrolled_on=date(2026, 1, 1) + timedelta(days=i))
        for i in range(n)
    ]
    return site, made


def test_each_kind_gives_what_its_queryset_gives(world):
    site, _ = _people(world)
    cm = world.alpha.users[Role.CM]
    cases = [
        (WITH_PERSON, {"site_id": site.pk, "cm_id": cm.pk}),
        (IDS, {"site_id": site.pk}),
        (ROWS, {"site_id": site.pk, "since": date(2026, 1, 2)}),
        (NAMED, {"site_id": site.pk, "state": "active"}),
        (DICTS, {"site_id": site.pk}),
        (RANKED, {"site_id": site.pk}),
        (TOP, {"site_id": site.pk, "top": 3}),
        (TOP, {"site_id": site.pk, "top": 1}),
        (STAMPED, {"site_id": site.pk, "before": timezone.now() + timedelta(days=1)}),
    ]
    for kept, values in cases:
        for _ in range(2):  # the first run keeps it, the second runs what was kept
            got = kept(**values)
            assert got == _plain(kept, **values), kept.build
            assert got, "every case finds rows"
    participants = WITH_PERSON(site_id=site.pk, cm_id=cm.pk)
    assert {p.person.first_name for p in participants} >= {"P0", "P1"}
    assert all(p.case_manager == cm for p in participants)
    assert [p.rank for p in RANKED(site_id=site.pk)][:2] == [1, 2]  # annotations come through


def test_a_kept_query_is_compiled_once_and_runs_as_one_query(world):
    site, _ = _people(world, 2)
    with override_settings(COMPILED_QUERIES_CHECK=False):
        IDS(site_id=site.pk)  # kept
        with (
            mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql,
            CaptureQueriesContext(connection) as ctx,
        ):
            got = IDS(site_id=site.pk)
    assert as_sql.call_count == 0
    assert len(ctx.captured_queries) == 1
    assert got == _plain(IDS, site_id=site.pk)


def test_a_kept_query_finds_its_rows_converters_once(world):
    # The rows' converters (a field's from_db_value, the backend's for its types) are found
    # when the query is kept and used at every run after, not looked up through each column.
    site, _ = _people(world, 2)
    with override_settings(COMPILED_QUERIES_CHECK=False):
        NAMED(site_id=site.pk, state="active")  # kept
        with mock.patch.object(
            SQLCompiler, "get_converters", autospec=True, side_effect=SQLCompiler.get_converters
        ) as get_converters:
            got = NAMED(site_id=site.pk, state="active")
    assert get_converters.call_count == 0
    assert {row.person__first_name for row in got} >= {"P0", "P1"}
    assert got == _plain(NAMED, site_id=site.pk, state="active")


def test_other_values_give_their_own_rows(world):
    site, made = _people(world, 3)
    other = world.beta.site
    world.participant(world.beta, first_name="Beta")
    alpha_ids = IDS(site_id=site.pk)
    beta_ids = IDS(site_id=other.pk)
    assert set(alpha_ids).isdisjoint(beta_ids)
    assert {p.pk for p in made} <= set(alpha_ids)
    assert IDS(site_id=10**9) == []


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    since=st.dates(min_value=date(2025, 6, 1), max_value=date(2026, 3, 1)),
    state=st.sampled_from(["active", "exited", "referred", "x' OR '1'='1"]),
    site_pick=st.sampled_from(["alpha", "beta", "none"]),
)
def test_any_values_give_what_the_plain_queryset_gives(world, since, state, site_pick):
    if not Participant.objects.exists():
        _people(world, 5)
        world.participant(world.beta)
    site_id = {"alpha": world.alpha.site.pk, "beta": world.beta.site.pk, "none": 0}[site_pick]
    assert ROWS(site_id=site_id, since=since) == _plain(ROWS, site_id=site_id, since=since)
    assert NAMED(site_id=site_id, state=state) == _plain(NAMED, site_id=site_id, state=state)


def test_a_value_of_another_kind_runs_the_plain_way(world):
    site, made = _people(world, 2)
    p = made[0]
    p.case_manager = None
    p.save()
    # None is IS NULL in SQL: it cannot take a stand-in's place, and is run the plain way.
    got = WITH_PERSON(site_id=site.pk, cm_id=None)
    assert [x.pk for x in got] == [p.pk]
    # A list's length is in the SQL (IN (%s, %s)): run the plain way too.
    among: Compiled[int] = Compiled(
        lambda ids: (
            Participant.objects.filter(pk__in=ids).order_by("pk").values_list("pk", flat=True)
        )
    )
    assert among(ids=[made[1].pk]) == [made[1].pk]
    assert among(ids=[m.pk for m in made]) == [m.pk for m in made]
    # An id too large for its column matches nothing (Django answers without the database).
    by_id: Compiled[int] = Compiled(
        lambda pk: Participant.objects.filter(pk=pk).values_list("pk", flat=True)
    )
    assert by_id(pk=made[0].pk) == [made[0].pk]
    assert by_id(pk=2**63 + 5) == [] and by_id(pk=2**40) == []


@pytest.mark.parametrize(
    ("build", "values", "problem"),
    [
        (
            lambda name: Person.objects.filter(first_name__icontains=name),
            {"name": "Dan"},
            "does not reach the SQL",
        ),
        (
            lambda site_id, unused: Participant.objects.filter(site_id=site_id),
            {"site_id": 1, "unused": 2},
            "'unused'",
        ),
        (
            lambda site_id: Participant.objects.filter(site_id=site_id).prefetch_related("person"),
            {"site_id": 1},
            "prefetch_related",
        ),
    ],
)
def test_it_refuses_a_builder_it_cannot_keep(world, build, values, problem):
    with pytest.raises(CompiledQueryError, match=problem):
        Compiled(build)(**values)


def test_under_test_a_builder_that_branches_on_its_values_fails(world):
    site, _ = _people(world, 1)

    def build(site_id: int, since: date):  # type: ignore[no-untyped-def]
        qs = Participant.objects.filter(site_id=site_id)
        if since.year > 1000:  # the stand-in is year 1: the kept SQL has no date filter
            qs = qs.filter(enrolled_on__gte=since)
        return qs

    branching = Compiled(build)
    with pytest.raises(CompiledQueryError):
        branching(site_id=site.pk, since=date(2026, 1, 1))


def test_it_can_be_turned_off(world):
    site, _ = _people(world, 1)
    with (
        override_settings(COMPILED_QUERIES=False),
        mock.patch.object(Compiled, "_keep") as keep,
    ):
        assert IDS(site_id=site.pk) == _plain(IDS, site_id=site.pk)
    keep.assert_not_called()


def test_the_sql_is_kept_apart_for_each_time_zone(world):
    site, _ = _people(world, 1)
    kept: Compiled[int] = Compiled(
        lambda site_id, before: Person.objects.filter(
            site_id=site_id, created_at__date__lt=before
        ).values_list("pk", flat=True)
    )
    before = date.today() + timedelta(days=2)
    for zone in ("America/Los_Angeles", "Pacific/Kiritimati", "UTC"):
        with timezone.override(zone):
            assert kept(site_id=site.pk, before=before) == _plain(
                kept, site_id=site.pk, before=before
            )
    kept_here = connections["default"].__dict__["_gt_compiled"]
    kinds = {k[2] for k in kept_here if k[0] == kept.key}
    assert kinds == {"America/Los_Angeles", "Pacific/Kiritimati", "UTC"}


ANY_OF: Compiled[int] = Compiled(
    lambda site_id, ids: (
        Participant.objects.filter(site_id=site_id, pk__any_of=ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
)


def test_a_list_of_ids_by_any_of_is_one_parameter_and_kept(world):
    """``__any_of`` (core.lookups) sends the list as one parameter, so a kept query holds it:
    the same rows as ``__in`` for any list, an empty one included, from one kept SQL."""
    site, made = _people(world, 4)
    ids = [p.pk for p in made]
    cases = [[], ids[:1], ids[1:3], ids, [*ids, 10**6], [ids[0], ids[0]]]
    for wanted in cases:
        plain = list(
            Participant.objects.filter(site_id=site.pk, pk__in=wanted)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        assert ANY_OF(site_id=site.pk, ids=wanted) == plain, wanted
    with (
        override_settings(COMPILED_QUERIES_CHECK=False),
        mock.patch.object(SQLCompiler, "as_sql", autospec=True) as as_sql,
    ):
        assert ANY_OF(site_id=site.pk, ids=ids[2:]) == ids[2:]
    assert as_sql.call_count == 0  # kept: the SQL is not made again for another list
