"""The privileged file: actions taken, notes, strategy, documents."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.legalservices.models import MatterEntry
from goldenthread.legalservices.tests.matrix import referred_matter

TEXT = "Called opposing counsel; they will agree to a continuance."


@pytest.mark.django_db
def test_it_adds_to_the_file_and_keeps_the_text_out_of_the_audit(world):
    matter = referred_matter(world, world.alpha)
    response = world.api(Role.LEGAL_SERVICES).post(
        f"/api/v1/legalservices/matters/{matter.pk}/entries",
        data=json.dumps({"kind": "action", "text": TEXT}),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["author"] == "legal_services"
    file = world.api(Role.LEGAL_SERVICES).get(f"/api/v1/legalservices/matters/{matter.pk}")
    assert file.json()["entries"][0]["text"] == TEXT
    event = AuditEvent.objects.get(action="entry.add")
    assert TEXT not in json.dumps(event.after)


@pytest.mark.django_db
def test_it_refuses_an_empty_entry_or_unknown_kind(world):
    matter = referred_matter(world, world.alpha)
    client = world.client(Role.LEGAL_SERVICES)
    assert (
        client.post(
            f"/legalservices/matters/{matter.pk}/entries/", {"kind": "note", "text": ""}
        ).status_code
        == 422
    )
    api = world.api(Role.LEGAL_SERVICES).post(
        f"/api/v1/legalservices/matters/{matter.pk}/entries",
        data=json.dumps({"kind": "gossip", "text": "x"}),
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["errors"][0]["field"] == "kind"
    assert not MatterEntry.objects.exists()
