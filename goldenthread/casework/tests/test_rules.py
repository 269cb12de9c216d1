"""The pure rules of case management, as tables and properties."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.casework import rules

TODAY = date(2026, 11, 28)
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("100000"), places=2)


@given(money, st.sampled_from(sorted(rules.SUPERVISOR_CATEGORIES)), money)
def test_it_always_sends_bail_restitution_and_debt_to_the_supervisor(amount, category, limit):
    assert rules.needs_supervisor(amount, category, limit)


@given(money, money)
def test_it_sends_amounts_over_the_threshold_to_the_supervisor(amount, limit):
    assert rules.needs_supervisor(amount, "basic_needs", limit) == (amount > limit)


@given(money, st.lists(money, max_size=6), money)
def test_it_never_lets_a_spend_overdraw_a_pool(budget, spent, amount):
    balance = rules.remaining(budget, spent)
    allowed = rules.overdraw_refusal(balance, amount) is None
    assert allowed == (balance - amount >= 0)


def _facts(**kw):
    base = dict(
        amount=Decimal("20"),
        category="phone",
        pool_categories=[],
        pool_start=TODAY - timedelta(days=30),
        pool_end=TODAY + timedelta(days=30),
        participant_state="active",
        attested=True,
        pools_checked="Lifeline phone program",
        today=TODAY,
    )
    base.update(kw)
    return rules.FlexRequestFacts(**base)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": Decimal("-5")}, "amount"),
        ({"category": "yacht"}, "category"),
        ({"pool_categories": ["transport"]}, "category"),
        ({"pool_end": TODAY - timedelta(days=1)}, "pool"),
        ({"participant_state": "exited"}, "participant"),
        ({"attested": False}, "attested"),
        ({"pools_checked": "  "}, "pools_checked"),
        ({}, None),
    ],
)
def test_it_refuses_flex_requests_naming_the_field(change, field):
    found = rules.flex_request_refusal(_facts(**change))
    assert (found[0] if found else None) == field


@given(st.integers(min_value=-400, max_value=400), st.integers(min_value=1, max_value=120))
def test_it_puts_someone_in_the_wind_after_the_sites_days(days_ago, after):
    last = TODAY - timedelta(days=days_ago)
    assert rules.is_in_the_wind(last, date(2020, 1, 1), TODAY, after) == (days_ago >= after)


def test_it_counts_from_enrolment_when_there_was_never_a_contact():
    assert not rules.is_in_the_wind(None, TODAY - timedelta(days=3), TODAY, 30)
    assert rules.is_in_the_wind(None, TODAY - timedelta(days=31), TODAY, 30)


@pytest.mark.parametrize(
    ("last", "due"),
    [
        (None, True),
        (TODAY, False),
        (TODAY - timedelta(days=29), False),
        (TODAY - timedelta(days=30), True),
    ],
)
def test_it_says_when_the_monthly_status_is_due(last, due):
    assert rules.status_is_due(last, TODAY, 30) is due


@pytest.mark.parametrize(
    ("count", "level"), [(12, "ok"), (20, "ok"), (21, "high"), (25, "high"), (26, "over")]
)
def test_it_grades_a_caseload_against_target_and_cap(count, level):
    assert rules.caseload_level(count, 20, 25) == level


def test_it_refuses_a_status_in_the_future_or_outside_its_domain():
    assert rules.status_refusal("housing", "permanent", TODAY + timedelta(days=1), TODAY)[0] == (
        "recorded_on"
    )
    assert rules.status_refusal("housing", "full_time", TODAY, TODAY)[0] == "value"
    assert rules.status_refusal("mood", "good", TODAY, TODAY)[0] == "domain"
    assert rules.status_refusal("housing", "sheltered", TODAY, TODAY) is None


@pytest.mark.parametrize(
    ("current", "wanted", "ok"),
    [
        ("sent", "accepted", True),
        ("sent", "declined", True),
        ("sent", "completed", False),
        ("accepted", "completed", True),
        ("completed", "declined", False),
    ],
)
def test_it_closes_the_loop_of_a_service_referral_in_order(current, wanted, ok):
    found = rules.service_transition_refusal(current, wanted, TODAY, TODAY, TODAY)
    assert (found is None) is ok


@pytest.mark.parametrize(
    ("name", "head", "size", "ok"),
    [
        ("r.pdf", b"%PDF-1.7", 100, True),
        ("r.png", b"\x89PNG\r\n\x1a\n", 100, True),
        ("r.JPG", b"\xff\xd8\xff\xe0", 100, True),
        ("r.pdf", b"MZ\x90\x00", 100, False),
        ("r.exe", b"MZ\x90\x00", 100, False),
        ("r.pdf", b"%PDF-1.7", 6 * 1024 * 1024, False),
        ("r.pdf", b"", 0, False),
    ],
)
def test_it_accepts_only_real_receipts_of_a_sane_size(name, head, size, ok):
    assert (rules.receipt_refusal(name, head, size, 5 * 1024 * 1024) is None) is ok


def test_it_reports_what_a_team_does_not_cover():
    staff = [
        rules.StaffFacts("cm", False, False, None, ["English"]),
        rules.StaffFacts("cm", False, False, False, ["english"]),
    ]
    cov = rules.team_coverage(staff)
    assert cov.languages == ("English",)
    assert len(cov.gaps) == 3
    staff.append(rules.StaffFacts("supervisor", True, True, True, ["Spanish"]))
    assert rules.team_coverage(staff).gaps == []


def test_it_carries_a_status_forward_month_by_month():
    months = rules.months_back(date(2026, 3, 15), 4)
    assert months == ["2025-12", "2026-01", "2026-02", "2026-03"]
    grid = rules.status_by_month(
        [("housing", "unsheltered", date(2026, 1, 3)), ("housing", "sheltered", date(2026, 3, 1))],
        months,
    )
    assert grid["housing"] == [None, "unsheltered", "unsheltered", "sheltered"]
    assert grid["income"] == [None] * 4


@given(st.sampled_from(sorted(rules.STATUS_DOMAINS)))
def test_it_ranks_every_status_value_of_a_domain(domain):
    levels = [rules.status_level(domain, v) for v in rules.status_choices(domain)]
    assert min(levels) == 0 and max(levels) <= 4


@pytest.mark.parametrize(
    ("in_the_wind", "state", "expected"),
    [
        (True, "enrolled", True),
        (True, "active", True),
        (True, "inactive", False),  # already inactive: nothing to propose
        (False, "active", False),
    ],
)
def test_the_caseload_proposes_inactive_only_for_the_working_in_the_wind(
    in_the_wind, state, expected
):
    assert rules.proposes_inactive(in_the_wind, state) is expected
