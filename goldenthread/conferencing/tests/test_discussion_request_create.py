"""A partner asks the OWG to discuss a participant; the request joins the next roster."""

from __future__ import annotations

import json

import pytest

from goldenthread.conferencing.models import DiscussionRequest, RosterItem
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.roles import Role


@pytest.mark.django_db
def test_it_puts_the_participant_on_the_next_roster_visible_to_the_requester(world):
    dana = world.participant()
    page = world.client(Role.ADVOCATE).post(
        "/conferencing/requests/new/", {"participant_id": dana.pk, "reason": "Court date soon"}
    )
    assert page.status_code == 302
    assert DiscussionRequest.objects.get().requested_role == "advocate"
    m = meeting(world.alpha)
    world.api(Role.PM).post(f"/api/v1/conferencing/meetings/{m.pk}/roster")
    row = RosterItem.objects.get(kind="discussion_request")
    assert row.participant == dana and "advocate" in row.visible_to_roles


@pytest.mark.django_db
def test_it_refuses_a_participant_the_role_may_not_see(world):
    dana = world.participant()
    response = world.api(Role.OFFICER).post(
        "/api/v1/conferencing/requests",
        data=json.dumps({"participant_id": dana.pk, "reason": "Seen downtown"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not DiscussionRequest.objects.exists()
