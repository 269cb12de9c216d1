"""The site's legal-coordination settings: the Golden Rule look-back and the hold warning.
The PM and the site admin change them; each value is checked; every change is audited."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.legal import rules
from goldenthread.legal.models import LegalPolicy

URL = "/api/v1/legal/settings"


def _patch(world, body, role=Role.PM):
    return world.api(role).patch(URL, data=json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_the_pm_changes_the_look_back_through_the_api_and_it_is_audited(world):
    assert world.api(Role.PM).get(URL).json() == {
        "taint_lookback_days": 365,
        "hold_review_warning_days": 7,
    }
    response = _patch(world, {"taint_lookback_days": 730})
    assert response.status_code == 200
    assert response.json()["taint_lookback_days"] == 730
    assert LegalPolicy.objects.get(site=world.alpha.site).taint_lookback_days == 730
    event = AuditEvent.objects.get(action="legal_policy.update")
    assert event.before == {"taint_lookback_days": 365}
    assert event.after == {"taint_lookback_days": 730}
    assert event.role == "pm"
    # The other site keeps its own.
    assert world.api(Role.PM, world.beta).get(URL).json()["taint_lookback_days"] == 365


@pytest.mark.django_db
def test_the_site_admin_changes_them_on_the_page(world):
    client = world.client(Role.SITE_ADMIN)
    assert client.get("/legal/settings/").status_code == 200
    response = client.post(
        "/legal/settings/", {"taint_lookback_days": "90", "hold_review_warning_days": "14"}
    )
    assert response.status_code == 302
    policy = LegalPolicy.objects.get(site=world.alpha.site)
    assert (policy.taint_lookback_days, policy.hold_review_warning_days) == (90, 14)
    assert AuditEvent.objects.get(action="legal_policy.update").role == "site_admin"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"taint_lookback_days": 0}, "taint_lookback_days"),
        ({"taint_lookback_days": 3651}, "taint_lookback_days"),
        ({"hold_review_warning_days": -1}, "hold_review_warning_days"),
        ({"hold_review_warning_days": 366}, "hold_review_warning_days"),
        ({"taint_lookback_days": 30, "hold_review_warning_days": 400}, "hold_review_warning_days"),
    ],
)
def test_it_names_the_field_and_changes_nothing(world, body, field):
    response = _patch(world, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert world.api(Role.PM).get(URL).json()["taint_lookback_days"] == 365
    assert not AuditEvent.objects.filter(action="legal_policy.update").exists()


@pytest.mark.django_db
def test_the_page_shows_the_error_beside_the_field(world):
    response = world.client(Role.PM).post(
        "/legal/settings/", {"taint_lookback_days": "0", "hold_review_warning_days": "7"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["taint_lookback_days"] == ["Between 1 and 3650 days."]


@pytest.mark.django_db
def test_no_one_else_reads_or_changes_them(world):
    for role in (Role.PROSECUTOR, Role.ADVOCATE, Role.CM, Role.SUPERVISOR, Role.OFFICER):
        assert _patch(world, {"taint_lookback_days": 1}, role).status_code == 404
    assert LegalPolicy.objects.filter(taint_lookback_days=1).count() == 0


@pytest.mark.parametrize(
    ("name", "value", "ok"),
    [
        ("taint_lookback_days", 1, True),
        ("taint_lookback_days", 3650, True),
        ("taint_lookback_days", 0, False),
        ("taint_lookback_days", True, False),
        ("taint_lookback_days", "30", False),
        ("hold_review_warning_days", 0, True),
        ("hold_review_warning_days", 365, True),
        ("hold_review_warning_days", 366, False),
        ("something_else", 5, False),
    ],
)
def test_policy_refusal(name, value, ok):
    assert (rules.policy_refusal(name, value) is None) is ok
