"""The participant's path as a table: every allowed and refused transition."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.core import rules

STATES = [rules.ENROLLED, rules.ACTIVE, rules.INACTIVE, rules.EXITED, rules.TERMINATED]

ALLOWED = {
    (rules.ENROLLED, rules.ACTIVE),
    (rules.ENROLLED, rules.EXITED),
    (rules.ACTIVE, rules.INACTIVE),
    (rules.INACTIVE, rules.ACTIVE),
    (rules.ACTIVE, rules.EXITED),
    (rules.INACTIVE, rules.EXITED),
}


@pytest.mark.parametrize("src", STATES)
@pytest.mark.parametrize("dst", STATES)
def test_it_allows_exactly_the_documented_path(src, dst):
    refusal = rules.transition_refusal(src, dst, termination_enabled=False, reason="moved")
    assert (refusal is None) == ((src, dst) in ALLOWED)


@given(st.sampled_from(STATES))
def test_it_never_terminates_where_the_site_does_not(src):
    assert "fail out" in (
        rules.transition_refusal(src, rules.TERMINATED, termination_enabled=False, reason="x")
        or "fail out"
    )
    assert rules.TERMINATED not in rules.allowed_transitions(src, termination_enabled=False)


@pytest.mark.parametrize("src", [rules.ENROLLED, rules.ACTIVE, rules.INACTIVE])
def test_it_terminates_only_where_enabled_and_with_a_reason(src):
    assert (
        rules.transition_refusal(
            src, rules.TERMINATED, termination_enabled=True, reason="PCG decision"
        )
        is None
    )
    assert (
        rules.transition_refusal(src, rules.TERMINATED, termination_enabled=True, reason=" ")
        == "An exit needs a reason."
    )
