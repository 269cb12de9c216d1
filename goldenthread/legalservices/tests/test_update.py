"""Court or tribunal, case number, and reassigning the attorney."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model

from goldenthread.core.models import Membership
from goldenthread.core.roles import Role
from goldenthread.legalservices.tests.matrix import open_matter, referred_matter


def _patch(world, matter, body):
    return world.api(Role.LEGAL_SERVICES).patch(
        f"/api/v1/legalservices/matters/{matter.pk}",
        data=json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_saves_court_and_case_number(world):
    matter = open_matter(world, world.alpha)
    body = _patch(world, matter, {"court": "Yakima County District Court", "case_number": "7Z1"})
    assert body.status_code == 200
    assert (body.json()["court"], body.json()["case_number"]) == (
        "Yakima County District Court",
        "7Z1",
    )


@pytest.mark.django_db
def test_it_reassigns_to_another_attorney_of_the_site(world):
    colleague = get_user_model().objects.create_user(username="attorney2", password="x")
    Membership.objects.create(
        site=world.alpha.site,
        user=colleague,
        agency=world.alpha.agencies["legal_services"],
        role=Role.LEGAL_SERVICES,
    )
    matter = open_matter(world, world.alpha)
    assert _patch(world, matter, {"attorney": "attorney2"}).json()["attorney"] == "attorney2"
    bad = _patch(world, matter, {"attorney": "prosecutor"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "attorney"


@pytest.mark.django_db
def test_it_assigns_no_attorney_before_intake(world):
    matter = referred_matter(world, world.alpha)
    response = _patch(world, matter, {"attorney": "legal_services"})
    assert response.status_code == 422


@pytest.mark.django_db
def test_it_updates_through_the_page(world):
    colleague = get_user_model().objects.create_user(username="attorney2", password="x")
    Membership.objects.create(
        site=world.alpha.site,
        user=colleague,
        agency=world.alpha.agencies["legal_services"],
        role=Role.LEGAL_SERVICES,
    )
    matter = open_matter(world, world.alpha)
    client = world.client(Role.LEGAL_SERVICES)
    response = client.post(
        f"/legalservices/matters/{matter.pk}/update/",
        {"court": "Kent Regional Justice Center", "case_number": "A-1", "attorney": "attorney2"},
    )
    assert response.status_code == 302
    matter.refresh_from_db()
    assert (matter.court, matter.case_number, matter.attorney) == (
        "Kent Regional Justice Center",
        "A-1",
        colleague,
    )
    bad = client.post(f"/legalservices/matters/{matter.pk}/update/", {"attorney": "cm"})
    assert bad.status_code == 422
    matter.refresh_from_db()
    assert matter.attorney == colleague
