"""Partner decisions: each partner records only in its own sphere."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.conferencing.models import PartnerDecision
from goldenthread.conferencing.tests.matrix import item, meeting
from goldenthread.core.roles import Role


def _decide(world, role, item_id, sphere, decision="Hold the filing in abeyance"):
    return world.api(role).post(
        f"/api/v1/conferencing/items/{item_id}/decisions",
        data=json.dumps({"sphere": sphere, "decision": decision}),
        content_type="application/json",
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sphere"),
    [
        (Role.CM, "clinical"),
        (Role.OFFICER, "enforcement_diversion"),
        (Role.PROSECUTOR, "prosecutorial"),
    ],
)
def test_it_records_a_decision_in_the_partners_sphere(world, role, sphere):
    shared = item(world.alpha)
    response = _decide(world, role, shared.pk, sphere)
    assert response.status_code == 201
    row = PartnerDecision.objects.get()
    assert (row.sphere, row.decided_role, row.provenance) == (sphere, role.value, "lead_derived")
    assert row.agency == world.alpha.memberships[role].agency
    assert AuditEvent.objects.filter(action="decision.record", role=role.value).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "sphere"),
    [
        (Role.CM, "prosecutorial"),
        (Role.OFFICER, "clinical"),
        (Role.PROSECUTOR, "enforcement_diversion"),
        (Role.PM, "clinical"),
        (Role.DEFENDER, "prosecutorial"),
    ],
)
def test_it_refuses_a_decision_outside_the_sphere_and_saves_nothing(world, role, sphere):
    shared = item(world.alpha)
    response = _decide(world, role, shared.pk, sphere)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "sphere"
    assert not PartnerDecision.objects.exists()
    assert not AuditEvent.objects.filter(action="decision.record").exists()


@pytest.mark.django_db
def test_it_refuses_the_form_outside_the_sphere_with_the_field_named(world):
    shared = item(world.alpha)
    response = world.client(Role.OFFICER).post(
        f"/conferencing/items/{shared.pk}/decisions/",
        {"sphere": "prosecutorial", "decision": "Decline to file"},
    )
    assert response.status_code == 422
    assert b"only in your own sphere" in response.content
    assert not PartnerDecision.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_meeting_not_in_progress(world):
    draft = item(world.alpha, meeting(world.alpha, "draft"))
    assert _decide(world, Role.CM, draft.pk, "clinical").status_code == 409
    closed = item(world.alpha, meeting(world.alpha, "closed"))
    assert _decide(world, Role.CM, closed.pk, "clinical").status_code == 409
    assert not PartnerDecision.objects.exists()


@pytest.mark.django_db
def test_it_hides_items_the_role_may_not_see(world):
    cm_only = item(world.alpha, visible_to_roles=["cm"])
    assert _decide(world, Role.OFFICER, cm_only.pk, "enforcement_diversion").status_code == 404
    foreign = item(world.beta)
    assert _decide(world, Role.CM, foreign.pk, "clinical").status_code == 404
