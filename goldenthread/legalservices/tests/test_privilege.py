"""Privilege: the file is legal services' alone, and every read of it is in the access log; the
referring CM (and the participant's CM, and the PM) see status only; police, prosecutors and
everyone else get the same 404 as for a missing matter."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from goldenthread.access.actor import Actor
from goldenthread.audit.models import AccessEvent
from goldenthread.core.models import Membership
from goldenthread.core.roles import Role
from goldenthread.legalservices.actions import entry_add, matter_refer, party_add
from goldenthread.legalservices.tests.matrix import open_matter, referred_matter

SECRET = "Strategy: the landlord never served the notice properly."
PARTY = "Ambrose Fairweather Holdings"


def _file_matter(world):
    matter = open_matter(world, world.alpha)
    ls = world.actor(Role.LEGAL_SERVICES)
    entry_add(actor=ls, matter_id=matter.pk, kind="strategy", text=SECRET)
    party_add(actor=ls, matter_id=matter.pk, name=PARTY)
    return matter


def _second_cm(world):
    user = get_user_model().objects.create_user(username="cm_other", password="x")
    membership = Membership.objects.create(
        site=world.alpha.site, user=user, agency=world.alpha.agencies["case_management"], role="cm"
    )
    return user, Actor(user=user, membership=membership, via="test")


@pytest.mark.django_db
def test_it_shows_the_referring_cm_status_but_never_the_file(world):
    matter = _file_matter(world)
    client = world.client(Role.CM)
    page = client.get(f"/legalservices/matters/{matter.pk}/status/")
    assert page.status_code == 200
    assert b"Accepted, open" in page.content
    assert SECRET.encode() not in page.content and PARTY.encode() not in page.content
    assert client.get(f"/legalservices/matters/{matter.pk}/").status_code == 404
    api = world.api(Role.CM)
    assert api.get(f"/api/v1/legalservices/matters/{matter.pk}").status_code == 404
    status = api.get(f"/api/v1/legalservices/matters/{matter.pk}/status").json()
    assert "entries" not in status and "parties" not in status and "description" not in status


@pytest.mark.django_db
def test_it_logs_every_read_of_the_file(world):
    matter = _file_matter(world)
    before = AccessEvent.objects.count()
    client = world.client(Role.LEGAL_SERVICES)
    page = client.get(f"/legalservices/matters/{matter.pk}/")
    assert page.status_code == 200 and SECRET.encode() in page.content
    world.api(Role.LEGAL_SERVICES).get(f"/api/v1/legalservices/matters/{matter.pk}")
    events = list(AccessEvent.objects.order_by("seq")[before:])
    assert len(events) == 2
    for event in events:
        assert event.role == "legal_services"
        assert event.categories == ["legal_services"]
        assert event.subject_type == "participant"
        assert event.subject_id == str(matter.participant_id)
        assert event.purpose == f"legal services file, matter {matter.pk}"


@pytest.mark.django_db
def test_it_logs_the_cms_status_reads_too(world):
    matter = referred_matter(world, world.alpha)
    world.client(Role.CM).get(f"/legalservices/matters/{matter.pk}/status/")
    event = AccessEvent.objects.get(role="cm")
    assert event.purpose == f"legal services status, matter {matter.pk}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [
        Role.OFFICER,
        Role.POLICE_SUPERVISOR,
        Role.PROSECUTOR,
        Role.DEFENDER,
        Role.PCG_MEMBER,
        Role.EVALUATOR,
        Role.SUPERVISOR,
        Role.SITE_ADMIN,
    ],
)
def test_it_answers_everyone_else_404(world, role):
    matter = _file_matter(world)
    client = world.client(role)
    for path in (
        f"/legalservices/matters/{matter.pk}/",
        f"/legalservices/matters/{matter.pk}/status/",
        f"/legalservices/participants/{matter.participant_id}/",
        "/legalservices/referrals/",
    ):
        assert client.get(path).status_code == 404, path
    api = world.api(role)
    assert api.get(f"/api/v1/legalservices/matters/{matter.pk}").status_code == 404
    assert api.get(f"/api/v1/legalservices/matters/{matter.pk}/status").status_code == 404
    assert not AccessEvent.objects.filter(role=role.value).exists()


@pytest.mark.django_db
def test_it_hides_other_cms_referrals_from_a_cm(world):
    matter = referred_matter(world, world.alpha)
    user, _ = _second_cm(world)
    from django.test import Client

    client = Client()
    client.force_login(user)
    assert client.get(f"/legalservices/matters/{matter.pk}/status/").status_code == 404
    listing = client.get("/legalservices/referrals/")
    assert listing.status_code == 200 and str(matter.participant.person).encode() not in (
        listing.content
    )


@pytest.mark.django_db
def test_it_shows_the_participants_own_cm_a_matter_someone_else_referred(world):
    _, other_cm = _second_cm(world)
    participant = world.participant()  # carried by world's "cm"
    matter = matter_refer(
        actor=other_cm, participant_id=participant.pk, matter_type="family_law", description="x"
    )
    response = world.client(Role.CM).get(f"/legalservices/matters/{matter.pk}/status/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_it_shows_status_on_the_participants_legal_page(world):
    matter = _file_matter(world)
    page = world.client(Role.CM).get(f"/legalservices/participants/{matter.participant_id}/")
    assert page.status_code == 200
    assert b"Eviction (avoid or mitigate)" in page.content and b"Accepted, open" in page.content
    assert SECRET.encode() not in page.content
    assert AccessEvent.objects.filter(role="cm", purpose__contains="participant").exists()
