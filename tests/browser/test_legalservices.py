"""A case manager refers a participant to LEAD Legal Services; the attorney runs the conflict
check, clears the possible conflict, accepts, records an outcome; the case manager sees the
outcome as status on the participant's legal page, and gets 404 on the file."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from goldenthread.core.roles import Role
from goldenthread.legalservices.models import Matter
from goldenthread.testing import PASSWORD, build_world, site_today
from tests.browser.conftest import axe_violations, follow, sign_in


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    return build_world()


def test_it_takes_a_referral_through_a_cleared_conflict_to_an_outcome(world, page):
    client = world.participant(first_name="Rosa", last_name="Delgado")
    world.participant(first_name="Victor", last_name="Hale")  # also a LEAD participant

    # The case manager refers.
    sign_in(page, Role.CM.value, PASSWORD)
    follow(page, page.get_by_role("link", name="Legal referrals"))
    assert axe_violations(page) == []
    page.get_by_role("link", name="Refer a participant").click()
    page.get_by_label("Participant").select_option(label="Rosa Delgado")
    page.get_by_label("Matter type").select_option("eviction")
    page.get_by_label("Description").fill("Landlord filed unlawful detainer; hearing soon.")
    page.get_by_label("Urgency").select_option("urgent")
    due = site_today() + timedelta(days=10)
    page.get_by_label("Deadline (hearing date, eviction date)").fill(due.isoformat())
    page.get_by_label("What the deadline is").fill("Show-cause hearing")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Refer").click()
    expect(page.get_by_text("Referred, awaiting intake")).to_be_visible()
    assert axe_violations(page) == []
    matter = Matter.objects.get()

    # The attorney: adverse party, conflict check, a flag, cleared with a reason, accepted.
    page.context.clear_cookies()
    sign_in(page, Role.LEGAL_SERVICES.value, PASSWORD)
    follow(page, page.get_by_role("link", name="Legal docket"))
    assert axe_violations(page) == []
    page.get_by_role("link", name="Rosa Delgado").first.click()
    page.get_by_label("Adverse party's name").fill("Victor Hale")
    page.get_by_label("Relation (landlord, creditor, other parent…)").fill("landlord")
    page.get_by_role("button", name="Add party").click()
    page.get_by_role("button", name="Run conflict check").click()
    expect(page.get_by_text("Possible conflict: must be cleared")).to_be_visible()
    expect(page.get_by_text("participant #").first).to_be_visible()
    page.get_by_label("Assign to attorney").select_option("legal_services")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("clear it, with a reason, before accepting")).to_be_visible()
    page.get_by_label("Why this is not a conflict").fill(
        "Our client's landlord; the participant of that name is not a legal-services client."
    )
    page.get_by_role("button", name="Clear the possible conflict").click()
    expect(page.get_by_text("Possible conflict cleared").first).to_be_visible()
    page.get_by_label("Assign to attorney").select_option("legal_services")
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted, open")).to_be_visible()
    assert axe_violations(page) == []

    # The outcome.
    page.get_by_role("combobox", name="Outcome").select_option("eviction_avoided")
    page.get_by_role("button", name="Record outcome").click()
    expect(page.get_by_text("Outcome recorded.")).to_be_visible()
    matter.refresh_from_db()
    assert (matter.status, matter.conflict_state) == ("open", "cleared")

    # The case manager sees the status, never the file.
    page.context.clear_cookies()
    sign_in(page, Role.CM.value, PASSWORD)
    page.goto(f"/legalservices/participants/{client.pk}/")
    expect(page.get_by_text("Eviction avoided")).to_be_visible()
    expect(page.get_by_text("Accepted, open")).to_be_visible()
    assert page.get_by_text("Victor Hale").count() == 0
    assert axe_violations(page) == []
    response = page.goto(f"/legalservices/matters/{matter.pk}/")
    assert response is not None and response.status == 404
