"""An OWG meeting on a phone-sized screen: the PM runs the roster, the CM and the prosecutor
record decisions in their own spheres, the PM closes; the officer sees only police items."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from goldenthread.conferencing.models import ActionItem, PartnerDecision, RosterItem, Situation
from goldenthread.conferencing.tests.matrix import item, meeting
from goldenthread.core.models import Agency
from goldenthread.core.roles import Role
from goldenthread.testing import PASSWORD, build_world
from tests.browser.conftest import PHONE, axe_violations, follow, sign_in


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    return build_world()


@pytest.fixture
def owg(world):  # type: ignore[no-untyped-def]
    m = meeting(world.alpha, title="OWG North")
    dana = world.participant()
    sheriff = Agency.objects.create(site=world.alpha.site, name="Sheriff", kind="police")
    camp = Situation.objects.create(
        site=world.alpha.site, title="Camp", place="5th & Pine", description="Tents"
    )
    items = {
        "referral": item(
            world.alpha,
            m,
            title="Referral outcome: Dana enrolled",
            participant=dana,
            visible_to_roles=["cm", "officer", "police_supervisor"],
            police_agency_ids=[world.alpha.agencies["police"].pk],
        ),
        "court": item(
            world.alpha,
            m,
            title="Court date next week",
            participant=dana,
            visible_to_roles=["cm", "prosecutor"],
            tags=["legal"],
        ),
        "housing": item(
            world.alpha, m, title="Dana: housing plan", participant=dana, visible_to_roles=[]
        ),
        "camp": item(
            world.alpha,
            m,
            title="Situation: Camp (5th & Pine)",
            kind="situation",
            situation=camp,
            visible_to_roles=[],
        ),
        # Another police agency's referral: its officers only, never this officer.
        "sheriff": item(
            world.alpha,
            m,
            title="Referral outcome: Eli declined",
            visible_to_roles=["cm", "officer", "police_supervisor"],
            police_agency_ids=[sheriff.pk],
        ),
    }
    return m, items


def _other(browser, live_server, username):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, username, PASSWORD)
    return context, page


def _decide(browser, live_server, username, url, text):  # type: ignore[no-untyped-def]
    context, page = _other(browser, live_server, username)
    page.goto(url)
    page.get_by_label("Decision:").fill(text)
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text(text)).to_be_visible()
    context.close()


def test_it_runs_an_owg_meeting_and_filters_the_minutes_by_role(
    world, owg, page, browser, live_server
):
    m, items = owg
    sign_in(page, Role.PM.value, PASSWORD)
    page.get_by_role("link", name="OWG meetings").first.click()
    page.get_by_role("link", name="OWG North").click()
    expect(page.get_by_text("Referral outcome: Dana enrolled")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Start meeting").click()

    expect(page.get_by_role("heading", name="Item 1 of 5")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Discussion note").fill("Enrolled last week; officer informed")
    page.get_by_role("button", name="Record note").click()
    expect(page.get_by_text("Enrolled last week; officer informed")).to_be_visible()
    follow(page, page.get_by_role("button", name="Mark discussed"))

    page.get_by_role("link", name="Next item").click()
    expect(page.get_by_role("heading", name="Item 2 of 5")).to_be_visible()
    expect(page).to_have_url(re.compile(r"item="))
    follow(page, page.get_by_role("button", name="Mark discussed"))
    _decide(
        browser,
        live_server,
        Role.PROSECUTOR.value,
        f"/conferencing/{m.pk}/run/?item={items['court'].pk}",
        "Hold the filing in abeyance; review in 30 days",
    )

    page.get_by_role("link", name="Next item").click()
    expect(page.get_by_role("heading", name="Item 3 of 5")).to_be_visible()
    _decide(
        browser,
        live_server,
        Role.CM.value,
        f"/conferencing/{m.pk}/run/?item={items['housing'].pk}",
        "Move to the Rapid Rehousing list",
    )
    page.get_by_label("Description").fill("Call the housing navigator")
    page.get_by_label("Owner").select_option(label="cm")
    page.get_by_label("Due on").fill("2026-12-15")
    page.get_by_role("button", name="Create action item").click()
    expect(page.get_by_text("Action: Call the housing navigator")).to_be_visible()
    follow(page, page.get_by_role("button", name="Mark discussed"))

    page.get_by_role("button", name="Close meeting").click()
    expect(page.get_by_text("Meeting closed")).to_be_visible()

    spheres = sorted(PartnerDecision.objects.values_list("sphere", "decided_role"))
    assert spheres == [("clinical", "cm"), ("prosecutorial", "prosecutor")]
    assert ActionItem.objects.get().owner == world.alpha.users[Role.CM]
    carried = set(RosterItem.objects.filter(status="carried_forward"))
    assert carried == {items["sheriff"], items["camp"]}

    page.context.clear_cookies()
    sign_in(page, Role.OFFICER.value, PASSWORD)
    page.goto(f"/conferencing/{m.pk}/")
    roster = page.locator("ol.roster").inner_text()
    assert "Referral outcome: Dana enrolled" in roster and "Situation: Camp" in roster
    assert "Court date" not in roster and "housing" not in roster
    assert "Eli declined" not in roster, "another police agency's referral"
    assert "Hold the filing" not in page.content() and "Rapid Rehousing" not in page.content()
    assert axe_violations(page) == []


def test_it_links_the_owg_body_and_escalates_an_issue_to_the_pcg(world, page):
    from goldenthread.conferencing.tests.matrix import owg_bodies
    from goldenthread.governance import queries as governance_queries

    _pcg, owg_body = owg_bodies(world.alpha, scope_area="Belltown")
    m = meeting(world.alpha, title="OWG Belltown")
    sign_in(page, Role.PM.value, PASSWORD)
    page.goto(f"/conferencing/{m.pk}/")
    page.get_by_label("OWG body (governance)").select_option(label=owg_body.name)
    page.get_by_role("button", name="Link").click()
    expect(page.get_by_text(f"OWG body: {owg_body.name}")).to_be_visible()
    expect(page.get_by_text("Belltown").first).to_be_visible()

    page.get_by_label("Issue").fill("No shelter beds after 9 pm")
    page.get_by_role("button", name="Escalate to the PCG").click()
    expect(page.locator("#id_escalate-description_error")).to_contain_text("required")
    page.get_by_label("What the PCG should consider").fill("Outreach cannot place people.")
    page.get_by_role("button", name="Escalate to the PCG").click()
    expect(page.get_by_text("Escalated to the PCG as draft proposal")).to_be_visible()
    assert axe_violations(page) == []
    proposals = governance_queries.proposals_for(world.actor(Role.PM))
    assert [p.title for p in proposals] == ["No shelter beds after 9 pm"]


def test_the_pm_adds_an_item_to_the_roster_on_a_phone(world, page):  # type: ignore[no-untyped-def]
    m = meeting(world.alpha, title="OWG South")
    world.participant(first_name="Rafa", last_name="Lindqvist")
    sign_in(page, Role.PM.value, PASSWORD)
    page.goto(f"/conferencing/{m.pk}/")
    follow(page, page.get_by_role("link", name="Add an item"))
    expect(page.get_by_role("heading", name="Add an item: OWG South")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    page.get_by_label("Title").fill("Rafa: shelter bed")
    page.get_by_label("Participant").select_option(label="Rafa Lindqvist")
    page.get_by_label("Time box (minutes)").fill("4")
    page.get_by_label("Case managers", exact=True).check()
    follow(page, page.get_by_role("button", name="Save"))
    expect(page.get_by_text("Item added to the roster.")).to_be_visible()
    expect(page.locator("ol.roster")).to_contain_text("Rafa: shelter bed")
    row = RosterItem.objects.get(meeting=m)
    assert (row.participant.person.first_name, row.visible_to_roles) == ("Rafa", ["cm"])


def test_the_pm_pages_through_a_long_roster_and_moves_an_item_across_pages(  # type: ignore[no-untyped-def]
    world, page
):
    m = meeting(world.alpha, title="OWG Citywide")
    RosterItem.objects.bulk_create(
        [
            RosterItem(
                site=world.alpha.site,
                meeting=m,
                kind="added",
                title=f"Item {n:02d}",
                source="conferencing.pm",
                order=n,
            )
            for n in range(1, 56)
        ]
    )
    sign_in(page, Role.PM.value, PASSWORD)
    page.goto(f"/conferencing/{m.pk}/")
    expect(page.get_by_text("Items 1 to 50 of 55.")).to_be_visible()
    roster = page.locator("ol.roster > li")
    expect(roster).to_have_count(50)
    assert axe_violations(page) == []
    last = roster.nth(49)
    expect(last).to_contain_text("Item 50")
    follow(page, last.get_by_role("button", name="Down"))
    # The item moved to the first place of page 2, and the page it is on is shown.
    expect(page.get_by_text("Items 51 to 55 of 55.")).to_be_visible()
    expect(roster.first).to_contain_text("Item 50")
    expect(page.locator("ol.roster")).to_have_attribute("start", "51")
    follow(page, page.get_by_role("link", name="Previous"))
    expect(roster.nth(49)).to_contain_text("Item 51")
    assert list(RosterItem.objects.filter(meeting=m).values_list("title", flat=True))[49:51] == [
        "Item 51",
        "Item 50",
    ]
