"""Bulk reassignment when a case manager leaves: a reason for each move, audited, capped."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model

from goldenthread.audit.models import AuditEvent
from goldenthread.casework.models import Reassignment
from goldenthread.core.models import Membership, Participant
from goldenthread.core.roles import Role


@pytest.fixture
def second_cm(world):
    user = get_user_model().objects.create_user(username="cm_b", password="x")
    Membership.objects.create(
        site=world.alpha.site,
        user=user,
        agency=world.alpha.memberships[Role.CM].agency,
        role=Role.CM,
    )
    return user


def _move(world, body, role=Role.SUPERVISOR):
    return world.api(role).post(
        "/api/v1/casework/reassign", data=json.dumps(body), content_type="application/json"
    )


@pytest.mark.django_db
def test_it_moves_a_caseload_with_a_reason_and_audits_each_move(world, second_cm):
    ids = [world.participant(first_name=f"P{i}").pk for i in range(3)]
    response = _move(
        world,
        {
            "participant_ids": ids,
            "to_user_id": second_cm.pk,
            "reason": "Case manager left the agency",
        },
    )
    assert response.status_code == 200 and response.json()["id"] == 3
    assert set(Participant.objects.values_list("case_manager", flat=True)) == {second_cm.pk}
    assert Reassignment.objects.filter(reason="Case manager left the agency").count() == 3
    assert AuditEvent.objects.filter(action="participant.reassign").count() == 3


@pytest.mark.django_db
def test_it_needs_a_reason_and_saves_nothing_without_one(world, second_cm):
    p = world.participant()
    response = _move(world, {"participant_ids": [p.pk], "to_user_id": second_cm.pk, "reason": ""})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "reason"
    assert Participant.objects.get().case_manager == world.alpha.users[Role.CM]


@pytest.mark.django_db
def test_it_refuses_to_put_a_case_manager_over_the_cap(world, second_cm):
    world.alpha.site.caseload_cap = 2
    world.alpha.site.caseload_target = 2
    world.alpha.site.save()
    ids = [world.participant(first_name=f"P{i}").pk for i in range(3)]
    response = _move(world, {"participant_ids": ids, "to_user_id": second_cm.pk, "reason": "Leave"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "to_user_id"
    assert not Reassignment.objects.exists()


@pytest.mark.django_db
def test_it_refuses_another_sites_participant_and_moves_nobody(world, second_cm):
    mine = world.participant()
    theirs = world.participant(world.beta)
    response = _move(
        world,
        {"participant_ids": [mine.pk, theirs.pk], "to_user_id": second_cm.pk, "reason": "Leave"},
    )
    assert response.status_code == 422
    assert not Reassignment.objects.exists()


@pytest.mark.django_db
def test_it_moves_through_the_page(world, second_cm):
    p = world.participant()
    client = world.client(Role.PM)
    page = client.get(f"/casework/team/reassign/?from={world.alpha.users[Role.CM].pk}")
    assert str(p).encode() in page.content
    response = client.post(
        "/casework/team/reassign/",
        {"participant_ids": [p.pk], "to_user_id": second_cm.pk, "reason": "Parental leave"},
    )
    assert response.status_code == 302
    assert Participant.objects.get().case_manager == second_cm
    assert (
        client.post(
            "/casework/team/reassign/", {"participant_ids": [p.pk], "to_user_id": second_cm.pk}
        ).status_code
        == 422
    )
