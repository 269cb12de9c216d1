"""Who the person is: possible duplicates are shown before a new person is created."""

from __future__ import annotations

from datetime import date

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.models import Person
from goldenthread.core.roles import Role
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import field_of, get, post

pytestmark = pytest.mark.django_db


def _dana(world, **kw):
    """A referral for someone very like the world's participant Dana Rivera (1980-05-17)."""
    fields = {"first_name": "Dana", "last_name": "Riviera", "date_of_birth": date(1980, 5, 17)}
    fields.update(kw)
    return makers.referral(world.alpha, identified=False, **fields)


def test_it_lists_possible_duplicates_by_name_alias_and_birth(world):
    participant = world.participant()
    referral = _dana(world)
    response = get(world, Role.CM, f"/{referral.pk}/matches")
    assert response.status_code == 200
    (match,) = response.json()
    assert match["person_id"] == participant.person_id and match["is_participant"] is True


def test_it_finds_a_match_through_an_alias(world):
    participant = world.participant(first_name="Robin", last_name="Hale")
    participant.person.aliases = ["Bobbie Hale"]
    participant.person.save()
    referral = _dana(world, first_name="Bobbie", last_name="Hale")
    assert [m["person_id"] for m in get(world, Role.CM, f"/{referral.pk}/matches").json()] == [
        participant.person_id
    ]


def test_it_refuses_to_create_a_person_before_the_matches_are_seen(world):
    world.participant()
    referral = _dana(world)
    before = Person.objects.count()
    response = post(world, Role.CM, f"/{referral.pk}/identify", {})
    assert response.status_code == 422 and field_of(response) == "person_id"
    assert "possible duplicate" in response.json()["detail"]
    assert Person.objects.count() == before


def test_it_creates_a_new_person_once_confirmed(world):
    world.participant()
    referral = _dana(world)
    response = post(world, Role.CM, f"/{referral.pk}/identify", {"confirm_new": True})
    assert response.status_code == 200
    person = Person.objects.get(pk=response.json()["person_id"])
    assert (person.last_name, person.date_of_birth) == ("Riviera", date(1980, 5, 17))
    assert AuditEvent.objects.filter(action="person.create").exists()


def test_it_attaches_an_existing_person(world):
    participant = world.participant()
    referral = _dana(world)
    response = post(
        world, Role.CM, f"/{referral.pk}/identify", {"person_id": participant.person_id}
    )
    assert response.json()["person_id"] == participant.person_id


def test_it_refuses_another_sites_person(world):
    foreign = world.participant(world.beta)
    referral = _dana(world)
    response = post(world, Role.CM, f"/{referral.pk}/identify", {"person_id": foreign.person_id})
    assert response.status_code == 422 and field_of(response) == "person_id"


def test_it_shows_the_choice_on_the_referral_page(world):
    world.participant()
    referral = _dana(world)
    page = world.client(Role.CM).get(f"/referrals/{referral.pk}/")
    assert "Possible duplicates: is this one of them?" in page.content.decode()
    assert "Dana Rivera" in page.content.decode()
