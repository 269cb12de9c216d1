"""A site's referral settings: the queue policy, score weights and where notices go."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.referrals.queries import settings_for
from goldenthread.referrals.tests.http import field_of, patch

pytestmark = pytest.mark.django_db


def test_it_saves_and_audits(world):
    response = patch(
        world,
        Role.PM,
        "/settings",
        {"webhook_url": "https://sms.example.org/x", "weight_per_day_waiting": 3},
    )
    assert response.status_code == 200 and response.json()["weight_per_day_waiting"] == 3
    assert settings_for(world.alpha.site.pk).webhook_url == "https://sms.example.org/x"
    assert AuditEvent.objects.filter(action="referral_settings.update").exists()


def test_it_names_a_bad_value_and_saves_nothing(world):
    response = patch(
        world, Role.PM, "/settings", {"oncall_email": "not-an-address", "weight_per_day_waiting": 4}
    )
    assert response.status_code == 422 and field_of(response) == "oncall_email"
    assert settings_for(world.alpha.site.pk).weight_per_day_waiting == 1


def test_it_keeps_sites_apart(world):
    patch(world, Role.PM, "/settings", {"weight_per_day_waiting": 7})
    assert settings_for(world.beta.site.pk).weight_per_day_waiting == 1


def test_it_edits_in_the_ui(world):
    client = world.client(Role.PM)
    data = {
        "weight_per_day_waiting": 2,
        "weight_per_recent_arrest": 5,
        "weight_per_vulnerability": 10,
        "oncall_email": "oncall@example.org",
        "filing_charge_level": "felony",
    }
    assert client.post("/referrals/settings/", data).status_code == 302
    assert settings_for(world.alpha.site.pk).filing_charge_level == "felony"
    assert settings_for(world.alpha.site.pk).social_contacts_wait_for_capacity is False
