"""Duplicates are linked, not merged, and can be unlinked."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.models import Person
from goldenthread.core.roles import Role
from goldenthread.referrals.models import PersonLink
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import field_of, post

pytestmark = pytest.mark.django_db


def _two(world):
    a = makers.referral(world.alpha, first_name="Casey", last_name="Moore").person
    b = makers.referral(world.alpha, first_name="Kasey", last_name="Moore").person
    return a, b


def test_it_links_two_people_without_merging_them(world):
    a, b = _two(world)
    response = post(
        world, Role.CM, "/links", {"person_id": a.pk, "other_id": b.pk, "reason": "Same DOB"}
    )
    assert response.status_code == 201 and response.json()["active"] is True
    assert Person.objects.filter(pk__in=[a.pk, b.pk]).count() == 2
    assert response.json()["score"] >= 80
    assert AuditEvent.objects.filter(action="person.link").exists()


def test_it_unlinks_and_keeps_the_record(world):
    a, b = _two(world)
    link_id = post(world, Role.CM, "/links", {"person_id": a.pk, "other_id": b.pk}).json()["id"]
    response = post(world, Role.CM, f"/links/{link_id}/unlink")
    assert response.status_code == 200 and response.json()["active"] is False
    assert PersonLink.objects.filter(pk=link_id, unlinked_at__isnull=False).exists()
    assert post(world, Role.CM, f"/links/{link_id}/unlink").status_code == 409


def test_it_refuses_a_second_link_and_a_self_link(world):
    a, b = _two(world)
    post(world, Role.CM, "/links", {"person_id": a.pk, "other_id": b.pk})
    assert post(world, Role.CM, "/links", {"person_id": b.pk, "other_id": a.pk}).status_code == 409
    response = post(world, Role.CM, "/links", {"person_id": a.pk, "other_id": a.pk})
    assert response.status_code == 422 and field_of(response) == "other_id"


def test_it_cannot_link_another_sites_person(world):
    a, _ = _two(world)
    foreign = makers.referral(world.beta).person
    response = post(world, Role.CM, "/links", {"person_id": a.pk, "other_id": foreign.pk})
    assert response.status_code == 422 and field_of(response) == "other_id"


def test_it_links_from_the_referral_page(world):
    a, b = _two(world)
    referral = a.referrals.get()
    response = world.client(Role.CM).post(f"/referrals/{referral.pk}/link/", {"other_id": b.pk})
    assert response.status_code == 302
    page = world.client(Role.CM).get(f"/referrals/{referral.pk}/").content.decode()
    assert "Linked records (not merged)" in page and "Kasey Moore" in page
