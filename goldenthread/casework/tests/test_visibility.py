"""Who sees what: police, prosecutors, defenders, legal services, the CLT, the PCG and the
evaluator see none of case management: not a list, not a detail, not an export."""

from __future__ import annotations

import pytest

from goldenthread.casework.tests.factories import contact, flex_request
from goldenthread.core.roles import Role

OUTSIDERS = [
    Role.OFFICER,
    Role.POLICE_SUPERVISOR,
    Role.PROSECUTOR,
    Role.DEFENDER,
    Role.LEGAL_SERVICES,
    Role.CLT_MEMBER,
    Role.PCG_MEMBER,
    Role.EVALUATOR,
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_it_answers_404_everywhere_in_casework(world, role):
    p = world.participant()
    contact(world.alpha, p)
    request = flex_request(world.alpha, world, status="approved")
    pages = [
        "/casework/",
        f"/casework/p/{p.pk}/",
        f"/casework/p/{p.pk}/contacts/",
        "/casework/flex/",
        f"/casework/flex/{request.pk}/",
        "/casework/flex/ledger/",
        "/casework/flex/ledger/export/",
        "/casework/team/",
        "/casework/advocate/",
    ]
    api = [
        "/api/v1/casework/caseload",
        f"/api/v1/casework/participants/{p.pk}/contacts",
        f"/api/v1/casework/participants/{p.pk}/goals",
        f"/api/v1/casework/participants/{p.pk}/timeline",
        "/api/v1/casework/flex/requests",
        f"/api/v1/casework/flex/requests/{request.pk}",
        "/api/v1/casework/flex/report",
        "/api/v1/casework/flex/ledger",
    ]
    client, token = world.client(role), world.api(role)
    for path in pages:
        assert client.get(path).status_code == 404, path
    for path in api:
        assert token.get(path).status_code == 404, path


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_it_shows_outsiders_no_casework_navigation(world, role):
    body = world.client(role).get("/").content
    assert b"/casework/" not in body
