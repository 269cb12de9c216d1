"""Action items: owner, due date, status; open items carry forward."""

from __future__ import annotations

from datetime import date

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import Meeting
from goldenthread.governance.tests.matrix import pcg

pytestmark = pytest.mark.django_db


def test_it_records_an_item_that_carries_forward_until_done(world):
    body = pcg(world.alpha)
    first = Meeting.objects.create(site=world.alpha.site, body=body, held_on=date(2026, 1, 1))
    second = Meeting.objects.create(site=world.alpha.site, body=body, held_on=date(2026, 2, 1))
    api = world.api(Role.PM)
    item = api.post(
        f"/api/v1/governance/meetings/{first.pk}/action-items",
        data={
            "title": "Draft the comms policy",
            "owner_agency_id": world.alpha.memberships[Role.PM].agency_id,
            "owner_name": "PM",
            "due_on": "2026-01-20",
        },
        content_type="application/json",
    )
    assert item.status_code == 201
    carried = api.get(f"/api/v1/governance/meetings/{second.pk}").json()["carried_forward"]
    assert [c["title"] for c in carried] == ["Draft the comms policy"]
    api.post(f"/api/v1/governance/action-items/{item.json()['id']}/complete")
    assert api.get(f"/api/v1/governance/meetings/{second.pk}").json()["carried_forward"] == []


def test_it_refuses_an_item_due_before_its_meeting(world):
    meeting = Meeting.objects.create(
        site=world.alpha.site, body=pcg(world.alpha), held_on=date(2026, 1, 1)
    )
    response = world.client(Role.PM).post(
        f"/governance/meetings/{meeting.pk}/action-items/",
        {
            "title": "X",
            "owner_agency_id": world.alpha.memberships[Role.PM].agency_id,
            "due_on": "2025-12-01",
        },
    )
    assert response.status_code == 422
    assert not meeting.action_items.exists()
