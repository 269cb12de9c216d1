"""``local_date`` writes a date as ``formats.localize`` does, made once per date and language."""

from __future__ import annotations

from datetime import date

from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.core.formats import local_date


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
