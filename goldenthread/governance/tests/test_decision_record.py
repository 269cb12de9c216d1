"""The PM records a consensus decision; what it adopts links back to it."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.governance import queries
from goldenthread.governance.models import Decision, Policy, PolicyVersion, Position, Proposal
from goldenthread.governance.tests.matrix import consensus, proposal

pytestmark = pytest.mark.django_db


def _decide(world, p):  # type: ignore[no-untyped-def]
    return world.api(Role.PM).post(
        f"/api/v1/governance/proposals/{p.pk}/decision", data={}, content_type="application/json"
    )


def test_it_refuses_a_decision_without_consensus_and_saves_nothing(world):
    p = proposal(world.alpha)
    response = _decide(world, p)
    assert response.status_code == 422
    assert "not every member agency" in response.json()["detail"]
    assert not Decision.objects.exists()
    assert Proposal.objects.get(pk=p.pk).status == "open"


def test_it_refuses_when_a_member_blocks(world):
    p = consensus(world.alpha)
    Position.objects.filter(proposal=p).update(stance="block")
    response = _decide(world, p)
    assert response.status_code == 422
    assert "blocks" in response.json()["detail"]


def test_it_adopts_the_policy_version_the_proposal_names(world):
    policy = Policy.objects.create(site=world.alpha.site, kind="referral", title="Referral")
    v = PolicyVersion.objects.create(site=world.alpha.site, policy=policy, number=1, text="x")
    p = consensus(world.alpha)
    Proposal.objects.filter(pk=p.pk).update(subject_type=PolicyVersion.SUBJECT, subject_id=v.pk)
    response = _decide(world, p)
    assert response.status_code == 201
    decision = Decision.objects.get()
    assert PolicyVersion.objects.get(pk=v.pk).adopted_by == decision
    assert Proposal.objects.get(pk=p.pk).status == "decided"
    assert AuditEvent.objects.filter(action="decision.record").exists()
    listed = world.api(Role.OFFICER).get("/api/v1/governance/policies").json()
    assert listed[0]["in_force"]["id"] == v.pk


def test_it_answers_other_areas_by_subject(world):
    p = consensus(world.alpha)
    Proposal.objects.filter(pk=p.pk).update(
        subject_type="referrals.eligibilitypolicyversion", subject_id=7
    )
    assert (
        queries.decision_adopted(world.alpha.site.pk, "referrals.eligibilitypolicyversion", 7)
        is None
    )
    _decide(world, p)
    found = queries.decision_adopted(world.alpha.site.pk, "referrals.eligibilitypolicyversion", 7)
    assert found is not None and found.proposal_id == p.pk
    assert (
        queries.decision_adopted(world.beta.site.pk, "referrals.eligibilitypolicyversion", 7)
        is None
    )
    assert queries.last_adopted(world.alpha.site.pk, "referrals.eligibilitypolicyversion") == found


def test_it_refuses_to_decide_twice(world):
    p = consensus(world.alpha)
    assert _decide(world, p).status_code == 201
    assert _decide(world, p).status_code == 409
