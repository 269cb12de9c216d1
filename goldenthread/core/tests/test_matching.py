"""The shared fuzzy name matcher (core.matching): properties every caller relies on, and the
few names a person would call the same or different."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.core import matching

LETTERS = "abcdefghijklmnopqrstuvwxyz"
ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü", "n": "ñ", "c": "ç"}
word = st.text(alphabet=LETTERS, min_size=1, max_size=10)
name = st.lists(word, min_size=1, max_size=4).map(" ".join)
any_text = st.text(max_size=40)


@given(any_text, any_text)
def test_it_is_symmetric(a, b):
    assert matching.similarity(a, b) == matching.similarity(b, a)
    assert matching.name_score(a, b) == matching.name_score(b, a)


@given(any_text, any_text)
def test_it_stays_between_0_and_100(a, b):
    assert 0 <= matching.similarity(a, b) <= 100
    assert 0 <= matching.best_similarity([a, "x"], [b]) <= 100


@given(any_text)
def test_a_name_matches_itself_at_100(a):
    expected = 100 if matching.normalise(a) else 0
    assert matching.name_score(a, a) == expected


@given(name, name)
def test_case_diacritics_whitespace_and_word_order_make_no_difference(a, b):
    loud = a.upper()
    accented = "".join(ACCENTED.get(ch, ch) for ch in a)
    spaced = "  " + "\t ".join(reversed(a.split())) + " \n"
    for variant in (loud, accented, spaced):
        assert matching.name_score(a, variant) == 100
        assert matching.similarity(variant, b) == matching.similarity(a, b)


@given(name, name)
def test_the_best_pair_is_at_least_any_single_pair(a, b):
    best = matching.best_similarity([a, "Someone Else"], [b])
    assert best >= matching.similarity(a, b)


@given(st.lists(name, max_size=8), name, st.integers(0, 100))
def test_the_index_finds_exactly_the_names_at_or_above_the_threshold(choices, query, threshold):
    found = dict(matching.Index(choices).search(query, threshold=threshold))
    for i, choice in enumerate(choices):
        score = matching.similarity(query, choice)
        assert (i in found) == (score >= threshold)
        if i in found:
            assert found[i] == pytest.approx(score)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("José Martínez", "Jose Martinez", True),
        ("Rivera, Dana", "dana   RIVERA", True),
        ("Dana Rivera", "Dana Riviera", True),
        ("Dana Rivera", "Marcus Lee", False),
        ("", "", False),
    ],
)
def test_it_scores_names_the_way_a_person_would(a, b, same):
    assert (matching.name_score(a, b) >= 80) == same


def test_it_drops_the_words_it_is_told_to_ignore():
    plain = matching.name_score("Acme Property LLC", "Acme Property")
    ignoring = matching.name_score(
        "Acme Property LLC", "Acme Property", ignore=matching.CORPORATE_WORDS
    )
    assert plain < 100 == ignoring
