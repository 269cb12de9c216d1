"""The conflict check before acceptance: adverse parties searched, fuzzily, against every other
matter's parties, the site's participants (names and aliases) and agencies; a flag must be
cleared with a reason before the matter can be accepted."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.models import Person
from goldenthread.core.roles import Role
from goldenthread.legalservices.actions import party_add
from goldenthread.legalservices.models import Matter
from goldenthread.legalservices.tests.matrix import checked_matter, referred_matter

API = "/api/v1/legalservices/matters"


def _post(world, path, body=None, role=Role.LEGAL_SERVICES):
    return world.api(role).post(
        f"{API}/{path}", data=json.dumps(body or {}), content_type="application/json"
    )


def _add_party(world, matter, name):
    response = _post(world, f"{matter.pk}/parties", {"name": name, "relation": "landlord"})
    assert response.status_code == 201, response.content


def _check(world, matter):
    response = _post(world, f"{matter.pk}/conflict-check")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_it_finds_nothing_for_a_stranger(world):
    matter = referred_matter(world, world.alpha)
    _add_party(world, matter, "Cascade Ridge Apartments LLC")
    body = _check(world, matter)
    assert body["conflict_state"] == "clear" and body["conflict_hits"] == []


@pytest.mark.django_db
def test_it_flags_a_party_who_is_a_client_in_another_matter(world):
    other = referred_matter(world, world.alpha)
    other.participant.person.first_name, other.participant.person.last_name = "Marcus", "Oduya"
    other.participant.person.save()
    matter = referred_matter(world, world.alpha)
    _add_party(world, matter, "Markus Oduya")  # misspelt: fuzzy matching still finds him
    body = _check(world, matter)
    assert body["conflict_state"] == "flagged"
    sources = {h["source"] for h in body["conflict_hits"]}
    assert {"client", "participant"} <= sources
    assert any(f"matter #{other.pk}" in h["matched"] for h in body["conflict_hits"])


@pytest.mark.django_db
def test_it_flags_the_same_party_on_another_matter_and_the_client_as_someone_elses_party(world):
    first = referred_matter(world, world.alpha)
    party_add(actor=world.actor(Role.LEGAL_SERVICES), matter_id=first.pk, name="Dana Rivera")
    matter = referred_matter(world, world.alpha)  # its client is also "Dana Rivera"
    body = _check(world, matter)
    assert body["conflict_state"] == "flagged"
    assert body["conflict_hits"][0]["source"] == "party"
    assert body["conflict_hits"][0]["searched"] == "Dana Rivera"


@pytest.mark.django_db
def test_it_searches_participants_aliases_and_agencies(world):
    person = world.participant(first_name="Terrence", last_name="Wallace").person
    Person.objects.filter(pk=person.pk).update(aliases=["T-Bone Wallace"])
    matter = referred_matter(world, world.alpha)
    _add_party(world, matter, "T Bone Wallace")
    _add_party(world, matter, "Alpha Police Dept")
    hits = _check(world, matter)["conflict_hits"]
    assert {(h["searched"], h["source"]) for h in hits} >= {
        ("T Bone Wallace", "participant"),
        ("Alpha Police Dept", "agency"),
    }


@pytest.mark.django_db
def test_it_never_searches_another_site(world):
    world.participant(world.beta, first_name="Ingrid", last_name="Solberg")
    matter = referred_matter(world, world.alpha)
    _add_party(world, matter, "Ingrid Solberg")
    assert _check(world, matter)["conflict_state"] == "clear"


@pytest.mark.django_db
def test_it_refuses_acceptance_until_the_flag_is_cleared_with_a_reason(world):
    matter = checked_matter(world, world.alpha, party="alpha Police department")
    assert matter.conflict_state == "flagged"
    accept = _post(world, f"{matter.pk}/accept", {"attorney": "legal_services"})
    assert accept.status_code == 422
    assert accept.json()["errors"][0]["field"] == "conflict"
    matter.refresh_from_db()
    assert (matter.status, matter.attorney_id) == ("referred", None)

    no_reason = _post(world, f"{matter.pk}/conflict-clear", {"reason": "  "})
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["field"] == "reason"

    cleared = _post(
        world, f"{matter.pk}/conflict-clear", {"reason": "The department, not a person."}
    )
    assert cleared.status_code == 200
    assert cleared.json()["conflict_state"] == "cleared"
    assert cleared.json()["conflict_cleared_reason"] == "The department, not a person."
    assert AuditEvent.objects.filter(action="matter.conflict_clear").exists()
    accept = _post(world, f"{matter.pk}/accept", {"attorney": "legal_services"})
    assert accept.status_code == 200 and accept.json()["status"] == "open"


@pytest.mark.django_db
def test_it_refuses_acceptance_before_any_check(world):
    matter = referred_matter(world, world.alpha)
    response = _post(world, f"{matter.pk}/accept", {"attorney": "legal_services"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "conflict"


@pytest.mark.django_db
def test_it_makes_a_new_party_rerun_the_check(world):
    matter = checked_matter(world, world.alpha)
    assert matter.conflict_state == "clear"
    _add_party(world, matter, "Someone New")
    matter.refresh_from_db()
    assert matter.conflict_state == "not_checked"
    response = _post(world, f"{matter.pk}/accept", {"attorney": "legal_services"})
    assert response.status_code == 422


@pytest.mark.django_db
def test_it_refuses_to_clear_what_is_not_flagged(world):
    matter = checked_matter(world, world.alpha)
    response = _post(world, f"{matter.pk}/conflict-clear", {"reason": "nothing"})
    assert response.status_code == 422


@pytest.mark.django_db
def test_it_shows_the_refusal_on_the_page_and_saves_nothing(world):
    matter = checked_matter(world, world.alpha, party="alpha Police department")
    client = world.client(Role.LEGAL_SERVICES)
    page = client.get(f"/legalservices/matters/{matter.pk}/")
    assert b"Possible conflicts" in page.content and b"alpha Police department" in page.content
    response = client.post(
        f"/legalservices/matters/{matter.pk}/accept/", {"attorney": "legal_services"}
    )
    assert response.status_code == 422
    assert b"clear it, with a reason" in response.content
    assert Matter.objects.get(pk=matter.pk).status == "referred"
    response = client.post(f"/legalservices/matters/{matter.pk}/conflict-clear/", {"reason": ""})
    assert response.status_code == 422
    response = client.post(
        f"/legalservices/matters/{matter.pk}/conflict-clear/", {"reason": "Agency, not a party."}
    )
    assert response.status_code == 302
    assert Matter.objects.get(pk=matter.pk).conflict_state == "cleared"
