"""Action items: an owner, an agency and a due date; they reach the owner's home page."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.conferencing.models import ActionItem
from goldenthread.conferencing.tests.matrix import item
from goldenthread.core.roles import Role


def _create(world, item_id, **data):
    return world.api(Role.PM).post(
        f"/api/v1/conferencing/items/{item_id}/action-items",
        data=json.dumps({"description": "Find a shelter bed", "due_on": "2026-12-10", **data}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_creates_an_action_item_with_the_owners_agency(world):
    shared = item(world.alpha)
    cm = world.alpha.users[Role.CM]
    response = _create(world, shared.pk, owner_id=cm.pk)
    assert response.status_code == 201
    action = ActionItem.objects.get()
    assert (action.owner, action.agency) == (cm, world.alpha.memberships[Role.CM].agency)
    assert action.meeting_id == shared.meeting_id
    assert AuditEvent.objects.filter(action="action_item.create").exists()


@pytest.mark.django_db
def test_it_refuses_an_action_item_without_an_owner_and_saves_nothing(world):
    shared = item(world.alpha)
    response = _create(world, shared.pk)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "owner_id", "message": "owner: every action item needs an owner."}
    ]
    page = world.client(Role.PM).post(
        f"/conferencing/items/{shared.pk}/action-items/",
        {"description": "Find a shelter bed", "due_on": "2026-12-10"},
    )
    assert page.status_code == 422 and b"every action item needs an owner" in page.content
    assert not ActionItem.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_owner_from_another_site_or_outside_the_owg_or_no_due_date(world):
    shared = item(world.alpha)
    outsider = world.beta.users[Role.CM]
    response = _create(world, shared.pk, owner_id=outsider.pk)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "owner_id"
    evaluator = world.alpha.users[Role.EVALUATOR]
    response = _create(world, shared.pk, owner_id=evaluator.pk)
    assert response.status_code == 422 and "OWG role" in response.json()["detail"]
    cm = world.alpha.users[Role.CM]
    response = _create(world, shared.pk, owner_id=cm.pk, due_on=None)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "due_on"
    assert not ActionItem.objects.exists()


@pytest.mark.django_db
def test_it_shows_the_action_item_on_the_owners_home_page(world):
    shared = item(world.alpha)
    _create(world, shared.pk, owner_id=world.alpha.users[Role.OFFICER].pk)
    home = world.client(Role.OFFICER).get("/")
    assert b"My OWG action items" in home.content and b"Find a shelter bed" in home.content
    assert b"Find a shelter bed" not in world.client(Role.CM).get("/").content
