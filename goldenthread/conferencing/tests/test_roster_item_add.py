"""The PM adds an item by hand and chooses who sees it."""

from __future__ import annotations

import json

import pytest

from goldenthread.conferencing.models import RosterItem
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.roles import Role


def _add(world, meeting_id, **data):
    return world.api(Role.PM).post(
        f"/api/v1/conferencing/meetings/{meeting_id}/items",
        data=json.dumps({"title": "Referral outcome", **data}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_adds_an_item_for_chosen_roles(world):
    m = meeting(world.alpha)
    dana = world.participant()
    response = _add(
        world, m.pk, participant_id=dana.pk, visible_to_roles=["officer"], time_box_minutes=3
    )
    assert response.status_code == 201
    row = RosterItem.objects.get()
    assert (row.participant, row.visible_to_roles, row.time_box_minutes, row.source) == (
        dana,
        ["officer"],
        3,
        "conferencing.pm",
    )


@pytest.mark.django_db
def test_it_refuses_unknown_roles_foreign_participants_and_empty_titles(world):
    m = meeting(world.alpha)
    bad_role = _add(world, m.pk, visible_to_roles=["evaluator"])
    assert bad_role.json()["errors"][0]["field"] == "visible_to_roles"
    foreign = _add(world, m.pk, participant_id=world.participant(world.beta).pk)
    assert foreign.json()["errors"][0]["field"] == "participant_id"
    assert _add(world, m.pk, title=" ").json()["errors"][0]["field"] == "title"
    page = world.client(Role.PM).post(f"/conferencing/{m.pk}/items/", {"time_box_minutes": 5})
    assert page.status_code == 422
    assert not RosterItem.objects.exists()
