"""Case management in the browser: a CM logs a contact on a phone, a supervisor approves a
flex-fund request, and a police officer finds no contacts page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from goldenthread.casework.models import Contact, ContactDraft, FlexFundRequest, LedgerEntry
from goldenthread.casework.tests.factories import contact, flex_request
from goldenthread.core.roles import Role
from goldenthread.testing import PASSWORD, build_world
from tests.browser.conftest import axe_violations, follow, sign_in


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    return build_world()


def test_it_lets_a_cm_log_a_contact_on_a_phone(world, page):
    p = world.participant(first_name="Marisol")
    sign_in(page, Role.CM.value, PASSWORD)
    page.get_by_role("link", name="My caseload").click()
    expect(page.get_by_role("link", name="Marisol Rivera")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Log contact").first.click()
    page.get_by_label("Type").select_option("shelter")
    page.get_by_label("Place").fill("Bread of Life Mission")
    page.get_by_label("Substantive contact").check()
    page.get_by_label("Note").fill("Talked about the housing list")
    page.get_by_text("Draft saved.").wait_for(timeout=8000)
    assert ContactDraft.objects.filter(participant=p).exists()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Log contact").click()
    expect(page.get_by_text("Contact logged.")).to_be_visible()
    contact = Contact.objects.get(participant=p)
    assert (contact.kind, contact.place, contact.substantive) == (
        "shelter",
        "Bread of Life Mission",
        True,
    )
    assert not ContactDraft.objects.exists()
    assert axe_violations(page) == []


def test_it_lets_a_supervisor_approve_a_flex_fund_request(world, page):
    request = flex_request(world.alpha, world, amount="180.00")
    sign_in(page, Role.SUPERVISOR.value, PASSWORD)
    follow(page, page.get_by_role("link", name="Flex funds", exact=True))
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"#{request.pk} Motel 6").click()
    page.get_by_label("Decision").select_option("approve")
    page.get_by_label("Note").fill("Bridge to move-in")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Request approved.")).to_be_visible()
    assert LedgerEntry.objects.get().request_id == request.pk


def test_it_shows_a_police_officer_404_for_a_participants_contacts(world, page):
    p = world.participant()
    sign_in(page, Role.OFFICER.value, PASSWORD)
    response = page.goto(f"/casework/p/{p.pk}/contacts/")
    assert response is not None and response.status == 404
    assert "Talked" not in page.content()


def test_a_cm_on_a_phone_sees_the_newest_history_and_pages_back_to_the_oldest(world, page):
    p = world.participant(first_name="Marisol")
    for i in range(60):
        contact(world.alpha, p, days_ago=i, note=f"note {i:03d}")
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, Role.CM.value, PASSWORD)
    page.goto(f"/casework/p/{p.pk}/")
    assert "note 000" in page.content() and "note 059" not in page.content()
    follow(page, page.get_by_role("link", name="The full history"))
    expect(page.get_by_text("note 049")).to_be_visible()
    assert "note 049" in page.content() and "note 050" not in page.content()
    follow(page, page.get_by_role("link", name="Older"))
    expect(page.get_by_text("note 059")).to_be_visible()
    assert "note 059" in page.content() and "note 000" not in page.content()
    assert axe_violations(page) == []


def test_it_has_no_accessibility_violations_on_the_main_pages(world, page):
    request = flex_request(world.alpha, world, status="approved")
    p = request.participant
    sign_in(page, Role.SUPERVISOR.value, PASSWORD)
    for path in [
        f"/casework/p/{p.pk}/",
        f"/casework/p/{p.pk}/contacts/",
        f"/casework/p/{p.pk}/history/",
        f"/casework/p/{p.pk}/flex/new/",
        "/casework/team/",
        "/casework/team/reassign/",
        "/casework/flex/ledger/",
        "/casework/flex/pools/",
        "/casework/advocate/",
        "/casework/profile/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path


def test_a_flex_request_sent_twice_from_a_phone_is_saved_once(world, page):
    """A resend after the answer was lost on a weak signal: the same form arrives twice, and one
    request is saved; pressing the button once more lands on it with a note saying so. (Two
    sends at the same instant are raced on PostgreSQL in web/tests/test_once.py; the browser
    tests' SQLite live server shares one connection between threads, so they go one by one
    here.)"""
    from goldenthread.casework.tests.factories import goal, pool

    p = world.participant(first_name="Marisol")
    pool(world.alpha)
    goal(world.alpha, p)
    sign_in(page, Role.CM.value, PASSWORD)
    page.goto(f"/casework/p/{p.pk}/flex/new/")
    page.get_by_label("Amount").fill("35.00")
    page.get_by_label("Category").select_option("phone")
    page.get_by_label("Vendor").fill("Metro PCS")
    page.get_by_label("Purpose").fill("A phone so the housing navigator can reach her")
    page.get_by_label("Other resources and pools checked first").fill("Lifeline (waitlisted)")
    page.get_by_label("No other resource pool was available for this").check()
    answers = page.evaluate(
        """async () => {
            const form = document.querySelector('main form');
            const send = () => fetch(location.href, {
                method: 'POST', body: new FormData(form), redirect: 'manual'});
            const first = await send();
            const second = await send();
            return [first.type, second.type];
        }"""
    )
    assert answers == ["opaqueredirect", "opaqueredirect"], "both sends answered with a redirect"
    assert FlexFundRequest.objects.filter(participant=p).count() == 1
    page.get_by_role("button", name="Request").click()
    expect(page.get_by_text("already been sent; it was saved once").first).to_be_visible()
    assert FlexFundRequest.objects.filter(participant=p).count() == 1


def test_a_cm_on_a_phone_switches_the_caseload_to_everyone_and_to_one_case_manager(world, page):
    world.participant(first_name="Marisol")
    theirs = world.participant(first_name="Tomas")
    theirs.case_manager = world.alpha.users[Role.SUPERVISOR]
    theirs.save()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, Role.CM.value, PASSWORD)
    page.get_by_role("link", name="My caseload").click()
    expect(page.get_by_role("link", name="Marisol Rivera")).to_be_visible()
    expect(page.get_by_role("link", name="Tomas Rivera")).to_have_count(0)
    page.get_by_label("Case manager").select_option(label="Everyone")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="All participants")).to_be_visible()
    expect(page.get_by_role("link", name="Tomas Rivera")).to_be_visible()
    expect(page.get_by_label("Case manager")).to_have_value("0")
    assert axe_violations(page) == []
    page.get_by_label("Case manager").select_option(label="cm")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("link", name="Marisol Rivera")).to_be_visible()
    expect(page.get_by_role("link", name="Tomas Rivera")).to_have_count(0)
    expect(page.get_by_label("Case manager")).to_have_value(str(world.alpha.users[Role.CM].pk))
