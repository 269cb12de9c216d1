"""The site's legal-services settings: legal services set them (page and API); bad values are
refused naming the field, nothing saved; every change is audited."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.legalservices.models import LegalServicesSettings

API = "/api/v1/legalservices/settings"


@pytest.mark.django_db
def test_it_shows_the_defaults_and_saves_a_change_through_the_api(world):
    api = world.api(Role.LEGAL_SERVICES)
    assert api.get(API).json() == {
        "document_max_mb": 10,
        "reminder_window_days": 7,
        "remind_referrer": True,
    }
    changed = api.patch(
        API, data=json.dumps({"document_max_mb": 25}), content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["document_max_mb"] == 25
    audit = AuditEvent.objects.get(action="legalservices_settings.update")
    assert audit.before == {"document_max_mb": 10} and audit.after == {"document_max_mb": 25}
    beta = world.api(Role.LEGAL_SERVICES, world.beta).get(API).json()
    assert beta["document_max_mb"] == 10, "each site has its own"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"document_max_mb": 0}, "document_max_mb"),
        ({"document_max_mb": 500}, "document_max_mb"),
        ({"reminder_window_days": 400}, "reminder_window_days"),
    ],
)
def test_it_refuses_values_out_of_range_saving_nothing(world, body, field):
    response = world.api(Role.LEGAL_SERVICES).patch(
        API, data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == field
    assert not LegalServicesSettings.objects.exists()


@pytest.mark.django_db
def test_it_saves_through_the_page(world):
    client = world.client(Role.LEGAL_SERVICES)
    assert b"Largest document (MB)" in client.get("/legalservices/settings/").content
    bad = client.post(
        "/legalservices/settings/", {"document_max_mb": "0", "reminder_window_days": "7"}
    )
    assert bad.status_code == 422 and not LegalServicesSettings.objects.exists()
    good = client.post(
        "/legalservices/settings/", {"document_max_mb": "3", "reminder_window_days": "14"}
    )
    assert good.status_code == 302
    conf = LegalServicesSettings.objects.get(site=world.alpha.site)
    assert (conf.document_max_mb, conf.reminder_window_days, conf.remind_referrer) == (3, 14, False)
