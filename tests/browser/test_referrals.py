"""The door on a phone: an officer refers, a case manager screens and enrolls, and an expired
intake reaches the prosecutor's filing queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from goldenthread.core.roles import Role
from goldenthread.referrals.models import Referral
from goldenthread.referrals.tests import makers
from goldenthread.testing import PASSWORD, build_world, site_today
from tests.browser.conftest import axe_violations, follow, sign_in


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    return build_world()


def test_it_lets_an_officer_refer_an_arrest_diversion_on_a_phone(world, page):
    sign_in(page, Role.OFFICER.value, PASSWORD)
    follow(page, page.get_by_role("link", name="New referral"))
    assert axe_violations(page) == []
    page.get_by_label("Arrest diversion").check()
    page.get_by_label("First name").fill("Jordan")
    page.get_by_label("Last name").fill("Kestrel")
    page.get_by_label("Offence (or prior activity) category").select_option("drug_possession")
    page.get_by_label("Probable cause noted").check()
    page.get_by_role("button", name="Send referral").click()
    expect(page.locator("#police-status")).to_have_text("pending")
    assert axe_violations(page) == []
    referral = Referral.objects.get()
    assert (referral.door, referral.last_name, referral.state) == ("arrest", "Kestrel", "referred")


def test_it_lets_a_case_manager_screen_and_enroll(world, page):
    makers.adopted_policy(world.alpha)
    referral = makers.referral(
        world.alpha, identified=False, first_name="Jordan", last_name="Kestrel"
    )
    sign_in(page, Role.CM.value, PASSWORD)
    page.goto(f"/referrals/{referral.pk}/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Record the person").click()
    page.get_by_role("button", name="Screen").click()
    expect(page.locator("#referral-state")).to_have_text("Intake pending")
    expect(page.get_by_text("Drug possession is an eligible category.")).to_be_visible()
    page.get_by_label("Assessment").fill("Wants housing and help with ID.")
    page.get_by_label("Release of information signed").check()
    page.get_by_label("Date signed").fill(str(site_today()))
    page.get_by_role("button", name="Save intake").click()
    page.get_by_role("button", name="Enroll").click()
    expect(page.locator("#referral-state")).to_have_text("Enrolled")
    assert axe_violations(page) == []
    assert Referral.objects.get(pk=referral.pk).participant is not None


def test_it_shows_an_expired_intake_in_the_prosecutors_queue(world, page):
    lapsed = makers.pending(world.alpha, intake_due=site_today() - timedelta(days=2))
    sign_in(page, Role.PROSECUTOR.value, PASSWORD)
    page.get_by_role("link", name="Filing queue").click()
    row = page.get_by_role("row", name=lapsed.arrest_report_number)
    assert "May be referred for filing" in row.inner_text()
    assert axe_violations(page) == []


def test_it_keeps_the_referral_pages_accessible(world, page):
    makers.referral(world.alpha)
    makers.waiting(world.alpha)
    makers.failed_notification(world.alpha)
    draft = makers.draft(world.alpha)
    sign_in(page, Role.PM.value, PASSWORD)
    for path in (
        "/referrals/",
        "/referrals/oncall/",
        "/referrals/queue/",
        "/referrals/capacity/",
        "/referrals/policies/",
        f"/referrals/policy-versions/{draft.pk}/",
        "/referrals/settings/",
        "/referrals/filing-queue/",
    ):
        page.goto(path)
        assert axe_violations(page) == [], path


def test_an_officer_on_a_phone_follows_a_referral_from_the_agencys_list(world, page):
    ours = makers.referral(world.alpha)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, Role.OFFICER.value, PASSWORD)
    page.goto("/referrals/")
    expect(page.get_by_role("heading", name="Referrals from my agency")).to_be_visible()
    assert axe_violations(page) == []
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=f"#{ours.pk}"))
    expect(row.get_by_role("cell")).to_have_text(
        [f"#{ours.pk}", "Arrest diversion", "pending", "no"]
    )
    row.get_by_role("link", name=f"#{ours.pk}").click()
    expect(page.locator("#police-status")).to_have_text("pending")
