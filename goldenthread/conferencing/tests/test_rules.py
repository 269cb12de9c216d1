"""The pure rules: spheres, role-filtered visibility, reordering, closed meetings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.conferencing import rules
from goldenthread.core.roles import Role

CLIN, ENF, PROS = rules.CLINICAL, rules.ENFORCEMENT_DIVERSION, rules.PROSECUTORIAL


@pytest.mark.parametrize(
    ("role", "sphere", "allowed"),
    [
        (Role.CM, CLIN, True),
        (Role.SUPERVISOR, CLIN, True),
        (Role.OUTREACH, CLIN, True),
        (Role.ADVOCATE, CLIN, True),
        (Role.OFFICER, ENF, True),
        (Role.POLICE_SUPERVISOR, ENF, True),
        (Role.PROSECUTOR, PROS, True),
        (Role.CM, PROS, False),
        (Role.CM, ENF, False),
        (Role.OFFICER, CLIN, False),
        (Role.OFFICER, PROS, False),
        (Role.PROSECUTOR, CLIN, False),
        (Role.PROSECUTOR, ENF, False),
        (Role.PM, CLIN, False),
        (Role.PM, PROS, False),
        (Role.DEFENDER, PROS, False),
        (Role.CM, "everything", False),
    ],
)
def test_it_lets_each_partner_decide_only_in_its_own_sphere(role, sphere, allowed):
    assert (rules.decision_refusal(role, sphere) is None) is allowed


@given(st.sampled_from(list(Role)), st.sampled_from(rules.SPHERES))
def test_it_never_lets_a_role_decide_in_two_spheres(role, sphere):
    allowed = [s for s in rules.SPHERES if rules.decision_refusal(role, s) is None]
    assert len(allowed) <= 1
    if rules.decision_refusal(role, sphere) is None:
        assert rules.sphere_of(role) == sphere


def _sees(role, *, kind="added", roles=(), tags=(), own=False, health=True):
    return rules.item_visible(
        role=role, kind=kind, visible_to_roles=roles, tags=tags, is_own=own, sees_health=health
    )


@pytest.mark.parametrize(
    ("role", "kwargs", "visible"),
    [
        (Role.PM, {}, True),
        (Role.OFFICER, {}, False),
        (Role.OFFICER, {"kind": "situation"}, True),
        (Role.OFFICER, {"roles": ["officer"]}, True),
        (Role.OFFICER, {"roles": ["cm"]}, False),
        (Role.OFFICER, {"tags": ["legal"]}, False),
        (Role.PROSECUTOR, {"tags": ["legal"]}, True),
        # A disclosure item reaches only the roles its consent covers: no tag shortcut.
        (Role.PROSECUTOR, {"tags": ["disclosures"]}, False),
        (Role.PROSECUTOR, {"roles": ["prosecutor"], "tags": ["disclosures"]}, True),
        (Role.PROSECUTOR, {"tags": ["part2"]}, False),
        (Role.PROSECUTOR, {"own": True}, False),
        (Role.CM, {"own": True}, True),
        (Role.CM, {"roles": ["cm"]}, True),
        (Role.CM, {}, False),
        (Role.DEFENDER, {"roles": ["officer"]}, False),
        (Role.EVALUATOR, {"roles": []}, False),
        (Role.OFFICER, {"roles": ["officer"], "tags": ["part2"], "health": False}, False),
        (Role.CM, {"own": True, "tags": ["part2"], "health": True}, True),
        (Role.PM, {"tags": ["part2"], "health": False}, True),
    ],
)
def test_it_filters_one_roster_by_role(role, kwargs, visible):
    assert _sees(role, **kwargs) is visible


@given(
    st.sampled_from([r for r in Role if r != Role.PM]),
    st.lists(st.sampled_from([r.value for r in Role]), max_size=5),
)
def test_it_shows_police_nothing_they_were_not_given(role, roles):
    if role in rules.POLICE:
        tags = ["legal", "disclosures"]
        assert _sees(role, roles=roles, tags=tags, own=True, health=False) == (role.value in roles)


@given(st.lists(st.integers(1, 10_000), min_size=1, max_size=30, unique=True), st.data())
def test_it_moves_one_item_and_keeps_the_rest_in_order(ids, data):
    item = data.draw(st.sampled_from(ids))
    position = data.draw(st.integers(-5, len(ids) + 5))
    after = rules.moved(ids, item, position)
    assert sorted(after) == sorted(ids)
    assert [i for i in after if i != item] == [i for i in ids if i != item]
    assert after.index(item) == max(0, min(position, len(ids) - 1))


def test_it_refuses_to_move_an_item_not_on_the_roster():
    with pytest.raises(ValueError):
        rules.moved([1, 2], 3, 0)


@pytest.mark.parametrize(
    ("status", "reason", "refused"),
    [
        (rules.DRAFT, "", False),
        (rules.OPEN, "", False),
        (rules.CLOSED, "", True),
        (rules.CLOSED, "  ok ", True),
        (rules.CLOSED, "Typo in the attendance", False),
    ],
)
def test_it_asks_for_an_amendment_reason_once_closed(status, reason, refused):
    assert (rules.minutes_refusal(status, reason) is not None) is refused


def test_it_carries_forward_only_items_not_reached():
    statuses = {1: rules.PENDING, 2: rules.DISCUSSED, 3: rules.REMOVED, 4: rules.PENDING}
    assert rules.carried_forward(statuses) == [1, 4]


@pytest.mark.parametrize(("minutes", "ok"), [(0, False), (1, True), (120, True), (121, False)])
def test_it_bounds_the_time_box(minutes, ok):
    assert (rules.time_box_refusal(minutes) is None) is ok


def _identity(**kw):  # type: ignore[no-untyped-def]
    base = {
        "key": "",
        "source": "referrals.new",
        "kind": "referral",
        "participant_id": 7,
        "situation_id": None,
        "title": "Dana: referred",
    }
    return rules.item_identity(**{**base, **kw})


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ({"key": "referral:1"}, {"key": "referral:1", "title": "Another title"}, True),
        ({"key": "referral:1"}, {"key": "referral:2"}, False),
        ({}, {}, True),  # keyless, alike in every stored column
        ({}, {"title": "Dana: intake due"}, False),
        ({}, {"participant_id": 8}, False),
        ({}, {"source": "casework.no_contact"}, False),
        ({}, {"kind": "intake"}, False),
        ({}, {"situation_id": 3}, False),
        ({}, {"key": "referral:1"}, False),  # a keyed item is never a keyless one
        ({"title": "x" * 200}, {"title": "x" * 200 + "y"}, True),  # stored cut to 200
        ({"key": "k" * 100}, {"key": "k" * 100 + "z"}, True),  # stored cut to 100
    ],
)
def test_a_candidate_is_the_item_the_roster_holds_by_key_or_else_by_what_is_stored(a, b, same):
    assert (_identity(**a) == _identity(**b)) is same


@given(st.text(max_size=120), st.text(max_size=250), st.text(max_size=250))
def test_a_keyed_candidate_is_known_by_its_key_alone(key, title, other_title):
    if key:
        assert _identity(key=key, title=title) == _identity(key=key, title=other_title)
