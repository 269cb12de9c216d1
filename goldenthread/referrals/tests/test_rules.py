"""The pure rules: eligibility screening (property tests), the path, clocks, queue, matching."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.referrals import rules
from goldenthread.referrals.rules import Exclusion, Facts, HistoryItem, Policy

SEATTLE = Policy(
    label="Seattle v1",
    adopted=True,
    eligible_categories=frozenset({"drug_possession", "prostitution"}),
    max_grams=3.0,
    exclusions=(Exclusion("delivery_for_profit"), Exclusion("violent_offence", 10)),
)
SANTA_FE = Policy(
    label="Santa Fe v1",
    adopted=True,
    eligible_categories=frozenset({"drug_possession"}),
    max_grams=6.0,
    minimum_age=18,
    exclusions=(Exclusion("exploiting_minors"),),
)
CONTACT = date(2026, 6, 15)

categories = st.sampled_from(sorted(rules.OFFENCE_CATEGORIES))
doors = st.sampled_from(rules.DOORS)
grams = st.one_of(st.none(), st.floats(min_value=0, max_value=50, allow_nan=False))
days = st.dates(min_value=date(1940, 1, 1), max_value=CONTACT)
policies = st.builds(
    Policy,
    label=st.just("p"),
    adopted=st.just(True),
    eligible_categories=st.frozensets(categories),
    max_grams=st.one_of(st.none(), st.floats(min_value=0, max_value=20, allow_nan=False)),
    max_dosage_units=st.one_of(st.none(), st.integers(0, 100)),
    exclusions=st.lists(
        st.builds(
            Exclusion,
            code=st.sampled_from(sorted(rules.EXCLUSION_CODES)),
            lookback_years=st.one_of(st.none(), st.integers(1, 15)),
        ),
        max_size=4,
        unique_by=lambda e: e.code,
    ).map(tuple),
    minimum_age=st.one_of(st.none(), st.integers(16, 21)),
    program_areas=st.frozensets(st.sampled_from(["north", "south", "downtown"])),
    approval_doors=st.frozensets(doors),
)
facts = st.builds(
    Facts,
    door=doors,
    contact_date=st.just(CONTACT),
    offence_category=st.one_of(st.just(""), categories),
    grams=grams,
    dosage_units=st.one_of(st.none(), st.integers(0, 200)),
    date_of_birth=st.one_of(st.none(), days),
    area=st.sampled_from(["", "north", "south", "east"]),
    prior_activity_on=st.one_of(st.none(), days),
    verified=st.booleans(),
    history=st.lists(
        st.builds(
            HistoryItem,
            code=st.sampled_from(sorted(rules.EXCLUSION_CODES)),
            on=st.one_of(st.none(), days),
        ),
        max_size=3,
    ).map(tuple),
)


@given(policies, facts)
def test_it_always_explains_every_criterion(policy, f):
    result = rules.screen(policy, f)
    assert tuple(c.name for c in result.criteria) == rules.criterion_names(policy)
    assert all(c.reason and c.outcome in {"pass", "fail", "review"} for c in result.criteria)


@given(policies, facts)
def test_it_derives_the_result_from_the_criteria(policy, f):
    result = rules.screen(policy, f)
    outcomes = {c.outcome for c in result.criteria}
    if "fail" in outcomes:
        assert result.result == rules.NOT_ELIGIBLE
    elif "review" in outcomes:
        assert result.result == rules.NEEDS_REVIEW
    else:
        assert result.result == rules.ELIGIBLE


@given(policies, facts, st.floats(min_value=0, max_value=50, allow_nan=False))
def test_it_never_makes_less_quantity_worse(policy, f, smaller):
    """Monotonic thresholds: holding less never turns eligible into ineligible."""
    if f.grams is None or smaller > f.grams:
        return
    more = rules.screen(policy, f)
    less = rules.screen(policy, Facts(**{**f.__dict__, "grams": smaller}))
    rank = {rules.ELIGIBLE: 0, rules.NEEDS_REVIEW: 1, rules.NOT_ELIGIBLE: 2}
    assert rank[less.result] <= rank[more.result]


@given(
    st.floats(min_value=0, max_value=20, allow_nan=False),
    st.floats(min_value=0, max_value=20, allow_nan=False),
)
def test_it_excludes_exactly_above_the_gram_threshold(limit, held):
    policy = Policy("p", True, frozenset({"drug_possession"}), max_grams=limit)
    f = Facts(rules.ARREST, CONTACT, "drug_possession", grams=held)
    assert (rules.screen(policy, f).result == rules.NOT_ELIGIBLE) == (held > limit)


@given(st.integers(1, 15), st.integers(-400, 400))
def test_it_applies_a_lookback_up_to_and_including_its_edge(years, offset):
    edge = rules.years_before(CONTACT, years)
    event = edge + timedelta(days=offset)
    if event > CONTACT:
        return
    policy = Policy(
        "p", True, frozenset({"drug_possession"}), exclusions=(Exclusion("violent_offence", years),)
    )
    f = Facts(
        rules.ARREST, CONTACT, "drug_possession", history=(HistoryItem("violent_offence", event),)
    )
    excluded = rules.screen(policy, f).result == rules.NOT_ELIGIBLE
    assert excluded == (event >= edge)


@given(st.integers(-100, 100))
def test_it_accepts_social_contacts_within_the_lookback_edge(offset):
    edge = rules.months_before(CONTACT, 24)
    prior = edge + timedelta(days=offset)
    if prior > CONTACT:
        return
    f = Facts(rules.SOCIAL, CONTACT, "drug_possession", prior_activity_on=prior, verified=True)
    outcome = {c.name: c.outcome for c in rules.screen(SEATTLE, f).criteria}
    assert (outcome["social_contact_lookback"] == "pass") == (prior >= edge)


def test_it_screens_the_same_person_differently_in_two_sites():
    f = Facts(rules.ARREST, CONTACT, "drug_possession", grams=4.5, date_of_birth=date(2000, 1, 1))
    assert rules.screen(SEATTLE, f).result == rules.NOT_ELIGIBLE
    assert rules.screen(SANTA_FE, f).result == rules.ELIGIBLE


def test_it_excludes_people_under_the_minimum_age():
    f = Facts(rules.ARREST, CONTACT, "drug_possession", date_of_birth=date(2008, 6, 16))
    assert rules.screen(SANTA_FE, f).result == rules.NOT_ELIGIBLE
    f18 = Facts(rules.ARREST, CONTACT, "drug_possession", date_of_birth=date(2008, 6, 15))
    assert rules.screen(SANTA_FE, f18).result == rules.ELIGIBLE


def test_it_asks_for_review_when_the_age_is_unknown():
    f = Facts(rules.ARREST, CONTACT, "drug_possession")
    assert rules.screen(SANTA_FE, f).result == rules.NEEDS_REVIEW


def test_it_excludes_without_lookback_whatever_the_date():
    f = Facts(
        rules.ARREST,
        CONTACT,
        "drug_possession",
        history=(HistoryItem("delivery_for_profit", date(1990, 1, 1)),),
    )
    assert rules.screen(SEATTLE, f).result == rules.NOT_ELIGIBLE


@pytest.mark.parametrize(
    ("state", "waiting", "expected"),
    [
        ("referred", False, "pending"),
        ("screening", False, "pending"),
        ("intake_pending", True, "pending"),
        ("intake_pending", False, "accepted"),
        ("enrolled", False, "accepted"),
        ("ineligible", False, "not eligible"),
    ],
)
def test_it_tells_police_only_three_statuses(state, waiting, expected):
    assert rules.police_status(state, waiting=waiting) == expected


@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        ("referred", "screening", True),
        ("screening", "intake_pending", True),
        ("intake_pending", "enrolled", True),
        ("intake_pending", "intake_expired", True),
        ("referred", "enrolled", False),
        ("enrolled", "intake_expired", False),
        ("intake_expired", "enrolled", False),
    ],
)
def test_it_guards_the_path(start, end, allowed):
    assert (rules.transition_refusal(start, end) is None) == allowed


def test_it_keeps_the_handoff_target_in_real_minutes_across_dst():
    # 01:50 PST on the night clocks spring forward (2026-03-08): 30 minutes later is 03:20 PDT.
    la = ZoneInfo("America/Los_Angeles")
    contact = datetime(2026, 3, 8, 1, 50, tzinfo=la)
    deadline = rules.handoff_deadline(contact, 30)
    assert deadline.astimezone(la).strftime("%H:%M %Z") == "03:20 PDT"
    assert rules.minutes_left(deadline, contact.astimezone(UTC) + timedelta(minutes=29)) == 1


def test_it_counts_the_intake_deadline_in_the_sites_local_days():
    # 23:30 in Denver on 1 November is already 2 November in UTC; the local day counts.
    contact = datetime(2026, 11, 2, 6, 30, tzinfo=UTC)
    assert rules.intake_due(contact, 7, "America/Denver") == date(2026, 11, 8)
    assert rules.intake_due(contact, 7, "UTC") == date(2026, 11, 9)
    # Lapses only once the local date has passed the due date.
    late_evening = datetime(2026, 11, 9, 6, 59, tzinfo=UTC)  # 23:59 MST on 8 Nov
    assert not rules.intake_lapsed(date(2026, 11, 8), late_evening, "America/Denver")
    assert rules.intake_lapsed(
        date(2026, 11, 8), late_evening + timedelta(minutes=2), "America/Denver"
    )


def test_it_explains_the_queue_score_term_by_term():
    weights = rules.Weights(per_day_waiting=1, per_recent_arrest=5, per_vulnerability=10)
    score, terms = rules.queue_score(
        days_waiting=12, recent_arrests=2, vulnerabilities=1, adjustment=-3, weights=weights
    )
    assert score == 12 + 10 + 10 - 3 == sum(t.points for t in terms)


@given(st.integers(0, 60), st.integers(0, 10), st.integers(0, 5), st.integers(0, 60))
def test_it_ranks_longer_waits_no_lower(days_a, arrests, flags, extra):
    w = rules.Weights()
    a, _ = rules.queue_score(
        days_waiting=days_a, recent_arrests=arrests, vulnerabilities=flags, adjustment=0, weights=w
    )
    b, _ = rules.queue_score(
        days_waiting=days_a + extra,
        recent_arrests=arrests,
        vulnerabilities=flags,
        adjustment=0,
        weights=w,
    )
    assert b >= a


def test_it_matches_names_aliases_and_birth_dates():
    birth = date(1980, 5, 17)
    same = rules.match_score(
        names=["Dana Rivera"], birth=birth, other_names=["Rivera Dana"], other_birth=birth
    )
    alias = rules.match_score(
        names=["D. Rivera", "Dana Rivers"],
        birth=birth,
        other_names=["Dana Rivera"],
        other_birth=birth,
    )
    other = rules.match_score(
        names=["Dana Rivera"],
        birth=birth,
        other_names=["Dana Rivera"],
        other_birth=date(1955, 1, 2),
    )
    stranger = rules.match_score(
        names=["Morgan Lee"], birth=birth, other_names=["Dana Rivera"], other_birth=birth
    )
    assert same == 100 and alias >= rules.MATCH_THRESHOLD
    assert other < rules.MATCH_THRESHOLD and stranger < rules.MATCH_THRESHOLD


def test_it_picks_the_adopted_version_in_force_on_the_contact_day():
    versions = [
        (1, date(2020, 1, 1), True),
        (2, date(2026, 7, 1), True),
        (3, date(2026, 1, 1), False),
    ]
    assert rules.policy_in_force(versions, date(2026, 6, 30)) == 1
    assert rules.policy_in_force(versions, date(2026, 7, 1)) == 2
    assert rules.policy_in_force(versions, date(2019, 12, 31)) is None


@pytest.mark.parametrize(
    ("state", "waiting_since", "expected"),
    [
        ("intake_pending", date(2026, 11, 1), True),
        ("intake_pending", None, False),
        ("enrolled", date(2026, 11, 1), False),
        ("screening", None, False),
    ],
)
def test_only_a_referral_held_in_the_capacity_queue_is_waiting(state, waiting_since, expected):
    assert rules.is_waiting(state, waiting_since) is expected


@pytest.mark.parametrize("target", [1, 30, 90])
@pytest.mark.parametrize("age_seconds", [0, 59, 60 * 30 - 1, 60 * 30, 60 * 30 + 1, 60 * 90 + 1])
def test_a_contact_is_late_before_the_cutoff_exactly_when_its_minutes_left_are_negative(
    target, age_seconds
):
    now = datetime(2026, 11, 1, 9, 30, tzinfo=UTC)  # the morning of a daylight-saving change
    contact_at = now - timedelta(seconds=age_seconds)
    left = rules.minutes_left(rules.handoff_deadline(contact_at, target), now)
    assert (contact_at < rules.handoff_late_before(now, target)) is (left < 0)
