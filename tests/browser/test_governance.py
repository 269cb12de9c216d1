"""A PCG cycle on a phone: the PM drafts a policy change, three agencies take positions, one
blocks, the PM revises, consensus, the decision adopts the policy. A PCG member sees no
participant."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from goldenthread.core.models import Membership
from goldenthread.core.roles import Role
from goldenthread.governance.models import Body, Policy, PolicyVersion, Seat
from goldenthread.testing import PASSWORD, build_world
from tests.browser.conftest import axe_violations, sign_in

FORMED = "2020-01-01"


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    world = build_world()
    alpha = world.alpha
    chief = get_user_model().objects.create_user(username="chief", password=PASSWORD)
    Membership.objects.create(
        site=alpha.site, user=chief, agency=alpha.agencies["police"], role=Role.PCG_MEMBER
    )
    pcg = Body.objects.create(site=alpha.site, kind="pcg", name="PCG", formed_on=FORMED)
    for user, agency in [
        (alpha.users[Role.PCG_MEMBER], alpha.agencies["health"]),
        (alpha.users[Role.CLT_MEMBER], alpha.agencies["community"]),
        (chief, alpha.agencies["police"]),
    ]:
        Seat.objects.create(
            site=alpha.site,
            body=pcg,
            user=user,
            name=user.get_username(),
            agency=agency,
            senior=True,
            authorised=True,
            start_on=FORMED,
        )
    policy = Policy.objects.create(site=alpha.site, kind="referral", title="Referral policy")
    PolicyVersion.objects.create(site=alpha.site, policy=policy, number=1, text="Threshold: 6 g.")
    return world


def _as(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    sign_in(page, username, PASSWORD)


def _position(page, url: str, username: str, stance: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    _as(page, username)
    page.goto(url)
    page.get_by_label(stance, exact=True).check()
    page.get_by_label("Reason", exact=True).fill(reason)
    page.get_by_role("button", name="Record position").click()
    expect(page.get_by_text("Your agency's position is recorded.")).to_be_visible()


def test_it_runs_a_pcg_consensus_cycle(world, page):
    _as(page, Role.PM.value)
    page.goto("/governance/proposals/new/")
    assert axe_violations(page) == []
    page.get_by_label("Title", exact=True).fill("Lower the drug threshold")
    page.get_by_label("Text", exact=True).fill("Threshold: 3 g.")
    page.get_by_label("Adopts", exact=True).select_option(label="Referral policy v1")
    page.get_by_role("button", name="Open for positions").click()
    expect(page.get_by_role("heading", name="Lower the drug threshold")).to_be_visible()
    url = page.url

    _position(page, url, Role.PCG_MEMBER.value, "Support", "Matches the evidence")
    assert axe_violations(page) == []
    _position(page, url, "chief", "Block", "Officers need time to train")
    assert "Blocked" in page.locator("#tally").inner_text()

    _as(page, Role.PM.value)
    page.goto(url)
    assert page.get_by_role("button", name="Record consensus decision").count() == 0
    page.get_by_label("Revised text").fill("Threshold: 3 g, from the next quarter.")
    page.get_by_role("button", name="Save as the next version").click()
    expect(page.locator(".lede")).to_contain_text("version 2")
    revised = page.url
    assert revised != url

    _position(page, revised, "chief", "Can live with it (stand aside)", "Time to train")
    _position(page, revised, Role.PCG_MEMBER.value, "Support", "Still right")
    _position(page, revised, Role.CLT_MEMBER.value, "Support", "Community asked for it")
    assert page.locator("#tally").get_attribute("data-outcome") == "consensus"

    _as(page, Role.PM.value)
    page.goto(revised)
    page.get_by_role("button", name="Record consensus decision").click()
    expect(page.get_by_text("Consensus decision recorded.")).to_be_visible()

    _as(page, Role.OFFICER.value)
    page.goto("/governance/policies/")
    expect(page.get_by_text("In force: version 1")).to_be_visible()
    assert axe_violations(page) == []


def test_it_shows_a_pcg_member_no_participant(world, page):
    participant = world.participant(first_name="Zelda", last_name="Quill")
    _as(page, Role.PCG_MEMBER.value)
    page.goto("/governance/")
    assert axe_violations(page) == []
    assert "Quill" not in page.content()
    response = page.goto(f"/api/v1/participants/{participant.pk}")
    assert response is not None and response.status == 404
    response = page.goto("/api/v1/participants")
    assert response is not None and response.status == 404
