"""Intake's three outcomes: accept with an attorney, decline with a reason the CM sees, refer
elsewhere naming to whom."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.legalservices.models import Matter
from goldenthread.legalservices.tests.matrix import checked_matter, referred_matter

API = "/api/v1/legalservices/matters"


def _post(world, path, body):
    return world.api(Role.LEGAL_SERVICES).post(
        f"{API}/{path}", data=json.dumps(body), content_type="application/json"
    )


def _status(world, matter, role=Role.CM):
    return world.api(role).get(f"{API}/{matter.pk}/status")


@pytest.mark.django_db
def test_it_accepts_with_an_attorney_and_the_cm_sees_who(world):
    matter = checked_matter(world, world.alpha)
    response = _post(world, f"{matter.pk}/accept", {"attorney": "legal_services"})
    assert response.status_code == 200
    assert response.json()["attorney"] == "legal_services"
    status = _status(world, matter).json()
    assert (status["status"], status["attorney"]) == ("open", "legal_services")
    assert AuditEvent.objects.filter(action="matter.accept", object_id=str(matter.pk)).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["cm", "beta_legal_services", "nobody"])
def test_it_assigns_only_a_legal_services_attorney_of_the_site(world, who):
    matter = checked_matter(world, world.alpha)
    response = _post(world, f"{matter.pk}/accept", {"attorney": who})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "attorney"
    assert Matter.objects.get(pk=matter.pk).status == "referred"


@pytest.mark.django_db
def test_it_declines_with_a_reason_the_cm_sees(world):
    matter = referred_matter(world, world.alpha)
    assert _post(world, f"{matter.pk}/decline", {"reason": ""}).status_code == 422
    response = _post(world, f"{matter.pk}/decline", {"reason": "Outside our service area."})
    assert response.status_code == 200
    status = _status(world, matter).json()
    assert status["status"] == "declined"
    assert status["decline_reason"] == "Outside our service area."
    page = world.client(Role.CM).get(f"/legalservices/matters/{matter.pk}/status/")
    assert b"Outside our service area." in page.content


@pytest.mark.django_db
def test_it_refers_elsewhere_naming_to_whom(world):
    matter = referred_matter(world, world.alpha)
    bad = _post(world, f"{matter.pk}/refer-elsewhere", {"referred_to": " "})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "referred_to"
    response = _post(world, f"{matter.pk}/refer-elsewhere", {"referred_to": "Tenant Law Center"})
    assert response.status_code == 200
    status = _status(world, matter).json()
    assert (status["status"], status["referred_to"]) == ("referred_out", "Tenant Law Center")
    assert status["closed_on"] is not None


@pytest.mark.django_db
def test_it_decides_a_referral_only_once(world):
    matter = checked_matter(world, world.alpha)
    assert _post(world, f"{matter.pk}/decline", {"reason": "No capacity."}).status_code == 200
    again = _post(world, f"{matter.pk}/accept", {"attorney": "legal_services"})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "status"
    assert Matter.objects.get(pk=matter.pk).status == "declined"


@pytest.mark.django_db
def test_it_runs_intake_through_the_page(world):
    matter = checked_matter(world, world.alpha)
    client = world.client(Role.LEGAL_SERVICES)
    bad = client.post(f"/legalservices/matters/{matter.pk}/refer-elsewhere/", {"referred_to": ""})
    assert bad.status_code == 422
    response = client.post(
        f"/legalservices/matters/{matter.pk}/accept/", {"attorney": "legal_services"}
    )
    assert response.status_code == 302
    assert Matter.objects.get(pk=matter.pk).attorney == world.alpha.users[Role.LEGAL_SERVICES]
