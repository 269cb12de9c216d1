"""The PM shapes the roster: reorder, time box, remove and restore."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.conferencing.models import RosterItem
from goldenthread.conferencing.tests.matrix import item, meeting
from goldenthread.core.roles import Role


def _patch(world, item_id, **data):
    return world.api(Role.PM).patch(
        f"/api/v1/conferencing/items/{item_id}",
        data=json.dumps(data),
        content_type="application/json",
    )


def _order(m):
    return list(RosterItem.objects.filter(meeting=m).values_list("title", flat=True))


@pytest.mark.django_db
def test_it_moves_an_item_to_a_position(world):
    m = meeting(world.alpha)
    a, b, c = (item(world.alpha, m, title=t, order=n) for n, t in enumerate("abc", start=1))
    assert _patch(world, c.pk, position=0).status_code == 200
    assert _order(m) == ["c", "a", "b"]
    world.client(Role.PM).post(f"/conferencing/items/{a.pk}/", {"op": "down"})
    assert _order(m) == ["c", "b", "a"]
    assert AuditEvent.objects.filter(action="roster.item_update").count() == 2
    assert b.pk


@pytest.mark.django_db
def test_it_sets_a_time_box_and_refuses_one_out_of_bounds(world):
    shared = item(world.alpha, meeting(world.alpha))
    assert _patch(world, shared.pk, time_box_minutes=12).json()["time_box_minutes"] == 12
    response = _patch(world, shared.pk, time_box_minutes=500)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "time_box_minutes"
    assert RosterItem.objects.get().time_box_minutes == 12


@pytest.mark.django_db
def test_it_removes_and_restores_an_item(world):
    shared = item(world.alpha, meeting(world.alpha))
    assert _patch(world, shared.pk, status="removed").json()["status"] == "removed"
    assert _patch(world, shared.pk, status="pending").json()["status"] == "pending"
    assert _patch(world, shared.pk, status="carried_forward").status_code == 422


@pytest.mark.django_db
def test_it_leaves_a_closed_meetings_roster_alone(world):
    shared = item(world.alpha, meeting(world.alpha, "closed"))
    assert _patch(world, shared.pk, time_box_minutes=9).status_code == 409
    assert RosterItem.objects.get().time_box_minutes == 5
