"""The pure rules: intake's three decisions, deadlines, amounts, fuzzy conflicts, the report."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.legalservices import rules
from goldenthread.legalservices.rules import Candidate, MatterRow

D = date(2026, 3, 1)


@pytest.mark.parametrize(
    ("status", "decision", "conflict", "reason", "to", "field"),
    [
        ("referred", "accept", "not_checked", "", "", "conflict"),
        ("referred", "accept", "flagged", "", "", "conflict"),
        ("referred", "accept", "clear", "", "", None),
        ("referred", "accept", "cleared", "", "", None),
        ("referred", "decline", "not_checked", "", "", "reason"),
        ("referred", "decline", "not_checked", "  ", "", "reason"),
        ("referred", "decline", "flagged", "Out of scope", "", None),
        ("referred", "refer_out", "not_checked", "", "", "referred_to"),
        ("referred", "refer_out", "not_checked", "", "Tenant Law Center", None),
        ("open", "accept", "clear", "", "", "status"),
        ("declined", "decline", "clear", "again", "", "status"),
        ("referred", "shrug", "clear", "", "", "decision"),
    ],
)
def test_it_decides_intake_as_the_table_says(status, decision, conflict, reason, to, field):
    refusal = rules.intake_refusal(
        status=status, decision=decision, conflict_state=conflict, reason=reason, referred_to=to
    )
    assert (refusal.field if refusal else None) == field


@given(st.integers(min_value=-400, max_value=400))
def test_it_refuses_exactly_the_deadlines_before_the_referral(offset):
    refusal = rules.deadline_refusal(D + timedelta(days=offset), D)
    assert (refusal is not None) == (offset < 0)
    if refusal:
        assert refusal.field == "due_on"


@given(
    st.sampled_from(sorted(rules.OUTCOMES)),
    st.one_of(st.none(), st.decimals(min_value=-10_000, max_value=10_000, places=2)),
)
def test_it_takes_amounts_only_where_they_apply_and_never_below_zero(kind, amount):
    refusal = rules.outcome_refusal(kind, amount)
    ok = (amount is None or amount >= 0) and (
        (kind in rules.AMOUNT_OUTCOMES) == (amount is not None)
    )
    assert (refusal is None) == ok
    if amount is not None and amount < 0:
        assert refusal is not None and refusal.field == "amount"


def test_it_lists_the_eight_matter_types_and_six_outcomes():
    assert len(rules.MATTER_TYPES) == 8
    assert set(rules.OUTCOMES) == {
        "eviction_avoided",
        "conviction_vacated",
        "lfo_reduced",
        "debt_relieved",
        "warrant_quashed",
        "immigration_relief",
    }
    assert {"lfo_reduced", "debt_relieved"} == rules.AMOUNT_OUTCOMES


@pytest.mark.parametrize(
    ("a", "b", "match"),
    [
        ("Acme Property Management LLC", "ACME property management", True),
        ("Rivera, Dana", "Dana Rivera", True),
        ("Jon Smyth", "John Smith", True),
        ("Seattle Police Dept.", "Seattle Police Department", True),
        ("Jose Martinez", "Jose Ramirez", False),
        ("Dana Rivera", "Marcus Lee", False),
        ("Midland Funding", "Midland Portfolio Acquisitions", False),
        ("", "Anyone", False),
    ],
)
def test_it_scores_names_the_way_a_person_would(a, b, match):
    assert (rules.name_score(a, b) >= rules.MATCH_THRESHOLD) == match


@given(st.text(min_size=1, max_size=40))
def test_it_scores_a_name_against_itself_at_most_and_symmetrically(name):
    other = name[::-1]
    assert rules.name_score(name, other) == rules.name_score(other, name)
    if rules.normalise_name(name):
        assert rules.name_score(name, name) == 100


def test_it_flags_each_hit_once_and_only_in_the_sources_asked():
    candidates = [
        Candidate("participant", "participant #1: Dana Rivera", ("Dana Rivera", "Dee Rivera")),
        Candidate("party", "adverse party in matter #2: Dana Riviera", ("Dana Riviera",)),
        Candidate("agency", "agency: Seattle Police Department", ("Seattle Police Department",)),
    ]
    # The client is searched only against other matters' adverse parties.
    hits = rules.conflict_hits([("Dana Rivera", {"party"})], candidates)
    assert [(h.searched, h.source) for h in hits] == [("Dana Rivera", "party")]
    hits = rules.conflict_hits([("Dana Rivera", set(rules.HIT_SOURCES))], candidates)
    assert sorted(h.source for h in hits) == ["participant", "party"]


def test_it_reminds_from_the_window_until_met():
    due = D + timedelta(days=7)
    assert not rules.reminder_due(due, 7, D - timedelta(days=1))
    assert rules.reminder_due(due, 7, D)
    assert rules.reminder_due(due, 7, due + timedelta(days=30))
    assert rules.is_overdue(due, due + timedelta(days=1)) and not rules.is_overdue(due, due)


def test_it_totals_outcomes_and_times_resolution():
    rows = [
        MatterRow("eviction", "closed", D, D + timedelta(days=10), (("eviction_avoided", None),)),
        MatterRow(
            "lfo_relief",
            "closed",
            D,
            D + timedelta(days=30),
            (("lfo_reduced", Decimal("100.50")), ("lfo_reduced", Decimal("99.50"))),
        ),
        MatterRow("eviction", "declined", D, D + timedelta(days=2)),
        MatterRow("family_law", "open", D, None),
    ]
    report = rules.summarise(rows)
    assert report.total == 4 and report.resolved == 3
    assert report.by_type["eviction"] == 2 and report.by_type["immigration"] == 0
    assert report.outcome_counts["lfo_reduced"] == 2
    assert report.outcome_totals["lfo_reduced"] == Decimal("200.00")
    assert report.outcome_totals["debt_relieved"] == Decimal("0")
    assert report.median_days_by_type == {"eviction": 6.0, "lfo_relief": 30.0}
    assert report.median_days == 10.0


@given(st.lists(st.integers(min_value=0, max_value=1000), max_size=30))
def test_it_counts_every_row_once(days):
    rows = [MatterRow("eviction", "closed", D, D + timedelta(days=n)) for n in days]
    report = rules.summarise(rows)
    assert report.total == report.resolved == sum(report.by_type.values()) == len(days)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"\xff\xd8\xff\xdb\x00", "image/jpeg"),
        ("Señora Ruiz\r\n\tsigned.\f".encode(), "text/plain"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00", None),
        (b"MZ\x90\x00", None),
        (b"%PDF", "text/plain"),  # a truncated magic is not a PDF: only text
        ("café".encode("latin-1"), None),
        (b"", None),
    ],
)
def test_it_tells_a_documents_type_by_its_bytes(data, expected):
    assert rules.document_type(data) == expected


@given(st.binary(max_size=64), st.integers(0, 64), st.integers(1, 64))
def test_it_refuses_exactly_the_empty_oversized_and_unknown(data, size, max_bytes):
    refusal = rules.document_refusal(data, size, max_bytes)
    ok = 0 < size <= max_bytes and rules.document_type(data) is not None
    assert (refusal is None) == ok
    assert refusal is None or refusal.field == "file"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("order.pdf", "order.pdf"),
        ("C:\\Users\\x\\scan.jpg", "scan.jpg"),
        ("../../etc/passwd", "passwd"),
        ('a"b\r\n.pdf', "a_b__.pdf"),
        ("", "document.pdf"),
    ],
)
def test_it_cleans_an_uploaded_name(name, expected):
    assert rules.safe_filename(name, "application/pdf") == expected


@pytest.mark.parametrize(
    ("attorney", "remind_referrer", "expected"),
    [(7, True, [7, 3]), (7, False, [7]), (None, True, [1, 2, 3]), (None, False, [1, 2])],
)
def test_it_reminds_the_attorney_or_the_team_and_the_referrer_if_asked(
    attorney, remind_referrer, expected
):
    got = rules.reminder_recipients(
        attorney=attorney, team={2, 1}, referrer=3, remind_referrer=remind_referrer
    )
    assert got == expected


@given(st.one_of(st.none(), st.integers(0, 365)), st.integers(0, 365))
def test_a_deadlines_own_lead_wins_over_the_site_window(own, window):
    assert rules.remind_days_of(own, window) == (window if own is None else own)
