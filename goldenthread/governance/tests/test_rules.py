"""The consensus tally and the other pure rules, as properties and tables."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from goldenthread.governance import rules
from goldenthread.governance.rules import BLOCK, STAND_ASIDE, SUPPORT, ConsensusRule, Vote

agencies = st.frozensets(st.integers(1, 12), min_size=1, max_size=8)
stances = st.sampled_from(rules.STANCES)


@st.composite
def full_votes(draw):  # type: ignore[no-untyped-def]
    members = draw(agencies)
    votes = [Vote(agency=a, stance=draw(stances)) for a in sorted(members)]
    return members, votes


@given(full_votes())
def test_it_reaches_consensus_exactly_when_everyone_has_a_position_and_none_blocks(mv):
    members, votes = mv
    tally = rules.tally_consensus(members, votes)
    no_block = all(v.stance != BLOCK for v in votes)
    assert tally.reached == no_block
    assert tally.outcome == (rules.CONSENSUS if no_block else rules.BLOCKED)


@given(full_votes(), st.data())
def test_it_never_reaches_consensus_with_a_block(mv, data):
    members, votes = mv
    blocker = data.draw(st.sampled_from(sorted(members)))
    votes = [Vote(v.agency, BLOCK if v.agency == blocker else v.stance) for v in votes]
    tally = rules.tally_consensus(members, votes)
    assert tally.outcome == rules.BLOCKED
    assert blocker in tally.blocking


@given(full_votes(), st.data())
def test_it_waits_while_any_member_agency_has_no_position(mv, data):
    members, votes = mv
    absent = data.draw(st.sampled_from(sorted(members)))
    votes = [v if v.agency != absent else Vote(v.agency, SUPPORT, authorised=False) for v in votes]
    votes = [v for v in votes if v.stance != BLOCK]
    tally = rules.tally_consensus(members, votes)
    assert not tally.reached
    assert absent in tally.missing


@given(full_votes())
def test_it_ignores_positions_of_unauthorised_members_and_non_members(mv):
    members, votes = mv
    noise = [Vote(agency=99, stance=BLOCK), *(Vote(v.agency, BLOCK, False) for v in votes)]
    assert rules.tally_consensus(members, votes + noise) == rules.tally_consensus(members, votes)


@given(full_votes())
def test_it_partitions_member_agencies(mv):
    members, votes = mv
    t = rules.tally_consensus(members, votes[: len(votes) // 2])
    parts = [t.supporting, t.standing_aside, t.blocking, t.missing]
    assert frozenset().union(*parts) == members
    assert sum(len(p) for p in parts) == len(members)


def test_it_applies_the_bodys_stand_aside_limit():
    votes = [Vote(1, SUPPORT), Vote(2, STAND_ASIDE), Vote(3, STAND_ASIDE)]
    assert rules.tally_consensus({1, 2, 3}, votes).reached
    limited = rules.tally_consensus({1, 2, 3}, votes, rule=ConsensusRule(stand_aside_limit=1))
    assert limited.outcome == rules.NO_CONSENSUS


def test_it_has_no_consensus_without_members():
    assert rules.tally_consensus(set(), []).outcome == rules.PENDING


@given(
    st.lists(st.text(min_size=1, max_size=5), unique=True, max_size=6),
    st.lists(st.frozensets(st.text(min_size=1, max_size=5), max_size=3), max_size=4),
)
def test_it_keeps_in_the_zone_of_agreement_only_options_no_one_blocks(options, blocks):
    votes = [Vote(i, BLOCK, blocked_options=b) for i, b in enumerate(blocks)]
    zone = rules.zone_of_agreement(options, votes)
    blocked = frozenset().union(*blocks) if blocks else frozenset()
    assert list(zone) == [o for o in options if o not in blocked]


def test_it_computes_quorum_by_member_agencies_present():
    assert rules.has_quorum({1, 2}, {1, 2, 3, 4}, 50)
    assert not rules.has_quorum({1}, {1, 2, 3, 4}, 50)
    assert not rules.has_quorum({9}, {1}, 1), "non-members do not count"
    assert not rules.has_quorum(set(), set(), 50)


def test_it_names_the_missing_clt_sectors():
    present = [k for k, _ in rules.CLT_SECTORS if k != "religious"]
    assert rules.missing_sectors(present) == ["religious"]
    assert len(rules.missing_sectors([])) == len(rules.CLT_SECTORS)


def test_it_says_when_a_checkin_is_overdue():
    today = date(2026, 3, 31)
    assert rules.checkin_overdue(None, today, 30)
    assert rules.checkin_overdue(date(2026, 2, 28), today, 30)
    assert not rules.checkin_overdue(date(2026, 3, 1), today, 30)


def _facts(**kw):  # type: ignore[no-untyped-def]
    base = {
        "today": date(2026, 3, 1),
        "pcg_formed_on": date(2010, 1, 1),
        "launch_on": date(2011, 1, 1),
        "clt_convened": True,
        "clt_represented_on_pcg": True,
        "last_checkin": date(2026, 2, 20),
    }
    return rules.HealthFacts(**{**base, **kw})


def _codes(**kw):  # type: ignore[no-untyped-def]
    return [w.code for w in rules.governance_warnings(_facts(**kw))]


def test_it_warns_on_each_core_principle():
    assert _codes() == []
    assert _codes(pcg_formed_on=None) == ["no_pcg"]
    assert _codes(pcg_formed_on=date(2012, 1, 1)) == ["pcg_after_launch"]
    assert _codes(clt_represented_on_pcg=False) == ["clt_not_on_pcg"]
    assert _codes(pcg_seats_not_senior_or_authorised=("A", "B")) == ["pcg_seat_not_authorised"] * 2
    assert _codes(pm_org_independent=False) == ["pm_not_independent"]
    assert _codes(pm_org_independent=False, pcg_oversees_pm=True, pm_subcommittee=True) == []
    assert _codes(clt_convened=False, last_checkin=date(2025, 1, 1)) == ["checkin_overdue"]
    assert _codes(clt_missing_sectors=("religious",)) == ["clt_sectors_missing"]
    assert _codes(clt_most_affected_represented=False) == ["clt_most_affected"]


def test_it_totals_budget_against_actual_by_category_and_source():
    by_cat, by_src = rules.budget_totals(
        [("cm", "city", 100, 40), ("cm", "county", 50, 50), ("eval", "city", 10, 0)]
    )
    assert by_cat == {"cm": (150, 90), "eval": (10, 0)}
    assert by_src == {"city": (110, 40), "county": (50, 50)}


def test_it_lists_parties_that_have_not_signed():
    assert rules.unsigned([1, 2, 3], {2: object()}) == [1, 3]
