"""Referring through the three doors, with per-field errors and nothing saved on bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.audit.models import AuditEvent
from goldenthread.core.models import Agency, Person
from goldenthread.core.roles import Role
from goldenthread.referrals.models import Referral
from goldenthread.referrals.tests.http import ARREST, field_of, post
from goldenthread.testing import site_today

pytestmark = pytest.mark.django_db


def test_it_records_an_arrest_diversion_with_the_officers_agency(world):
    response = post(world, Role.OFFICER, "/", ARREST)
    assert response.status_code == 201
    assert response.json() == {
        "id": response.json()["id"],
        "door": "arrest",
        "status": "pending",
        "enrolled": False,
    }
    referral = Referral.objects.get()
    assert referral.referring_agency == world.alpha.agencies[Agency.Kind.POLICE]
    assert referral.state == "referred" and referral.person is None
    assert abs(referral.contact_at - timezone.now()) < timedelta(minutes=1)
    assert AuditEvent.objects.filter(action="referral.create", object_id=str(referral.pk)).exists()


def test_it_records_a_social_contact(world):
    body = {
        "door": "social",
        "first_name": "Ari",
        "last_name": "Lind",
        "prior_activity": "Possession, observed by the officer",
        "verification": "observation",
        "prior_activity_on": str(site_today() - timedelta(days=60)),
        "prior_activity_place": "3rd & Pine",
    }
    assert post(world, Role.OFFICER, "/", body).status_code == 201


def test_it_records_a_community_referral_without_a_charge(world):
    body = {
        "door": "community",
        "first_name": "Ari",
        "last_name": "Lind",
        "referring_partner": "Downtown shelter",
    }
    assert post(world, Role.PM, "/", body).status_code == 201


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"offence_category": ""}, "offence_category"),
        ({"offence_category": "jaywalking"}, "offence_category"),
        ({"contact_at": (timezone.now() + timedelta(days=1)).isoformat()}, "contact_at"),
        ({"probable_cause": False}, "probable_cause"),
        ({"first_name": " "}, "first_name"),
        ({"door": "window"}, "door"),
        ({"history_flags": [{"code": "unknown"}]}, "history_flags"),
    ],
)
def test_it_names_the_bad_field_and_saves_nothing(world, change, field):
    response = post(world, Role.OFFICER, "/", {**ARREST, **change})
    assert response.status_code == 422
    assert field_of(response) == field
    assert not Referral.objects.exists() and not Person.objects.exists()
    assert not AuditEvent.objects.filter(action="referral.create").exists()


def test_it_refuses_a_community_referral_with_a_charge(world):
    body = {
        "door": "community",
        "first_name": "A",
        "last_name": "B",
        "referring_partner": "Church",
        "charge": "Theft",
    }
    response = post(world, Role.PM, "/", body)
    assert response.status_code == 422 and field_of(response) == "charge"


def test_it_takes_the_phone_form_with_few_fields(world):
    client = world.client(Role.OFFICER)
    page = client.get("/referrals/new/")
    assert page.status_code == 200 and b"Send referral" in page.content
    response = client.post(
        "/referrals/new/",
        {
            "door": "arrest",
            "first_name": "Lee",
            "last_name": "Ortiz",
            "offence_category": "trespass",
            "probable_cause": "on",
        },
    )
    assert response.status_code == 302
    assert Referral.objects.get().offence_category == "trespass"


def test_it_shows_the_form_again_with_the_field_named(world):
    response = world.client(Role.OFFICER).post(
        "/referrals/new/",
        {"door": "arrest", "first_name": "Lee", "last_name": "Ortiz", "probable_cause": "on"},
    )
    assert response.status_code == 422
    assert "an arrest diversion needs the offence" in response.content.decode()
    assert not Referral.objects.exists()


def test_it_reads_the_forms_time_in_the_sites_zone(world):
    site = world.alpha.site
    site.time_zone = "America/Denver"
    site.save()
    world.client(Role.OFFICER).post(
        "/referrals/new/",
        {
            "door": "arrest",
            "first_name": "Lee",
            "last_name": "Ortiz",
            "offence_category": "trespass",
            "probable_cause": "on",
            "contact_at": "2026-07-01T09:15",
        },
    )
    referral = Referral.objects.get()
    assert referral.contact_at.isoformat() == "2026-07-01T15:15:00+00:00"  # MDT is UTC-6


def test_it_defaults_the_area_to_the_officers_last_one(world):
    post(world, Role.OFFICER, "/", {**ARREST, "area": "Belltown"})
    page = world.client(Role.OFFICER).get("/referrals/new/")
    assert 'value="Belltown"' in page.content.decode()
