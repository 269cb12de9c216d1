"""Governance as members in other roles use it, on a phone: a police officer on an OWG finds
the OWG from the home page, reads its meeting and takes the police department's position, and
cannot open the PCG; the PM links the flex-funds budget line to casework's pools and sees the
ledger's spend as its actual."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from goldenthread.casework.models import FundingPool
from goldenthread.core.roles import Role
from goldenthread.governance.models import Body, Budget, Meeting, Proposal, Seat
from goldenthread.testing import PASSWORD, build_world
from tests.browser.conftest import axe_violations, sign_in

FORMED = date(2020, 1, 1)


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    return build_world()


def test_an_officer_on_an_owg_reads_it_and_takes_a_position(world, page):
    site = world.alpha
    owg = Body.objects.create(
        site=site.site, kind="owg", name="North OWG", scope="precinct", formed_on=FORMED
    )
    pcg = Body.objects.create(site=site.site, kind="pcg", name="The PCG", formed_on=FORMED)
    Seat.objects.create(
        site=site.site,
        body=owg,
        user=site.users[Role.OFFICER],
        name="Officer",
        agency=site.memberships[Role.OFFICER].agency,
        authorised=True,
        start_on=FORMED,
    )
    meeting = Meeting.objects.create(
        site=site.site, body=owg, held_on=date(2026, 1, 5), minutes="Hand-offs at night discussed."
    )
    proposal = Proposal.objects.create(
        site=site.site, body=owg, title="Meet at the precinct", text="Move it.", status="open"
    )
    page.context.clear_cookies()
    sign_in(page, Role.OFFICER.value, PASSWORD)
    page.goto("/")
    card = page.get_by_text("Your governance bodies")
    assert card.is_visible()
    page.goto("/governance/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="North OWG").click()
    page.locator(f"a[href='/governance/meetings/{meeting.pk}/']").click()
    expect(page.get_by_text("Hand-offs at night discussed.")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"/governance/proposals/{proposal.pk}/")
    page.get_by_label("Support", exact=True).check()
    page.get_by_label("Reason", exact=True).fill("Closer for the night shift")
    page.get_by_role("button", name="Record position").click()
    expect(page.get_by_text("Your agency's position is recorded.")).to_be_visible()
    response = page.goto(f"/governance/bodies/{pcg.pk}/")
    assert response is not None and response.status == 404


def test_the_pm_links_the_flex_line_to_casework_pools(world, page):
    site = world.alpha
    FundingPool.objects.create(
        site=site.site,
        name="City flex fund",
        funding_source="City general fund",
        budget=Decimal("12000.00"),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    budget = Budget.objects.create(site=site.site, year=2026)
    page.context.clear_cookies()
    sign_in(page, Role.PM.value, PASSWORD)
    page.goto(f"/governance/budgets/{budget.pk}/")
    page.get_by_label("Category", exact=True).select_option(label="Flex funds")
    page.get_by_label("Planned ($)", exact=True).fill("12000")
    page.get_by_label("City flex fund", exact=False).check()
    page.get_by_role("button", name="Save line").click()
    expect(page.get_by_text("Budget line saved.")).to_be_visible()
    expect(page.get_by_text("from the ledger")).to_be_visible()
    expect(page.get_by_text("City flex fund: $0.00 of $12000.00")).to_be_visible()
    assert axe_violations(page) == []
