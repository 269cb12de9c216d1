"""The owner closes an action item; others do not see it."""

from __future__ import annotations

import json

import pytest

from goldenthread.conferencing.models import ActionItem
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.roles import Role


@pytest.mark.django_db
def test_it_lets_the_owner_mark_it_done_and_no_one_else(world):
    action = ActionItem.objects.create(
        site=world.alpha.site,
        meeting=meeting(world.alpha, "closed"),
        description="Call the landlord",
        owner=world.alpha.users[Role.CM],
        agency=world.alpha.memberships[Role.CM].agency,
        due_on="2026-12-01",
    )
    url = f"/api/v1/conferencing/action-items/{action.pk}"
    body = json.dumps({"status": "done"})
    assert (
        world.api(Role.OFFICER).patch(url, data=body, content_type="application/json").status_code
        == 404
    )
    assert [
        a["id"] for a in world.api(Role.CM).get("/api/v1/conferencing/action-items").json()
    ] == [action.pk]
    response = world.api(Role.CM).patch(url, data=body, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert ActionItem.objects.get().completed_at is not None
    assert world.api(Role.CM).get("/api/v1/conferencing/action-items").json() == []
