"""The Golden Rule gate: table and property tests. The test is the specification."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.legal import rules
from goldenthread.legal.rules import Source, golden_rule_check

kinds = st.sampled_from(rules.DECISIONS)
adverse = st.sampled_from(sorted(rules.ADVERSE))
baselines = st.sampled_from(sorted(rules.BASELINES))
independent = st.builds(
    Source,
    kind=st.sampled_from(sorted(rules.INDEPENDENT)),
    reference=st.text(min_size=1, max_size=12).filter(str.strip),
)
lead = st.builds(
    Source, kind=st.sampled_from(sorted(rules.LEAD_DERIVED)), reference=st.text(max_size=12)
)


@given(
    kind=adverse,
    ind=st.lists(independent, max_size=3),
    led=st.lists(lead, min_size=1),
    baseline=st.none() | baselines,
    viewed=st.booleans(),
)
def test_it_never_accepts_an_adverse_action_with_a_lead_derived_basis(
    kind, ind, led, baseline, viewed
):
    result = golden_rule_check(
        kind=kind, sources=ind + led, baseline=baseline, viewed_lead_derived=viewed
    )
    assert result.refusal is not None
    assert "Golden Rule" in result.refusal and result.field == "basis"


@given(
    kind=kinds,
    sources=st.lists(independent, min_size=1, max_size=3),
    baseline=baselines,
    viewed=st.booleans(),
)
def test_it_never_lets_a_decision_exceed_its_baseline(kind, sources, baseline, viewed):
    result = golden_rule_check(
        kind=kind, sources=sources, baseline=baseline, viewed_lead_derived=viewed
    )
    if rules.SEVERITY[kind] > rules.SEVERITY[baseline]:
        assert result.refusal is not None and "baseline" in result.refusal
    else:
        assert result.refusal is None


@given(kind=adverse, sources=st.lists(independent, min_size=1, max_size=3), viewed=st.booleans())
def test_it_flags_exactly_the_allowed_adverse_actions_of_readers(kind, sources, viewed):
    result = golden_rule_check(
        kind=kind, sources=sources, baseline=rules.SEEK_DETENTION, viewed_lead_derived=viewed
    )
    assert result.refusal is None
    assert result.flag_for_review is viewed


@given(kind=st.sampled_from(sorted(set(rules.DECISIONS) - rules.ADVERSE)), viewed=st.booleans())
def test_it_never_flags_or_needs_a_basis_for_a_non_adverse_decision(kind, viewed):
    result = golden_rule_check(kind=kind, sources=[], baseline=None, viewed_lead_derived=viewed)
    assert result.refusal is None and result.flag_for_review is False


@pytest.mark.parametrize(
    "kind,sources,baseline,field",
    [
        (rules.FILE, [], rules.FILE, "basis"),
        (rules.FILE, [Source(rules.POLICE_REPORT, "  ")], rules.FILE, "basis"),
        (rules.FILE, [Source(rules.POLICE_REPORT, "SPD-1")], None, "kind"),
        (rules.FILE, [Source("rumour", "x")], rules.FILE, "basis"),
        (rules.SEEK_DETENTION, [Source(rules.COURT_RECORD, "C-1")], rules.FILE, "kind"),
        (rules.FILE, [Source(rules.WITNESS_STATEMENT, "W")], rules.DECLINE, "kind"),
        ("jail_forever", [], None, "kind"),
    ],
)
def test_it_refuses_with_the_field_at_fault(kind, sources, baseline, field):
    result = golden_rule_check(
        kind=kind, sources=sources, baseline=baseline, viewed_lead_derived=False
    )
    assert result.refusal and result.field == field


def test_it_orders_every_decision_and_names_every_adverse_action_of_domain_md():
    assert set(rules.SEVERITY) == set(rules.DECISIONS)
    assert {
        "file_charges",
        "seek_detention",
        "oppose_release",
        "request_warrant",
        "allege_violation",
    } == rules.ADVERSE
    assert (
        max(rules.SEVERITY[k] for k in set(rules.DECISIONS) - rules.ADVERSE)
        <= (rules.SEVERITY[rules.STANDARD])
    )
    assert rules.INDEPENDENT.isdisjoint(rules.LEAD_DERIVED)


@pytest.mark.parametrize(
    "kind,rationale,review_on,terms,field",
    [
        (rules.DECLINE, " ", None, "", "rationale"),
        (rules.HOLD, "watch", None, "", "review_on"),
        (rules.HOLD, "watch", date(2026, 1, 1), "", "review_on"),
        (rules.NEGOTIATE, "deal", None, "", "terms"),
        (rules.HOLD, "watch", date(2026, 6, 1), "", None),
    ],
)
def test_it_asks_each_decision_for_what_it_must_carry(kind, rationale, review_on, terms, field):
    refusal = rules.decision_field_refusal(
        kind=kind, rationale=rationale, review_on=review_on, terms=terms, today=date(2026, 3, 1)
    )
    assert (refusal[0] if refusal else None) == field


@given(st.dates(), st.integers(-30, 30))
def test_it_says_whether_an_incident_predates_enrollment(enrolled, delta):
    incident = enrolled + timedelta(days=delta)
    assert rules.predates_enrollment(incident, enrolled) is (delta < 0)
    assert rules.predates_enrollment(None, enrolled) is None
