"""The Individual Intervention Plan: goals in the participant's words, steps, progress."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AccessEvent, AuditEvent
from goldenthread.casework.models import ActionStep, Goal
from goldenthread.core.roles import Role


def _api(world, role, method, path, body=None):
    client = world.api(role)
    url = f"/api/v1/casework{path}"
    if method == "get":
        return client.get(url)
    return getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json"
    )


@pytest.mark.django_db
def test_it_builds_a_plan_with_steps_and_progress(world):
    p = world.participant()
    made = _api(
        world,
        Role.CM,
        "post",
        f"/participants/{p.pk}/goals",
        {"domain": "income", "title": "Get my SSI back", "target_on": "2027-02-01"},
    )
    assert made.status_code == 201
    goal_id = made.json()["id"]
    step = _api(
        world,
        Role.CM,
        "post",
        f"/goals/{goal_id}/steps",
        {
            "description": "Gather medical records",
            "owner": "Participant and CM",
            "due_on": "2026-12-15",
        },
    )
    assert step.status_code == 201
    assert _api(world, Role.CM, "post", f"/steps/{step.json()['id']}/done").status_code == 200
    note = _api(
        world,
        Role.SUPERVISOR,
        "post",
        f"/goals/{goal_id}/progress",
        {"note": "Approved at reconsideration", "state": "achieved"},
    )
    assert note.status_code == 201
    plan = _api(world, Role.OUTREACH, "get", f"/participants/{p.pk}/goals").json()
    assert plan[0]["state"] == "achieved" and plan[0]["steps"][0]["done_on"]
    assert "Approved at reconsideration" in plan[0]["progress"][0]
    assert AccessEvent.objects.filter(role="outreach", categories=["plan_goals"]).exists()
    assert (
        AuditEvent.objects.filter(action__in=["goal.add", "step.add", "goal.progress"]).count() == 3
    )


@pytest.mark.django_db
def test_it_refuses_a_goal_outside_the_plans_domains(world):
    p = world.participant()
    response = _api(
        world, Role.CM, "post", f"/participants/{p.pk}/goals", {"domain": "astrology", "title": "x"}
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "domain"
    assert not Goal.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_step_without_an_owner_in_the_form(world):
    p = world.participant()
    goal = _api(
        world,
        Role.CM,
        "post",
        f"/participants/{p.pk}/goals",
        {"domain": "housing", "title": "A room"},
    ).json()
    response = world.client(Role.CM).post(
        f"/casework/goals/{goal['id']}/steps/new/", {"description": "Call", "owner": " "}
    )
    assert response.status_code == 422
    assert not ActionStep.objects.exists()


@pytest.mark.django_db
def test_it_lets_outreach_read_but_not_write_the_plan(world):
    p = world.participant()
    response = _api(
        world,
        Role.OUTREACH,
        "post",
        f"/participants/{p.pk}/goals",
        {"domain": "housing", "title": "A room"},
    )
    assert response.status_code == 404
