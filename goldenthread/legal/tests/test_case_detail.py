"""Reading a case: who may, what they see, and the access log."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AccessEvent
from goldenthread.core.roles import Role
from goldenthread.legal.tests import factories


@pytest.mark.django_db
def test_it_shows_the_prosecutor_the_case_but_not_the_lead_status(world):
    case = factories.case(world, world.alpha)
    data = world.api(Role.PROSECUTOR).get(f"/api/v1/legal/cases/{case.pk}").json()
    assert data["case_number"] == case.case_number
    assert data["lead_status"] is None
    assert AccessEvent.objects.filter(role="prosecutor", categories=["legal_cases"]).exists()


@pytest.mark.django_db
def test_it_shows_defence_counsel_their_clients_status(world):
    case = factories.case(world, world.alpha)
    data = world.api(Role.DEFENDER).get(f"/api/v1/legal/cases/{case.pk}").json()
    assert data["lead_status"] == "Active"


@pytest.mark.django_db
def test_it_hides_other_defenders_clients(world):
    case = factories.case(world, world.alpha)
    case.defence_agency = None
    case.save()
    assert world.api(Role.DEFENDER).get(f"/api/v1/legal/cases/{case.pk}").status_code == 404
    assert world.api(Role.DEFENDER).get("/api/v1/legal/cases").json() == []


@pytest.mark.django_db
def test_it_shows_police_nothing(world):
    case = factories.case(world, world.alpha)
    for role in (Role.OFFICER, Role.POLICE_SUPERVISOR, Role.EVALUATOR, Role.LEGAL_SERVICES):
        assert world.api(role).get(f"/api/v1/legal/cases/{case.pk}").status_code == 404
        assert world.client(role).get(f"/legal/cases/{case.pk}/").status_code == 404
