"""A case manager refers a participant to LEAD Legal Services."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.legalservices.models import Matter
from goldenthread.legalservices.queries import today_at


def _refer(world, participant, role=Role.CM, **body):
    body = {"matter_type": "eviction", "description": "Notice to vacate.", **body}
    return world.api(role).post(
        f"/api/v1/legalservices/participants/{participant.pk}/matters",
        data=json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_records_the_referral_with_its_deadline_and_audits_it(world):
    participant = world.participant()
    due = today_at(world.actor(Role.CM)) + timedelta(days=10)
    response = _refer(
        world, participant, urgency="urgent", deadline_on=due.isoformat(), deadline_label="Trial"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "referred" and body["urgency"] == "urgent"
    assert body["deadlines"][0]["due_on"] == due.isoformat()
    assert body["deadlines"][0]["label"] == "Trial"
    matter = Matter.objects.get(pk=body["id"])
    assert matter.referred_by == world.alpha.users[Role.CM]
    assert AuditEvent.objects.filter(action="matter.refer", object_id=str(matter.pk)).exists()


@pytest.mark.django_db
def test_it_lets_an_advocate_refer_too(world):
    assert _refer(world, world.participant(), role=Role.ADVOCATE).status_code == 201


@pytest.mark.django_db
def test_it_refuses_a_deadline_before_the_referral_date_and_saves_nothing(world):
    yesterday = today_at(world.actor(Role.CM)) - timedelta(days=1)
    response = _refer(world, world.participant(), deadline_on=yesterday.isoformat())
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "deadline_on"
    assert not Matter.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"matter_type": "parking"}, "matter_type"),
        ({"urgency": "whenever"}, "urgency"),
        ({"description": "   "}, "description"),
    ],
)
def test_it_names_the_bad_field_and_saves_nothing(world, body, field):
    response = _refer(world, world.participant(), **body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert not Matter.objects.exists()


@pytest.mark.django_db
def test_it_refers_through_the_form_and_shows_the_status(world):
    participant = world.participant()
    client = world.client(Role.CM)
    page = client.get(f"/legalservices/refer/?participant={participant.pk}")
    assert page.status_code == 200 and b"Unlawful debt" in page.content
    response = client.post(
        "/legalservices/refer/",
        {
            "participant": participant.pk,
            "matter_type": "unlawful_debt",
            "description": "Debt buyer suing on an old card.",
            "urgency": "soon",
        },
    )
    matter = Matter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/legalservices/matters/{matter.pk}/status/"
    assert matter.matter_type == "unlawful_debt" and matter.status == "referred"


@pytest.mark.django_db
def test_it_shows_form_errors_with_status_422(world):
    participant = world.participant()
    response = world.client(Role.CM).post(
        "/legalservices/refer/",
        {"participant": participant.pk, "matter_type": "eviction", "description": ""},
    )
    assert response.status_code == 422
    assert b"This field is required" in response.content
    assert not Matter.objects.exists()


@pytest.mark.django_db
def test_it_does_not_offer_another_sites_participants(world):
    foreign = world.participant(world.beta, first_name="Beta", last_name="Person")
    response = world.client(Role.CM).post(
        "/legalservices/refer/",
        {"participant": foreign.pk, "matter_type": "eviction", "description": "x"},
    )
    assert response.status_code == 422
    assert not Matter.objects.exists()
    assert _refer(world, foreign).status_code == 404
