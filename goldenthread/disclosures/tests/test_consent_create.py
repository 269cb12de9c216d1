"""Recording a consent: every 42 CFR 2.31 element, multi-party, all-or-nothing, audited."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.disclosures.models import Consent
from goldenthread.disclosures.tests.factories import consent_form_data, consent_values
from goldenthread.testing import site_today


def _post(world, participant, body, role=Role.CM):
    return world.api(role).post(
        f"/api/v1/disclosures/participants/{participant.pk}/consents",
        data=json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_records_a_multi_party_consent_and_audits_it(world):
    p = world.participant()
    defender = world.alpha.agencies["defender"]
    body = consent_values(
        recipients=[
            {"audience": "prosecutor", "name": "Liaison DPA"},
            {"audience": "defence", "agency_id": defender.pk},
        ]
    )
    response = _post(world, p, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "active"
    assert {(r["audience"], r["agency"]) for r in data["recipients"]} == {
        ("prosecutor", None),
        ("defence", defender.name),
    }
    assert data["signed_by"] == "Dana Rivera" and data["revocation_method"]
    assert AuditEvent.objects.filter(action="consent.create", object_id=str(data["id"])).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,change",
    [
        ("discloser", {"discloser": ""}),
        ("information", {"information": " "}),
        ("recipients", {"recipients": []}),
        ("purposes", {"purposes": []}),
        ("revocation_method", {"revocation_method": ""}),
        ("expires_on", {"expires_on": None, "expiry_event": ""}),
        ("signed_by", {"signed_by": ""}),
        ("signed_on", {"signed_on": None}),
    ],
)
def test_it_names_a_missing_element_and_saves_nothing(world, field, change):
    p = world.participant()
    response = _post(world, p, consent_values(**change))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert "2.31" in response.json()["detail"]
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_it_allows_an_irrevocable_window_only_for_a_criminal_justice_referral(world):
    p = world.participant()
    until = (site_today() + timedelta(days=90)).isoformat()
    refused = _post(world, p, consent_values(irrevocable_until=until))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "irrevocable_until"
    ok = _post(world, p, consent_values(irrevocable_until=until, criminal_justice=True))
    assert ok.status_code == 201 and ok.json()["irrevocable_until"] == until


@pytest.mark.django_db
def test_it_needs_the_representatives_authority(world):
    p = world.participant()
    response = _post(world, p, consent_values(signed_by_representative=True))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "representative_authority"


@pytest.mark.django_db
def test_it_takes_the_signed_forms_scan_in_the_ui(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = world.participant()
    scan = SimpleUploadedFile("roi.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    form = consent_form_data(scan=scan)
    response = world.client(Role.CM).post(f"/disclosures/participants/{p.pk}/consents/new/", form)
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.scan.name.endswith(".pdf") and consent.status == "active"


@pytest.mark.django_db
def test_it_shows_the_missing_element_on_the_form(world):
    p = world.participant()
    response = world.client(Role.CM).post(
        f"/disclosures/participants/{p.pk}/consents/new/", {"discloser": "CM"}
    )
    assert response.status_code == 422
    assert b"42 CFR 2.31" in response.content
    assert not Consent.objects.exists()


@pytest.mark.django_db
def test_it_refuses_the_prosecutor_and_the_police(world):
    p = world.participant()
    for role in (Role.PROSECUTOR, Role.OFFICER, Role.DEFENDER, Role.PM):
        assert _post(world, p, consent_values(), role).status_code == 404
    assert not Consent.objects.exists()
