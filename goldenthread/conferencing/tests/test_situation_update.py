"""A situation's status over meetings."""

from __future__ import annotations

import json

import pytest

from goldenthread.conferencing.models import Situation, SituationUpdate
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.roles import Role


@pytest.mark.django_db
def test_it_records_the_status_at_each_meeting(world):
    s = Situation.objects.create(
        site=world.alpha.site, title="Camp", place="5th & Pine", description="Tents"
    )
    m = meeting(world.alpha, "open")
    response = world.api(Role.PM).post(
        f"/api/v1/conferencing/situations/{s.pk}/updates",
        data=json.dumps({"status": "monitoring", "note": "Fewer tents", "meeting_id": m.pk}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "monitoring"
    update = SituationUpdate.objects.get()
    assert (update.meeting, update.status, update.note) == (m, "monitoring", "Fewer tents")
    page = world.client(Role.OFFICER).get(f"/conferencing/situations/{s.pk}/")
    assert b"Fewer tents" in page.content


@pytest.mark.django_db
def test_it_refuses_an_unknown_status(world):
    s = Situation.objects.create(
        site=world.alpha.site, title="Camp", place="5th & Pine", description="Tents"
    )
    page = world.client(Role.PM).post(
        f"/conferencing/situations/{s.pk}/update/", {"status": "gone"}
    )
    assert page.status_code == 422
    assert Situation.objects.get().status == "open" and not SituationUpdate.objects.exists()
