"""Closed-loop service referrals: sent, accepted, declined, completed, with dates."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from goldenthread.casework.models import ServiceReferral
from goldenthread.core.roles import Role
from goldenthread.testing import site_today


def _post(world, path, body, role=Role.CM):
    return world.api(role).post(
        f"/api/v1/casework{path}", data=json.dumps(body), content_type="application/json"
    )


@pytest.mark.django_db
def test_it_closes_the_loop_with_dates(world):
    p = world.participant()
    made = _post(
        world,
        f"/participants/{p.pk}/services",
        {"kind": "moud", "provider": "Evergreen Treatment Services"},
    )
    assert made.status_code == 201
    rid = made.json()["id"]
    assert _post(world, f"/services/{rid}/status", {"status": "accepted"}).status_code == 200
    done = _post(world, f"/services/{rid}/status", {"status": "completed"}, role=Role.ADVOCATE)
    assert done.json()["status"] == "completed" and done.json()["completed_on"]
    listed = world.api(Role.OUTREACH).get(f"/api/v1/casework/participants/{p.pk}/services")
    assert listed.json()[0]["accepted_on"] is not None


@pytest.mark.django_db
def test_it_refuses_steps_out_of_order_and_dates_in_the_future(world):
    p = world.participant()
    rid = _post(
        world, f"/participants/{p.pk}/services", {"kind": "housing", "provider": "DESC"}
    ).json()["id"]
    skip = _post(world, f"/services/{rid}/status", {"status": "completed"})
    assert skip.status_code == 422 and skip.json()["errors"][0]["field"] == "status"
    later = (site_today() + timedelta(days=3)).isoformat()
    future = _post(world, f"/services/{rid}/status", {"status": "accepted", "on": later})
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "on"
    assert ServiceReferral.objects.get().status == "sent"


@pytest.mark.django_db
def test_it_refuses_an_unknown_service_in_the_form(world):
    p = world.participant()
    response = world.client(Role.CM).post(
        f"/casework/p/{p.pk}/services/new/", {"kind": "spa", "provider": "x"}
    )
    assert response.status_code == 422
    assert not ServiceReferral.objects.exists()
