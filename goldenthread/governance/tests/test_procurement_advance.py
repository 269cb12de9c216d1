"""Procurement moves through its stages; the award is a PCG decision."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import Procurement, Proposal
from goldenthread.governance.tests.matrix import consensus, pcg

pytestmark = pytest.mark.django_db


def _advance(world, pid, **data):  # type: ignore[no-untyped-def]
    return world.api(Role.PM).post(
        f"/api/v1/governance/procurements/{pid}/advance", data=data, content_type="application/json"
    )


def test_it_runs_an_rfp_to_an_award_by_pcg_decision(world):
    committee = pcg(world.alpha)
    created = world.api(Role.PM).post(
        "/api/v1/governance/procurements",
        data={"title": "CM RFP", "service": "case_management", "committee_id": committee.pk},
        content_type="application/json",
    )
    pid = created.json()["id"]
    for stage in ("rfp_issued", "proposals_received", "evaluation"):
        assert _advance(world, pid, stage=stage).json()["stage"] == stage
    cm_agency = world.alpha.memberships[Role.CM].agency_id
    no_awardee = _advance(world, pid, stage="recommended")
    assert no_awardee.status_code == 422
    assert _advance(world, pid, stage="recommended", awardee_id=cm_agency).status_code == 200
    assert _advance(world, pid, stage="awarded").status_code == 422, "only a decision awards"
    p = consensus(world.alpha)
    Proposal.objects.filter(pk=p.pk).update(subject_type=Procurement.SUBJECT, subject_id=pid)
    world.api(Role.PM).post(
        f"/api/v1/governance/proposals/{p.pk}/decision", data={}, content_type="application/json"
    )
    procurement = Procurement.objects.get(pk=pid)
    assert procurement.stage == "awarded" and procurement.award_decision.proposal_id == p.pk


def test_it_only_moves_forward(world):
    pid = Procurement.objects.create(site=world.alpha.site, title="PM RFP", service="other").pk
    _advance(world, pid, stage="evaluation")
    response = world.client(Role.PM).post(
        f"/governance/procurements/{pid}/advance/", {"stage": "rfp_issued"}
    )
    assert response.status_code == 422
    assert Procurement.objects.get(pk=pid).stage == "evaluation"
