"""Which writes change which group of the dashboard's panels (``rules.panel_versions``): a
write of a kind a group reads moves that group's version and no other; a kind no panel reads
moves none; a kind the rules do not name moves every group."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.planning.rules import NO_PANEL, PANEL_GROUPS, panel_versions

GROUPS = set(PANEL_GROUPS)
ABOUT_PARTICIPANTS = GROUPS - {"decisions"}


@pytest.mark.parametrize(
    ("kind", "narrowed", "moved"),
    [
        ("casework.contact", False, {"contacts"}),
        ("casework.flexfundrequest", False, {"flex"}),
        ("casework.ledgerentry", False, {"flex"}),
        ("referrals.referral", False, {"referrals", "legal_events"}),
        ("referrals.referral", True, ABOUT_PARTICIPANTS),
        ("core.participant", False, ABOUT_PARTICIPANTS),
        ("legalservices.matter", False, {"legal_services"}),
        ("legal.decision", False, {"reviews"}),
        ("governance.decision", True, {"decisions"}),
        ("evaluation.importrun", False, {"legal_events"}),
        ("planning.reportsettings", False, {"legal_events"}),
        ("disclosures.disclosure", True, set()),
        ("casework.goal", False, set()),
        ("conferencing.rosteritem", False, set()),
        ("casework.caseworksettings", False, GROUPS),  # named nowhere: every group
        ("", False, GROUPS),  # an event about no object
    ],
)
def test_a_write_moves_the_groups_that_read_its_kind(kind, narrowed, moved):
    heads = {"casework.contact": 3, "governance.body": 5, "disclosures.consent": 8}
    before = panel_versions(heads, narrowed=narrowed)
    after = panel_versions({**heads, kind: 9}, narrowed=narrowed)
    assert {g for g in GROUPS if after[g] != before[g]} == moved


kinds = st.sampled_from(
    [
        "casework.contact",
        "casework.ledgerentry",
        "referrals.referral",
        "core.person",
        "legal.legalcase",
        "governance.body",
        "disclosures.consent",
        "casework.goal",
        "evaluation.importrun",
        "casework.caseworksettings",
        "mfa.authenticator",
        "",
    ]
)


@given(st.dictionaries(kinds, st.integers(0, 10**6)), kinds, st.booleans())
def test_versions_only_grow_and_a_write_moves_a_group_exactly_when_it_may_read_it(
    heads, kind, narrowed
):
    before = panel_versions(heads, narrowed=narrowed)
    seq = max(heads.values(), default=0) + 1
    after = panel_versions({**heads, kind: seq}, narrowed=narrowed)
    for group in GROUPS:
        assert after[group] >= before[group]
        moved = after[group] == seq
        assert moved == (after[group] != before[group])
    if any(kind == n or (n.endswith(".") and kind.startswith(n)) for n in NO_PANEL):
        assert after == before
