"""``web/links.py``: the URLs of named pages without reversing each time, the same as
``reverse`` gives (and as ``{% url %}`` writes, escaped, for ``row_links``)."""

from __future__ import annotations

from html import escape

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.web.links import link_to, row_links

ONE_ID = [
    "casework:participant",
    "casework:contact_new",
    "referrals:detail",
    "legal:case_detail",
    "conferencing:roster_item_update",
    "disclosures:disclosure_detail",
]
PREFIXES = ["/", "/lead/", "/a&b/", '/say"hi"/']


@given(
    name=st.sampled_from(ONE_ID),
    pk=st.integers(min_value=0, max_value=10**12),
    prefix=st.sampled_from(PREFIXES),
)
def test_a_row_link_is_the_escaped_reversed_url(name: str, pk: int, prefix: str) -> None:
    try:
        set_script_prefix(prefix)
        expected = reverse(name, args=[pk])
        assert link_to(name, pk) == expected
        assert row_links(name)(pk) == escape(expected, quote=True)
    finally:
        set_script_prefix("/")


def test_a_row_link_follows_the_prefix_of_when_it_was_made() -> None:
    plain = row_links("referrals:detail")
    try:
        set_script_prefix("/a&b/")
        prefixed = row_links("referrals:detail")
    finally:
        set_script_prefix("/")
    assert plain(7) == "/referrals/7/"
    assert prefixed(7) == "/a&amp;b/referrals/7/"


def test_a_pattern_without_one_id_is_refused() -> None:
    with pytest.raises(NoReverseMatch):
        row_links("home")
