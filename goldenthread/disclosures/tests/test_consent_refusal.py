"""Recording that the participant refused consent."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.disclosures.models import Consent


@pytest.mark.django_db
def test_it_records_consent_refused_and_it_covers_nothing(world):
    p = world.participant()
    response = world.api(Role.CM).post(
        f"/api/v1/disclosures/participants/{p.pk}/consent-refusals",
        data=json.dumps({"note": "Does not want the prosecutor told anything"}),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["status"] == "refused"
    assert AuditEvent.objects.filter(action="consent.refuse").exists()
    share = world.api(Role.CM).post(
        f"/api/v1/disclosures/participants/{p.pk}/disclosures",
        data=json.dumps(
            {"audience": "prosecutor", "purpose": "legal_coordination", "progress": "Doing well"}
        ),
        content_type="application/json",
    )
    assert share.status_code == 422


@pytest.mark.django_db
def test_it_records_it_from_the_page(world):
    p = world.participant()
    response = world.client(Role.CM).post(
        f"/disclosures/participants/{p.pk}/consents/refused/", {"note": "Declined"}
    )
    assert response.status_code == 302
    assert Consent.objects.get().status == "refused"
