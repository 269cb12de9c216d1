"""MOU versions, adoption by decision, signatures, and who has not signed."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import MouSignature, MouVersion, Proposal
from goldenthread.governance.tests.matrix import MAKERS, consensus

pytestmark = pytest.mark.django_db


def test_it_drafts_adopts_and_collects_signatures(world):
    pm_agency = world.alpha.memberships[Role.PM].agency_id
    cm_agency = world.alpha.memberships[Role.CM].agency_id
    api = world.api(Role.PM)
    created = api.post(
        "/api/v1/governance/mou",
        data={"text": "We agree", "party_ids": [pm_agency, cm_agency]},
        content_type="application/json",
    ).json()
    version_id = created["id"]
    sig = {"agency_id": pm_agency, "signed_on": "2026-01-05", "signed_by": "Director"}
    early = api.post(
        f"/api/v1/governance/mou/{version_id}/signatures", data=sig, content_type="application/json"
    )
    assert early.status_code == 422, "not adopted yet"
    assert world.api(Role.OFFICER).get("/api/v1/governance/mou").json() == []
    p = consensus(world.alpha)
    Proposal.objects.filter(pk=p.pk).update(subject_type=MouVersion.SUBJECT, subject_id=version_id)
    api.post(
        f"/api/v1/governance/proposals/{p.pk}/decision", data={}, content_type="application/json"
    )
    signed = api.post(
        f"/api/v1/governance/mou/{version_id}/signatures", data=sig, content_type="application/json"
    ).json()
    assert signed["unsigned"] == [world.alpha.agencies["case_management"].name]
    public = world.api(Role.OFFICER).get("/api/v1/governance/mou").json()
    assert public[0]["signed"] == [world.alpha.agencies["project_management"].name]
    twice = api.post(
        f"/api/v1/governance/mou/{version_id}/signatures", data=sig, content_type="application/json"
    )
    assert twice.status_code == 409
    assert MouSignature.objects.count() == 1


def test_it_refuses_a_signature_from_a_non_party(world):
    version_id = MAKERS["gov_mou"](world, world.alpha)["version_id"]
    response = world.client(Role.PM).post(
        f"/governance/mou/{version_id}/sign/",
        {
            "agency_id": world.alpha.memberships[Role.OFFICER].agency_id,
            "signed_on": "2026-01-05",
            "signed_by": "Chief",
        },
    )
    assert response.status_code == 422
    assert b"not a party" in response.content
