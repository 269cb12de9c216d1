"""Eligibility policy adoption by the PCG on a phone: the PM proposes a draft, the PCG's member
agencies record their positions, the PM records the consensus decision and adopts the version
citing it, and a case manager's screening then uses that version."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from goldenthread.core.roles import Role
from goldenthread.governance.tests.matrix import pcg
from goldenthread.referrals.models import PolicyVersion, Screening
from goldenthread.referrals.tests import makers
from goldenthread.testing import PASSWORD, build_world
from tests.browser.conftest import axe_violations, follow, sign_in
from tests.browser.test_governance import _as, _position


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    world = build_world()
    pcg(world.alpha)
    return world


def test_it_adopts_a_policy_by_pcg_consensus_and_screens_with_it(world, page):
    version = makers.draft(world.alpha)
    sign_in(page, Role.PM.value, PASSWORD)
    page.goto(f"/referrals/policy-versions/{version.pk}/")
    assert page.get_by_role("button", name="Record adoption").count() == 0
    page.get_by_role("button", name="Propose to the PCG for adoption").click()
    expect(page.get_by_text("Proposed to the PCG")).to_be_visible()
    assert axe_violations(page) == []
    follow(page, page.get_by_role("link", name="the proposal"))
    proposal_url = page.url
    assert "/governance/proposals/" in proposal_url

    _position(page, proposal_url, Role.PCG_MEMBER.value, "Support", "Matches the MOU")
    _position(page, proposal_url, Role.CLT_MEMBER.value, "Support", "Community agrees")
    assert page.locator("#tally").get_attribute("data-outcome") == "consensus"

    _as(page, Role.PM.value)
    page.goto(proposal_url)
    page.get_by_role("button", name="Record consensus decision").click()
    expect(page.get_by_text("Consensus decision recorded.")).to_be_visible()
    page.goto(f"/referrals/policy-versions/{version.pk}/")
    page.get_by_label("Effective from").fill(str(timezone.localdate(timezone=world.alpha.site.tz)))
    page.get_by_role("button", name="Adopt by the PCG's decision").click()
    expect(page.get_by_text("Adopted by the PCG's consensus decision")).to_be_visible()
    assert axe_violations(page) == []
    adopted = PolicyVersion.objects.get(pk=version.pk)
    assert adopted.status == "adopted" and adopted.pcg_decision_id is not None

    # Contacted now, not the maker's five minutes ago: in the first minutes after the site's
    # midnight that was yesterday, before the policy took effect, and screening rightly refused.
    referral = makers.referral(world.alpha, contact_at=timezone.now())
    _as(page, Role.CM.value)
    page.goto(f"/referrals/{referral.pk}/")
    page.get_by_role("button", name="Screen").click()
    expect(page.locator("#referral-state")).to_have_text("Intake pending")
    assert Screening.objects.get(referral=referral).policy_version_id == version.pk
