"""Hypothesis against every parser of outside input: whatever arrives, a parser answers with a
value or with an error for a person that names the field or row. Nothing else escapes, and an
import that fails writes nothing."""

from __future__ import annotations

import csv
import io
import string
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldenthread.evaluation import rules as evaluation_rules
from goldenthread.evaluation.models import ImportRun, LegalSource, LegalSystemEvent
from goldenthread.evaluation.tests.helpers import COLUMNS, HEADER, make_source
from goldenthread.planning import rules as planning_rules

FIELDS = set(COLUMNS) | {"kind", "sentence", "file", "person"}
cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "ARR", "BKG", "2025-11-02", "1980-05-17", "Y", "N", "misd", "2025-13-45"]),
)


@given(st.text(max_size=12), st.tuples(st.integers(2000, 2100), st.integers(1, 4)))
def test_a_quarter_is_read_or_refused_in_words(text, current):
    try:
        year, q = planning_rules.parse_quarter(text, current)
    except ValueError as exc:
        assert "quarter" in str(exc).lower() or "future" in str(exc).lower(), str(exc)
    else:
        assert 1 <= q <= 4 and (year, q) <= current


@given(st.text(max_size=20), st.sampled_from(["%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y"]))
def test_a_date_is_read_or_refused_with_value_error(text, fmt):
    try:
        value = evaluation_rules.parse_date(text, fmt)
    except ValueError:
        return
    assert isinstance(value, date)


@given(st.fixed_dictionaries({h: cell for h in HEADER}), st.integers(2, 10_000))
def test_a_feed_row_is_an_event_or_errors_naming_row_and_field(raw, row):
    event, errors = evaluation_rules.parse_row(
        raw,
        row=row,
        column_map=COLUMNS,
        value_map={"kind": {"ARR": "arrest", "BKG": "booking"}},
    )
    assert (event is None) == bool(errors)
    for error in errors:
        assert error.row == row and error.field in FIELDS and error.message


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADER)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


printable = st.text(alphabet=string.printable, max_size=200).map(str.encode)
feeds = st.one_of(
    st.binary(max_size=300),
    printable,
    st.lists(st.fixed_dictionaries({h: cell for h in HEADER}), max_size=4).map(_csv),
)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=feeds)
def test_an_import_of_any_bytes_is_all_or_nothing_and_names_the_row(world, tmp_path, content):
    source = LegalSource.objects.filter(site=world.alpha.site, name="police").first()
    source = source or make_source(world)
    path = tmp_path / "feed.csv"
    path.write_bytes(content)
    before = LegalSystemEvent.objects.count()
    runs = ImportRun.objects.count()
    try:
        call_command(
            "import",
            "legal-events",
            str(path),
            "--source",
            source.name,
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    except CommandError:
        run = ImportRun.objects.order_by("-pk").first()
        assert ImportRun.objects.count() == runs + 1 and run is not None
        assert run.status == "failed" and run.errors
        for error in run.errors:
            assert error["field"] in FIELDS and isinstance(error["row"], int), error
        assert LegalSystemEvent.objects.count() == before, "a failed import wrote events"
    else:
        run = ImportRun.objects.order_by("-pk").first()
        assert run is not None and run.status != "failed"
        assert LegalSystemEvent.objects.count() == before + run.created_count
