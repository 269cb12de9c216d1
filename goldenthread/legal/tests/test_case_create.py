"""Recording a court case: charges with incident dates, filing date, defence counsel."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.legal.models import LegalCase


def _body(participant, **kw):
    body = {
        "participant_id": participant.pk,
        "court": "King County District Court",
        "court_kind": "outlying",
        "case_number": "26-CR-0042",
        "filing_date": "2026-02-10",
        "defence_counsel": "J. Smith",
        "charges": [
            {"statute": "RCW 9A.56.050", "level": "misdemeanor", "incident_date": "2025-12-01"}
        ],
    }
    body.update(kw)
    return body


def _post(world, body, role=Role.ADVOCATE):
    return world.api(role).post(
        "/api/v1/legal/cases", data=json.dumps(body), content_type="application/json"
    )


@pytest.mark.django_db
def test_it_records_a_case_with_incident_and_filing_dates(world):
    p = world.participant()
    body = _body(p, defence_agency_id=world.alpha.agencies["defender"].pk)
    response = _post(world, body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["filing_date"] == "2026-02-10"
    assert data["charges"][0]["incident_date"] == "2025-12-01"
    assert data["status"] == "filed" and data["court_kind"] == "outlying"
    assert AuditEvent.objects.filter(action="legal_case.create").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change,field",
    [
        ({"court": ""}, "court"),
        ({"charges": []}, "statute"),
        (
            {"charges": [{"statute": "x", "level": "capital", "incident_date": "2026-01-01"}]},
            "level",
        ),
        ({"participant_id": 987654}, "participant_id"),
    ],
)
def test_it_names_the_field_and_saves_nothing(world, change, field):
    p = world.participant()
    response = _post(world, _body(p, **change))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert not LegalCase.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_duplicate_case_number_in_one_court(world):
    p = world.participant()
    assert _post(world, _body(p)).status_code == 201
    response = _post(world, _body(p))
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "case_number"


@pytest.mark.django_db
def test_it_records_a_case_from_the_page(world):
    p = world.participant()
    response = world.client(Role.ADVOCATE).post(
        "/legal/cases/new/",
        {
            "participant_id": p.pk,
            "court": "Municipal Court",
            "statute": "SMC 12A.08.060",
            "level": "misdemeanor",
            "incident_date": "2026-01-02",
        },
    )
    assert response.status_code == 302
    assert LegalCase.objects.get().status == "referred"
    bad = world.client(Role.ADVOCATE).post("/legal/cases/new/", {"participant_id": p.pk})
    assert bad.status_code == 422 and LegalCase.objects.count() == 1
