"""Issue 3 with governance: where the site has a PCG, an eligibility policy version is adopted
by the PCG's consensus decision. The PM proposes the draft, the member agencies record their
positions, the PM records the decision, then adopts the version citing it; screening uses it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.governance import queries as governance_queries
from goldenthread.governance.tests.matrix import pcg
from goldenthread.referrals.models import PolicyVersion
from goldenthread.referrals.tests import makers

pytestmark = pytest.mark.django_db

P = "/api/v1/referrals/policy-versions"
G = "/api/v1/governance/proposals"


def _post(world, role, path, data=None):  # type: ignore[no-untyped-def]
    return world.api(role).post(path, data=data or {}, content_type="application/json")


def _adopt(world, version):  # type: ignore[no-untyped-def]
    today = timezone.localdate(timezone=world.alpha.site.tz)
    return _post(world, Role.PM, f"{P}/{version.pk}/adopt", {"effective_from": str(today)})


def _consensus(world, proposal_id):  # type: ignore[no-untyped-def]
    for role in (Role.PCG_MEMBER, Role.CLT_MEMBER):
        stance = {"stance": "support", "reason": "Matches the MOU"}
        assert _post(world, role, f"{G}/{proposal_id}/positions", stance).status_code == 201
    return _post(world, Role.PM, f"{G}/{proposal_id}/decision")


def test_it_proposes_a_draft_to_the_pcg(world):
    pcg(world.alpha)
    version = makers.draft(world.alpha)
    response = _post(world, Role.PM, f"{P}/{version.pk}/propose", {"note": "See the MOU"})
    assert response.status_code == 200
    proposal_id = response.json()["pcg_proposal_id"]
    proposal = world.api(Role.PCG_MEMBER).get(f"{G}/{proposal_id}").json()
    assert proposal["subject_type"] == "referrals.eligibilitypolicyversion"
    assert proposal["subject_id"] == version.pk
    assert "Drug possession" in proposal["text"] and "See the MOU" in proposal["text"]
    assert AuditEvent.objects.filter(action="policy.propose", object_id=str(version.pk)).exists()
    again = _post(world, Role.PM, f"{P}/{version.pk}/propose")
    assert again.status_code == 409


def test_it_refuses_a_recorded_adoption_without_the_pcgs_decision(world):
    pcg(world.alpha)
    version = makers.draft(world.alpha)
    response = _adopt(world, version)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "decision"
    assert PolicyVersion.objects.get(pk=version.pk).status == "draft"
    _post(world, Role.PM, f"{P}/{version.pk}/propose")
    assert _adopt(world, version).status_code == 422  # proposed is not decided


def test_it_adopts_by_the_decision_and_screens_against_it(world):
    pcg(world.alpha)
    version = makers.draft(world.alpha)
    proposal_id = _post(world, Role.PM, f"{P}/{version.pk}/propose").json()["pcg_proposal_id"]
    decided = _consensus(world, proposal_id)
    assert decided.status_code == 201
    # The PCG adopted the version as it stood: it no longer changes.
    edit = world.api(Role.PM).patch(
        f"{P}/{version.pk}", data={"minimum_age": 21}, content_type="application/json"
    )
    assert edit.status_code == 422
    response = _adopt(world, version)
    assert response.status_code == 200
    body = response.json()
    decision = governance_queries.decision_adopted(
        world.alpha.site.pk, PolicyVersion.SUBJECT, version.pk
    )
    assert decision is not None
    assert body["status"] == "adopted" and body["pcg_decision_id"] == decision.pk
    event = AuditEvent.objects.get(action="policy.adopt", object_id=str(version.pk))
    assert event.after["decision"] == decision.pk
    # Contacted now: five minutes ago is yesterday just after the site's midnight, before the
    # version adopted today took effect.
    referral = makers.referral(world.alpha, contact_at=timezone.now())
    screened = _post(world, Role.CM, f"/api/v1/referrals/{referral.pk}/screen")
    assert screened.status_code == 201
    assert screened.json()["policy_version_id"] == version.pk
    page = world.client(Role.PM).get(f"/referrals/policy-versions/{version.pk}/").content.decode()
    assert "Adopted by the PCG's consensus decision" in page


def test_it_keeps_the_recorded_adoption_for_a_site_without_a_pcg(world):
    version = makers.draft(world.alpha)
    response = _adopt(world, version)
    assert response.status_code == 200
    assert response.json()["pcg_decision_id"] is None
    assert _post(world, Role.PM, f"{P}/{makers.draft(world.alpha).pk}/propose").status_code == 422


def test_it_proposes_from_the_page(world):
    pcg(world.alpha)
    version = makers.draft(world.alpha)
    client = world.client(Role.PM)
    page = client.get(f"/referrals/policy-versions/{version.pk}/").content.decode()
    assert "Propose to the PCG for adoption" in page and "Record adoption" not in page
    response = client.post(f"/referrals/policy-versions/{version.pk}/propose/")
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.pcg_proposal_id is not None
    page = client.get(f"/referrals/policy-versions/{version.pk}/").content.decode()
    assert f"/governance/proposals/{version.pcg_proposal_id}/" in page


def test_it_keeps_the_other_sites_decision_out(world):
    pcg(world.alpha)
    pcg(world.beta)
    version = makers.draft(world.alpha)
    proposal_id = _post(world, Role.PM, f"{P}/{version.pk}/propose").json()["pcg_proposal_id"]
    _consensus(world, proposal_id)
    other = _post(world, Role.PM, f"{P}/{version.pk}/adopt", {"effective_from": "2026-01-01"})
    assert other.status_code == 200
    beta_pm = world.api(Role.PM, world.beta)
    response = beta_pm.post(f"{P}/{version.pk}/propose", data={}, content_type="application/json")
    assert response.status_code == 404
