"""Case management in the browser: a CM logs a contact on a phone, a supervisor approves a
flex-fund request, and a police officer finds no contacts page."""

from __future__ import annotations

import pytest

from goldenthread.casework.models import Contact, ContactDraft, LedgerEntry
from goldenthread.casework.tests.factories import flex_request
from goldenthread.core.roles import Role
from goldenthread.testing import PASSWORD, build_world
from tests.browser.conftest import axe_violations, sign_in


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    return build_world()


def test_it_lets_a_cm_log_a_contact_on_a_phone(world, page):
    p = world.participant(first_name="Marisol")
    sign_in(page, Role.CM.value, PASSWORD)
    page.get_by_role("link", name="My caseload").click()
    assert page.get_by_role("link", name="Marisol Rivera").is_visible()
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
    assert page.get_by_text("Contact logged.").is_visible()
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
    page.get_by_role("link", name="Flex funds", exact=True).click()
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"#{request.pk} Motel 6").click()
    page.get_by_label("Decision").select_option("approve")
    page.get_by_label("Note").fill("Bridge to move-in")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Record decision").click()
    assert page.get_by_text("Request approved.").is_visible()
    assert LedgerEntry.objects.get().request_id == request.pk


def test_it_shows_a_police_officer_404_for_a_participants_contacts(world, page):
    p = world.participant()
    sign_in(page, Role.OFFICER.value, PASSWORD)
    response = page.goto(f"/casework/p/{p.pk}/contacts/")
    assert response is not None and response.status == 404
    assert "Talked" not in page.content()


def test_it_has_no_accessibility_violations_on_the_main_pages(world, page):
    request = flex_request(world.alpha, world, status="approved")
    p = request.participant
    sign_in(page, Role.SUPERVISOR.value, PASSWORD)
    for path in [
        f"/casework/p/{p.pk}/",
        f"/casework/p/{p.pk}/contacts/",
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
