"""``local_date`` writes a date as ``formats.localize`` does, and ``date_text`` as the ``date``
filter does, each made once per date (and format) and language."""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.template.defaultfilters import date as date_filter
from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.core.formats import date_text, local_date


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_it_is_the_text_localize_gives(day):
    assert local_date(day) == formats.localize(day)
    assert local_date(day) == formats.localize(day)  # and again, from what it kept


def test_it_follows_the_active_language():
    day = date(2026, 3, 5)
    with translation.override("de"):
        german = local_date(day)
        assert german == formats.localize(day)
    assert local_date(day) == formats.localize(day)


FORMATS = ["M j", "M j, Y", "Y-m-d", "N j, Y", "D, F jS", "l"]


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(FORMATS),
)
def test_date_text_is_the_date_filters_text(day, fmt):
    assert date_text(day, fmt) == date_filter(day, fmt)
    assert date_text(day, fmt) == date_filter(day, fmt)  # and again, from what it kept


def test_date_text_of_nothing_or_of_a_datetime_is_the_filters():
    moment = datetime(2026, 3, 5, 23, 30, tzinfo=UTC)
    assert date_text(None, "M j") == date_filter(None, "M j") == ""
    assert date_text(moment, "M j, Y H:i") == date_filter(moment, "M j, Y H:i")


def test_date_text_follows_the_active_language():
    day = date(2026, 3, 5)
    with translation.override("de"):
        assert date_text(day, "F") == date_filter(day, "F")
    assert date_text(day, "F") == date_filter(day, "F")
