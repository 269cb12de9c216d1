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


@pytest.mark.django_db
def test_the_liaison_prosecutor_records_a_case_for_a_participant_the_office_knows(world):
    from goldenthread.legal.tests import factories

    known = factories.case(world, world.alpha).participant
    response = _post(world, _body(known, case_number="26-CR-0099"), Role.PROSECUTOR)
    assert response.status_code == 201, response.content
    case = LegalCase.objects.get(case_number="26-CR-0099")
    assert case.participant == known and case.created_by.username == Role.PROSECUTOR.value
    assert AuditEvent.objects.filter(action="legal_case.create", role="prosecutor").exists()


@pytest.mark.django_db
def test_the_prosecutor_never_gets_the_roll_of_participants(world):
    from goldenthread.disclosures.tests import factories as dfactories
    from goldenthread.legal.tests import factories

    known = factories.case(world, world.alpha).participant
    disclosed = dfactories.disclosure(world, world.alpha).participant
    unknown = world.participant(first_name="Unknown", last_name="Person")
    response = _post(world, _body(unknown), Role.PROSECUTOR)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "participant_id"
    assert not LegalCase.objects.filter(participant=unknown).exists()
    page = world.client(Role.PROSECUTOR).get("/legal/cases/new/")
    choices = dict(page.context["form"].fields["participant_id"].choices)
    assert str(known.pk) in choices and str(disclosed.pk) in choices
    assert str(unknown.pk) not in choices
    advocate = world.client(Role.ADVOCATE).get("/legal/cases/new/")
    assert str(unknown.pk) in dict(advocate.context["form"].fields["participant_id"].choices)


@pytest.mark.django_db
def test_the_prosecutor_records_a_case_from_the_page(world):
    from goldenthread.legal.tests import factories

    known = factories.case(world, world.alpha).participant
    response = world.client(Role.PROSECUTOR).post(
        "/legal/cases/new/",
        {
            "participant_id": str(known.pk),
            "court": "Seattle Municipal Court",
            "court_kind": "local",
            "statute": "RCW 9A.56.050",
            "level": "misdemeanor",
            "incident_date": "2026-01-10",
        },
    )
    assert response.status_code == 302
    assert LegalCase.objects.filter(court="Seattle Municipal Court", participant=known).exists()


@pytest.mark.django_db
def test_defence_counsel_police_and_case_managers_do_not_record_cases(world):
    p = world.participant()
    for role in (Role.DEFENDER, Role.OFFICER, Role.CM, Role.PM):
        assert _post(world, _body(p), role).status_code == 404
    assert not LegalCase.objects.exists()
