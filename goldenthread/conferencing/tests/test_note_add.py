"""Discussion notes: LEAD-derived, and Part 2 notes only from roles that may read them."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.conferencing.models import DiscussionNote
from goldenthread.conferencing.tests.matrix import item
from goldenthread.core.roles import Role


def _note(world, role, item_id, text="Housed since Tuesday", part2=False):
    return world.api(role).post(
        f"/api/v1/conferencing/items/{item_id}/notes",
        data=json.dumps({"text": text, "part2": part2}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_records_a_note_as_lead_derived(world):
    shared = item(world.alpha)
    response = _note(world, Role.PM, shared.pk)
    assert response.status_code == 201
    assert response.json()["provenance"] == "lead_derived"
    assert DiscussionNote.objects.get().provenance == "lead_derived"
    assert AuditEvent.objects.filter(action="note.add").exists()


@pytest.mark.django_db
def test_it_refuses_an_empty_note(world):
    response = _note(world, Role.PM, item(world.alpha).pk, text="  ")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "text"
    assert not DiscussionNote.objects.exists()


@pytest.mark.django_db
def test_it_lets_only_roles_that_read_health_record_part2(world):
    shared = item(world.alpha)
    refused = _note(world, Role.PM, shared.pk, part2=True)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "part2"
    assert _note(world, Role.OFFICER, shared.pk, part2=True).status_code == 422
    assert not DiscussionNote.objects.exists()
    assert _note(world, Role.CM, shared.pk, text="Started MOUD", part2=True).status_code == 201


@pytest.mark.django_db
def test_it_hides_part2_notes_from_roles_without_health_and_shows_the_notice(world):
    shared = item(world.alpha)
    _note(world, Role.CM, shared.pk, text="Started MOUD", part2=True)
    _note(world, Role.CM, shared.pk, text="Looking for work")
    url = f"/api/v1/conferencing/meetings/{shared.meeting_id}"
    cm = world.api(Role.CM).get(url).json()
    assert [n["text"] for n in cm["items"][0]["notes"]] == ["Started MOUD", "Looking for work"]
    assert cm["notice"] == "42 CFR part 2 prohibits unauthorized disclosure of these records."
    officer = world.api(Role.OFFICER).get(url).json()
    assert [n["text"] for n in officer["items"][0]["notes"]] == ["Looking for work"]
    assert officer["notice"] is None
