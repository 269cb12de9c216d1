"""The participant's legal-services status on casework's participant page (and its timeline
API): open matters, their type, status, attorney and next deadline, for those who may read the
status (the referring or assigned CM); never the file; no query per matter."""

from __future__ import annotations

from datetime import timedelta

import pytest

from goldenthread.audit.models import AccessEvent
from goldenthread.core.roles import Role
from goldenthread.legalservices.actions import (
    deadline_add,
    deadline_meet,
    entry_add,
    matter_close,
    matter_refer,
    party_add,
)
from goldenthread.legalservices.queries import today_at
from goldenthread.legalservices.tests.matrix import document, open_matter

SECRET = "Strategy: the landlord never served the notice properly."
PARTY = "Ambrose Fairweather Holdings"
DESCRIPTION = "Three-day notice to pay or vacate."


def _when(day):
    return f"{day:%b} {day.day}, {day.year}"


def _matter_with_file(world):
    matter = open_matter(world, world.alpha)
    ls = world.actor(Role.LEGAL_SERVICES)
    entry_add(actor=ls, matter_id=matter.pk, kind="strategy", text=SECRET)
    party_add(actor=ls, matter_id=matter.pk, name=PARTY)
    today = today_at(ls)
    met = deadline_add(actor=ls, matter_id=matter.pk, due_on=today, label="Already met")
    deadline_meet(actor=ls, deadline_id=met.pk)
    deadline_add(actor=ls, matter_id=matter.pk, due_on=today + timedelta(days=30), label="Trial")
    deadline_add(
        actor=ls, matter_id=matter.pk, due_on=today + timedelta(days=9), label="Show-cause hearing"
    )
    return matter


@pytest.mark.django_db
def test_the_cm_sees_open_matters_status_and_next_deadline_but_never_the_file(world):
    matter = _matter_with_file(world)
    secret_doc = document(world, world.alpha)
    secret_doc.matter = matter
    secret_doc.title = "Privileged declaration draft"
    secret_doc.save()
    page = world.client(Role.CM).get(f"/casework/p/{matter.participant_id}/")
    body = page.content.decode()
    assert page.status_code == 200 and "Legal services" in body
    assert "Eviction (avoid or mitigate)" in body and "Accepted, open" in body
    nine = today_at(world.actor(Role.CM)) + timedelta(days=9)
    assert f"{_when(nine)} · Show-cause hearing" in body
    assert "Trial" not in body and "Already met" not in body
    for secret in (SECRET, PARTY, DESCRIPTION, "Privileged declaration draft"):
        assert secret not in body
    assert f'href="/legalservices/matters/{matter.pk}/status/"' in body
    assert AccessEvent.objects.filter(
        role="cm", purpose="legal services status, participant page"
    ).exists()
    api = world.api(Role.CM).get(f"/api/v1/casework/participants/{matter.participant_id}/timeline")
    (row,) = api.json()["legal_matters"]
    assert row == {
        "matter_id": matter.pk,
        "matter_type": "Eviction (avoid or mitigate)",
        "status": "Accepted, open",
        "attorney": "legal_services",
        "next_due": nine.isoformat(),
        "next_label": "Show-cause hearing",
    }


@pytest.mark.django_db
def test_a_closed_matter_leaves_the_page(world):
    matter = open_matter(world, world.alpha)
    matter_close(actor=world.actor(Role.LEGAL_SERVICES), matter_id=matter.pk)
    body = world.client(Role.CM).get(f"/casework/p/{matter.participant_id}/").content.decode()
    assert "Legal services" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.OUTREACH, Role.ADVOCATE])
def test_roles_that_may_not_read_the_status_see_nothing_of_it(world, role):
    matter = _matter_with_file(world)
    page = world.client(role).get(f"/casework/p/{matter.participant_id}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Eviction (avoid or mitigate)" not in body and "Show-cause hearing" not in body
    api = world.api(role).get(f"/api/v1/casework/participants/{matter.participant_id}/timeline")
    assert api.status_code == 200 and api.json()["legal_matters"] == []
    assert not AccessEvent.objects.filter(
        role=role.value, purpose="legal services status, participant page"
    ).exists()


@pytest.mark.django_db
def test_the_advocate_sees_a_matter_they_referred(world):
    p = world.participant()
    matter_refer(
        actor=world.actor(Role.ADVOCATE),
        participant_id=p.pk,
        matter_type="remote_warrant",
        description="Warrant in another county.",
    )
    body = world.client(Role.ADVOCATE).get(f"/casework/p/{p.pk}/").content.decode()
    assert "Warrants outside the local court system" in body
    assert "Referred, awaiting intake" in body and "not yet assigned" in body


@pytest.mark.django_db
def test_the_page_runs_the_same_queries_however_many_matters(world, django_assert_max_num_queries):
    client = world.client(Role.CM)
    one = open_matter(world, world.alpha)
    ls = world.actor(Role.LEGAL_SERVICES)
    deadline_add(actor=ls, matter_id=one.pk, due_on=today_at(ls), label="Hearing")
    with django_assert_max_num_queries(60) as first:
        assert client.get(f"/casework/p/{one.participant_id}/").status_code == 200
    p = world.participant(first_name="Many")
    for _ in range(6):
        m = matter_refer(
            actor=world.actor(Role.CM),
            participant_id=p.pk,
            matter_type="lfo_relief",
            description="Fines.",
        )
        deadline_add(actor=ls, matter_id=m.pk, due_on=today_at(ls), label="Hearing")
        deadline_add(actor=ls, matter_id=m.pk, due_on=today_at(ls), label="Filing")
    with django_assert_max_num_queries(len(first.captured_queries)):
        response = client.get(f"/casework/p/{p.pk}/")
    assert response.content.decode().count("Relief from legal financial obligations") == 6


@pytest.mark.django_db
def test_the_advocate_sees_no_deadline_of_a_matter_they_may_not_read(world):
    """The deadlines are read for the participant's open matters and kept only for the matters
    the actor may read: the advocate's own referral shows, the CM's matter and its deadline do
    not."""
    theirs = _matter_with_file(world)  # referred by the CM, with a show-cause hearing in 9 days
    p_id = theirs.participant_id
    matter_refer(
        actor=world.actor(Role.ADVOCATE),
        participant_id=p_id,
        matter_type="remote_warrant",
        description="Warrant in another county.",
    )
    advocate = world.client(Role.ADVOCATE).get(f"/casework/p/{p_id}/").content.decode()
    assert "Warrants outside the local court system" in advocate
    assert "Eviction (avoid or mitigate)" not in advocate
    assert "Show-cause hearing" not in advocate
    cm = world.client(Role.CM).get(f"/casework/p/{p_id}/").content.decode()
    assert "Show-cause hearing" in cm
