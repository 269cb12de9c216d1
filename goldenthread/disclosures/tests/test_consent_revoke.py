"""Revoking a consent: at once, except inside a §2.35 window; recipients lose the content."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.disclosures.models import Consent
from goldenthread.disclosures.tests import factories


def _revoke(world, consent, role=Role.CM):
    return world.api(role).post(
        f"/api/v1/disclosures/consents/{consent.pk}/revoke",
        data=json.dumps({"note": "Participant asked in person"}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_revokes_at_once_and_hides_the_content_from_recipients(world):
    disclosure = factories.disclosure(world, world.alpha)
    prosecutor = world.api(Role.PROSECUTOR)
    url = f"/api/v1/disclosures/disclosures/{disclosure.pk}"
    assert prosecutor.get(url).status_code == 200
    response = _revoke(world, disclosure.consent)
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    assert prosecutor.get(url).status_code == 404
    assert prosecutor.get("/api/v1/disclosures/received").json() == []
    assert world.client(Role.PROSECUTOR).get(f"/disclosures/{disclosure.pk}/").status_code == 404
    # The accounting still lists it (42 CFR 2.25).
    rows = (
        world.api(Role.PM)
        .get(f"/api/v1/disclosures/participants/{disclosure.participant_id}/accounting")
        .json()["rows"]
    )
    assert [r["disclosure_id"] for r in rows] == [disclosure.pk]
    assert rows[0]["consent_status"] == "revoked"
    assert AuditEvent.objects.filter(action="consent.revoke").exists()


@pytest.mark.django_db
def test_it_explains_a_refusal_inside_the_235_window(world):
    consent = factories.consent(
        world,
        world.alpha,
        criminal_justice=True,
        irrevocable_until=timezone.localdate(timezone=world.alpha.site.tz) + timedelta(30),
    )
    response = _revoke(world, consent)
    assert response.status_code == 422
    assert "2.35" in response.json()["detail"] and "irrevocable until" in response.json()["detail"]
    assert Consent.objects.get(pk=consent.pk).status == "active"


@pytest.mark.django_db
def test_it_revokes_once_the_window_has_passed(world):
    consent = factories.consent(
        world,
        world.alpha,
        criminal_justice=True,
        irrevocable_until=timezone.localdate(timezone=world.alpha.site.tz) - timedelta(1),
    )
    assert _revoke(world, consent).json()["status"] == "revoked"


@pytest.mark.django_db
def test_it_shows_the_refusal_on_the_page(world):
    consent = factories.consent(
        world,
        world.alpha,
        criminal_justice=True,
        irrevocable_until=timezone.localdate(timezone=world.alpha.site.tz) + timedelta(30),
    )
    response = world.client(Role.CM).post(f"/disclosures/consents/{consent.pk}/revoke/", {})
    assert response.status_code == 422
    assert b"42 CFR 2.35" in response.content


@pytest.mark.django_db
def test_it_cannot_revoke_twice(world):
    consent = factories.consent(world, world.alpha, status="revoked")
    assert _revoke(world, consent).status_code == 422
