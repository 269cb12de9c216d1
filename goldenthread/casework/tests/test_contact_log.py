"""Logging a contact: quick, idempotent, drafts kept, notes clinical."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.audit.models import AccessEvent, AuditEvent
from goldenthread.casework.models import Contact, ContactDraft
from goldenthread.core.roles import Role


def _post(world, p, body, role=Role.CM):
    return world.api(role).post(
        f"/api/v1/casework/participants/{p.pk}/contacts",
        data=json.dumps(body),
        content_type="application/json",
    )


BODY = {
    "idempotency_key": "abc-123",
    "kind": "street",
    "place": "3rd and Pine",
    "duration_minutes": 15,
    "present": "Participant, outreach worker",
    "substantive": True,
    "note": "Wants to get on the housing list.",
}


@pytest.mark.django_db
def test_it_logs_a_contact_and_audits_it(world):
    p = world.participant()
    response = _post(world, p, BODY)
    assert response.status_code == 201
    contact = Contact.objects.get()
    assert (contact.kind, contact.substantive, contact.author) == (
        "street",
        True,
        world.alpha.users[Role.CM],
    )
    assert AuditEvent.objects.filter(action="contact.log", object_id=str(contact.pk)).exists()


@pytest.mark.django_db
def test_it_makes_one_contact_when_submit_is_pressed_twice(world):
    p = world.participant()
    assert _post(world, p, BODY).status_code == 201
    again = _post(world, p, BODY)
    assert again.status_code == 200
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_it_makes_one_contact_when_the_form_is_posted_twice(world):
    p = world.participant()
    client = world.client(Role.CM)
    form = {**BODY, "substantive": "on"}
    first = client.post(f"/casework/p/{p.pk}/contacts/new/", form)
    second = client.post(f"/casework/p/{p.pk}/contacts/new/", form)
    assert first.status_code == second.status_code == 302
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_it_keeps_a_draft_and_gives_it_back(world):
    p = world.participant()
    client = world.client(Role.CM)
    saved = client.post(
        f"/casework/p/{p.pk}/contacts/draft/",
        {"idempotency_key": "draft-9", "kind": "shelter", "note": "Half a thought about"},
    )
    assert saved.status_code == 200 and b"Draft saved" in saved.content
    page = client.get(f"/casework/p/{p.pk}/contacts/new/")
    assert b"Half a thought about" in page.content and b"draft-9" in page.content
    assert b"draft was restored" in page.content
    done = client.post(
        f"/casework/p/{p.pk}/contacts/new/",
        {"idempotency_key": "draft-9", "kind": "shelter", "note": "Whole thought"},
    )
    assert done.status_code == 302
    assert not ContactDraft.objects.exists()
    late = client.post(f"/casework/p/{p.pk}/contacts/draft/", {"idempotency_key": "draft-9"})
    assert late.status_code == 409, "a draft cannot reopen a logged contact"


@pytest.mark.django_db
def test_it_refuses_a_time_in_the_future_and_saves_nothing(world):
    p = world.participant()
    future = (timezone.now() + timedelta(days=2)).isoformat()
    response = _post(world, p, {**BODY, "occurred_at": future})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "occurred_at"
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_unknown_kind_in_the_form(world):
    p = world.participant()
    response = world.client(Role.CM).post(
        f"/casework/p/{p.pk}/contacts/new/", {**BODY, "kind": "telepathy"}
    )
    assert response.status_code == 422
    assert not Contact.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CM, Role.OUTREACH, Role.ADVOCATE, Role.SUPERVISOR])
def test_it_logs_every_read_of_the_notes(world, role):
    p = world.participant()
    _post(world, p, BODY)
    response = world.api(role).get(f"/api/v1/casework/participants/{p.pk}/contacts")
    assert response.json()[0]["note"] == BODY["note"]
    event = AccessEvent.objects.get(subject_id=str(p.pk), role=role.value)
    assert event.categories == ["contacts_notes"]
    if role != Role.CM:
        assert role.label in event.purpose


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [Role.PM, Role.OFFICER, Role.PROSECUTOR, Role.DEFENDER, Role.LEGAL_SERVICES, Role.EVALUATOR],
)
def test_it_hides_notes_from_everyone_outside_case_management(world, role):
    p = world.participant()
    _post(world, p, BODY)
    assert world.api(role).get(f"/api/v1/casework/participants/{p.pk}/contacts").status_code == 404
    assert world.client(role).get(f"/casework/p/{p.pk}/contacts/").status_code == 404
    assert not AccessEvent.objects.filter(role=role.value).exists()


@pytest.mark.django_db
def test_it_keeps_other_sites_contacts_out_of_reach(world):
    theirs = world.participant(world.beta)
    assert _post(world, theirs, BODY).status_code == 404
    response = world.api(Role.CM).get(f"/api/v1/casework/participants/{theirs.pk}/contacts")
    assert response.status_code == 404


@pytest.mark.django_db
def test_it_reads_a_typed_time_in_the_sites_time_zone(world):
    world.alpha.site.time_zone = "America/Los_Angeles"
    world.alpha.site.save()
    p = world.participant()
    yesterday = timezone.localdate(timezone=world.alpha.site.tz) - timedelta(days=1)
    response = world.client(Role.CM).post(
        f"/casework/p/{p.pk}/contacts/new/",
        {**BODY, "occurred_at": f"{yesterday.isoformat()}T09:30", "substantive": "on"},
    )
    assert response.status_code == 302
    local = timezone.localtime(Contact.objects.get().occurred_at, world.alpha.site.tz)
    assert (local.date(), local.hour, local.minute) == (yesterday, 9, 30)
