"""Activating a draft consent, and automatic expiry by date."""

from __future__ import annotations

from datetime import timedelta

import pytest

from goldenthread.core.roles import Role
from goldenthread.disclosures.tests import factories
from goldenthread.testing import site_today


@pytest.mark.django_db
def test_it_activates_a_draft(world):
    consent = factories.consent(world, world.alpha, status="draft")
    response = world.api(Role.CM).post(f"/api/v1/disclosures/consents/{consent.pk}/activate")
    assert response.status_code == 200 and response.json()["status"] == "active"


@pytest.mark.django_db
def test_it_refuses_to_activate_an_active_consent(world):
    consent = factories.consent(world, world.alpha)
    response = world.api(Role.CM).post(f"/api/v1/disclosures/consents/{consent.pk}/activate")
    assert response.status_code == 422


@pytest.mark.django_db
def test_it_expires_automatically_and_recipients_lose_the_content(world):
    consent = factories.consent(world, world.alpha)
    disclosure = factories.disclosure(world, world.alpha, consent)
    consent.expires_on = site_today() - timedelta(days=2)
    consent.save()
    data = world.api(Role.CM).get(f"/api/v1/disclosures/consents/{consent.pk}").json()
    assert data["status"] == "expired"
    url = f"/api/v1/disclosures/disclosures/{disclosure.pk}"
    assert world.api(Role.PROSECUTOR).get(url).status_code == 404
    assert world.api(Role.CM).get(url).status_code == 200
