"""Maintaining a case: charges, court dates, warrants, the baseline (one file: four small
operations on the same page)."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.legal.models import Charge, CourtDate, LegalCase, Warrant
from goldenthread.legal.tests import factories


def _post(world, role, url, body):
    return world.api(role).post(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_it_adds_a_charge_with_its_incident_date(world):
    case = factories.case(world, world.alpha)
    url = f"/api/v1/legal/cases/{case.pk}/charges"
    ok = _post(
        world,
        Role.PROSECUTOR,
        url,
        {"statute": "RCW 69.50.4013", "level": "felony", "incident_date": "2026-01-03"},
    )
    assert ok.status_code == 201 and Charge.objects.filter(case=case).count() == 2
    bad = _post(
        world, Role.ADVOCATE, url, {"statute": "", "level": "felony", "incident_date": "2026-01-03"}
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "statute"
    assert AuditEvent.objects.filter(action="charge.add").count() == 1


@pytest.mark.django_db
def test_it_adds_a_court_date(world):
    case = factories.case(world, world.alpha)
    response = world.client(Role.ADVOCATE).post(
        f"/legal/cases/{case.pk}/court-dates/", {"on": "2026-12-01", "kind": "Review"}
    )
    assert response.status_code == 302 and CourtDate.objects.get().kind == "Review"
    bad = world.client(Role.ADVOCATE).post(f"/legal/cases/{case.pk}/court-dates/", {})
    assert bad.status_code == 422 and CourtDate.objects.count() == 1


@pytest.mark.django_db
def test_it_records_a_warrant_issued_then_quashed(world):
    case = factories.case(world, world.alpha)
    url = f"/api/v1/legal/cases/{case.pk}/warrants"
    for status in ("issued", "quashed"):
        assert (
            _post(world, Role.ADVOCATE, url, {"status": status, "on": "2026-03-01"}).status_code
            == 201
        )
    assert list(Warrant.objects.values_list("status", flat=True)) == ["issued", "quashed"]
    assert (
        _post(world, Role.ADVOCATE, url, {"status": "lost", "on": "2026-03-01"}).status_code == 422
    )


@pytest.mark.django_db
def test_it_lets_only_the_prosecutor_set_the_baseline(world):
    case = factories.case(world, world.alpha)
    url = f"/api/v1/legal/cases/{case.pk}/baseline"
    body = json.dumps({"baseline": "file_charges"})
    assert (
        world.api(Role.ADVOCATE).put(url, data=body, content_type="application/json").status_code
        == 404
    )
    ok = world.api(Role.PROSECUTOR).put(url, data=body, content_type="application/json")
    assert ok.status_code == 200 and LegalCase.objects.get().baseline == "file_charges"
    bad = world.api(Role.PROSECUTOR).put(
        url, data=json.dumps({"baseline": "life"}), content_type="application/json"
    )
    assert bad.status_code == 422
