"""Recording a prosecutor's decision through the Golden Rule gate."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.disclosures.tests import factories as dfactories
from goldenthread.legal import rules
from goldenthread.legal.models import Decision, LegalCase
from goldenthread.legal.tests import factories
from goldenthread.testing import site_today


def _decide(world, case, body, role=Role.PROSECUTOR):
    return world.api(role).post(
        f"/api/v1/legal/cases/{case.pk}/decisions",
        data=json.dumps(body),
        content_type="application/json",
    )


FILE_ON_REPORT = {
    "kind": "file_charges",
    "rationale": "New commercial burglary",
    "basis": [{"kind": "police_report", "reference": "SPD 26-004411"}],
}


@pytest.mark.django_db
def test_it_records_a_hold_in_abeyance_with_its_review_date(world):
    case = factories.case(world, world.alpha, status=LegalCase.Status.REFERRED)
    review_on = (site_today() + timedelta(days=60)).isoformat()
    response = _decide(
        world, case, {"kind": "hold_in_abeyance", "rationale": "Engaged", "review_on": review_on}
    )
    assert response.status_code == 201, response.content
    assert response.json()["review_on"] == review_on
    assert AuditEvent.objects.filter(action="decision.record").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role",
    [
        Role.CM,
        Role.SUPERVISOR,
        Role.ADVOCATE,
        Role.OFFICER,
        Role.POLICE_SUPERVISOR,
        Role.DEFENDER,
        Role.PM,
    ],
)
def test_it_lets_no_partner_record_a_prosecutors_decision(world, role):
    case = factories.case(world, world.alpha)
    response = _decide(world, case, {"kind": "decline_to_file", "rationale": "x"}, role)
    assert response.status_code == 404
    page = world.client(role).post(
        f"/legal/cases/{case.pk}/decide/", {"kind": "decline_to_file", "rationale": "x"}
    )
    assert page.status_code == 404
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_it_refuses_an_adverse_action_citing_a_disclosure(world):
    case = factories.case(world, world.alpha, baseline=rules.FILE)
    body = {
        **FILE_ON_REPORT,
        "basis": [*FILE_ON_REPORT["basis"], {"kind": "disclosure", "reference": "progress note"}],
    }
    response = _decide(world, case, body)
    assert response.status_code == 422
    assert "Golden Rule" in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == "basis"
    assert not Decision.objects.exists()
    assert LegalCase.objects.get(pk=case.pk).status == case.status


@pytest.mark.django_db
def test_it_refuses_an_adverse_action_with_no_basis(world):
    case = factories.case(world, world.alpha, baseline=rules.FILE)
    response = _decide(world, case, {"kind": "request_warrant", "rationale": "FTA"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "basis"


@pytest.mark.django_db
def test_it_records_an_independent_adverse_action_without_a_flag(world):
    case = factories.case(world, world.alpha, baseline=rules.FILE, status=LegalCase.Status.REFERRED)
    response = _decide(world, case, FILE_ON_REPORT)
    assert response.status_code == 201
    assert response.json()["flagged_for_review"] is False
    case.refresh_from_db()
    # The site's own date: UTC's is a day ahead in the evening in Los Angeles.
    today = timezone.localdate(timezone=case.site.tz)
    assert case.status == "filed" and case.filing_date == today


@pytest.mark.django_db
def test_it_flags_an_adverse_action_by_a_prosecutor_who_read_a_disclosure(world):
    case = factories.case(world, world.alpha, baseline=rules.FILE)
    consent = dfactories.consent(world, world.alpha, case.participant)
    disclosure = dfactories.disclosure(world, world.alpha, consent)
    world.api(Role.PROSECUTOR).get(f"/api/v1/disclosures/disclosures/{disclosure.pk}")
    response = _decide(world, case, FILE_ON_REPORT)
    assert response.status_code == 201
    assert response.json()["flagged_for_review"] is True
    decision = Decision.objects.get()
    assert decision.taint_facts[0]["subject_id"] == str(disclosure.pk)


@pytest.mark.django_db
def test_it_refuses_a_decision_harsher_than_the_baseline(world):
    case = factories.case(world, world.alpha, baseline=rules.DECLINE)
    response = _decide(world, case, FILE_ON_REPORT)
    assert response.status_code == 422
    assert "baseline" in response.json()["detail"]


@pytest.mark.django_db
def test_it_needs_the_baseline_before_an_adverse_action(world):
    case = factories.case(world, world.alpha)
    response = _decide(world, case, FILE_ON_REPORT)
    assert response.status_code == 422 and "baseline" in response.json()["detail"]


@pytest.mark.django_db
def test_it_shows_the_refusal_on_the_form(world):
    case = factories.case(world, world.alpha, baseline=rules.FILE)
    response = world.client(Role.PROSECUTOR).post(
        f"/legal/cases/{case.pk}/decide/",
        {"kind": "file_charges", "rationale": "x", "basis_0_kind": "owg_discussion"},
    )
    assert response.status_code == 422
    assert b"Golden Rule" in response.content
    assert not Decision.objects.exists()


@pytest.mark.django_db
def test_it_needs_terms_for_a_negotiated_disposition(world):
    case = factories.case(world, world.alpha)
    response = _decide(world, case, {"kind": "negotiate_disposition", "rationale": "x"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "terms"
