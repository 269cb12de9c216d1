"""Situations: a place, a description, partners, a planned response, linked participants."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.conferencing.models import Situation
from goldenthread.core.roles import Role


def _create(world, **data):
    body = {"title": "Camp", "place": "5th & Pine", "description": "Tents", **data}
    return world.api(Role.PM).post(
        "/api/v1/conferencing/situations", data=json.dumps(body), content_type="application/json"
    )


@pytest.mark.django_db
def test_it_records_a_situation_with_partners_and_linked_participants(world):
    dana = world.participant()
    police = world.alpha.agencies["police"]
    response = _create(
        world, partner_ids=[police.pk], participant_ids=[dana.pk], planned_response="Outreach"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["partners"] == [police.name] and body["participant_ids"] == [dana.pk]
    assert AuditEvent.objects.filter(action="situation.create").exists()


@pytest.mark.django_db
def test_it_shows_linked_participants_only_to_roles_that_may_see_them(world):
    dana = world.participant()
    situation_id = _create(world, participant_ids=[dana.pk]).json()["id"]
    url = f"/api/v1/conferencing/situations/{situation_id}"
    assert world.api(Role.CM).get(url).json()["participant_ids"] == [dana.pk]
    assert world.api(Role.OFFICER).get(url).json()["participant_ids"] == []
    page = world.client(Role.OFFICER).get(f"/conferencing/situations/{situation_id}/")
    assert page.status_code == 200 and b"Rivera" not in page.content


@pytest.mark.django_db
def test_it_refuses_missing_fields_and_foreign_links(world):
    assert _create(world, place="").json()["errors"][0]["field"] == "place"
    foreign = world.participant(world.beta)
    response = _create(world, participant_ids=[foreign.pk])
    assert response.json()["errors"][0]["field"] == "participant_ids"
    assert not Situation.objects.exists()
