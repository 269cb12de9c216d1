"""Legal coordination end to end on a phone: a CM records a consent and shares progress; the
prosecutor reads it with the §2.32 notice; filing on it is refused under the Golden Rule;
filing on a police report is recorded and reaches the PM's review queue; after revocation
the prosecutor can no longer open the disclosure."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from goldenthread.core.roles import Role
from goldenthread.disclosures.models import Disclosure
from goldenthread.legal import rules
from goldenthread.legal.models import LegalCase
from goldenthread.legal.tests import factories
from goldenthread.testing import PASSWORD, build_world, site_today
from tests.browser.conftest import axe_violations, follow, sign_in

NOTICE = "42 CFR part 2 prohibits unauthorized disclosure of these records."


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    return build_world()


def _record_consent(page, participant_id: int) -> None:  # type: ignore[no-untyped-def]
    fill_consent(page, participant_id)
    page.get_by_role("button", name="Save consent").click()
    expect(page.get_by_text("Consent recorded.")).to_be_visible()


def fill_consent(page, participant_id: int) -> None:  # type: ignore[no-untyped-def]
    """Every §2.31 element of a consent to the liaison prosecutor, not yet saved."""
    page.goto(f"/disclosures/participants/{participant_id}/consents/new/")
    page.get_by_label("Who may disclose").fill("Alpha case management")
    page.get_by_label("Specific description of the information").fill("Progress and barriers")
    page.get_by_label("Progress", exact=True).check()
    page.get_by_label("That we are working with the person").check()
    page.get_by_label("Coordinating legal cases").check()
    page.get_by_label("How to revoke").fill("Tell your case manager")
    page.get_by_label("Expiry date").fill((site_today() + timedelta(days=180)).isoformat())
    page.get_by_label("Signed by:", exact=True).fill("Dana Rivera")
    page.get_by_label("Date signed").fill(site_today().isoformat())
    page.get_by_label("Recipient 1: class").select_option("prosecutor")


def _share(page, participant_id: int) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"/disclosures/participants/{participant_id}/share/")
    expect(page.get_by_text("violations of law or of court orders")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Share with").select_option("prosecutor")
    page.get_by_label("Purpose").select_option("legal_coordination")
    page.get_by_label("Confirm that we are working with the person").check()
    page.get_by_label("Progress").fill("Moved into a shelter bed; keeps every appointment.")
    page.get_by_role("button", name="Share").click()
    expect(page.get_by_text("Disclosure shared.")).to_be_visible()


def _decide(page, case_id: int, source: str, reference: str):  # type: ignore[no-untyped-def]
    page.goto(f"/legal/cases/{case_id}/decide/")
    page.get_by_label("Decision:", exact=True).select_option(rules.FILE)
    page.get_by_label("Rationale").fill("New theft charge")
    page.get_by_label("Information source 1:", exact=True).select_option(source)
    page.get_by_label("Source 1 reference (report number, record…)").fill(reference)
    page.get_by_role("button", name="Record decision").click()


def test_it_keeps_the_firewall_from_consent_to_review(world, page):
    participant = world.participant()
    case = factories.case(world, world.alpha, participant, baseline=rules.FILE)

    sign_in(page, Role.CM.value, PASSWORD)
    _record_consent(page, participant.pk)
    assert axe_violations(page) == []
    _share(page, participant.pk)
    disclosure = Disclosure.objects.get()

    page.context.clear_cookies()
    sign_in(page, Role.PROSECUTOR.value, PASSWORD)
    page.goto("/legal/")
    expect(page.get_by_text(NOTICE).first).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Dana Rivera: engagement, progress").click()
    expect(page.get_by_text(NOTICE)).to_be_visible()
    expect(page.get_by_text("Moved into a shelter bed")).to_be_visible()
    assert axe_violations(page) == []

    _decide(page, case.pk, rules.DISCLOSURE, "the CM's progress note")
    expect(page.get_by_text("Refused under LEAD's first Golden Rule")).to_be_visible()
    assert axe_violations(page) == []
    _decide(page, case.pk, rules.POLICE_REPORT, "SPD 26-004411")
    expect(
        page.get_by_text("Decision recorded. It is flagged for Golden Rule review.")
    ).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, Role.PM.value, PASSWORD)
    page.goto("/legal/reviews/")
    expect(page.get_by_text("SPD 26-004411")).to_be_visible()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    sign_in(page, Role.CM.value, PASSWORD)
    page.goto(f"/disclosures/consents/{disclosure.consent_id}/")
    page.get_by_role("button", name="Revoke this consent").click()
    expect(page.get_by_text("Consent revoked")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, Role.PROSECUTOR.value, PASSWORD)
    response = page.goto(f"/disclosures/{disclosure.pk}/")
    assert response is not None and response.status == 404


def test_it_lets_the_advocate_record_a_case_and_a_court_date(world, page):
    participant = world.participant()
    sign_in(page, Role.ADVOCATE.value, PASSWORD)
    page.goto("/legal/cases/new/")
    assert axe_violations(page) == []
    page.get_by_label("Participant:").select_option(str(participant.pk))
    page.get_by_label("Court:", exact=True).fill("Kent Municipal Court")
    page.get_by_label("Statute:").fill("RCW 9A.56.050")
    page.get_by_label("Level:").select_option("misdemeanor")
    page.get_by_label("Incident date:").fill("2025-12-20")
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_text("Case recorded.")).to_be_visible()
    page.get_by_label("Court date:").fill((site_today() + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add court date").click()
    expect(page.get_by_text("Court date added.")).to_be_visible()
    assert axe_violations(page) == []
    page.goto(f"/disclosures/participants/{participant.pk}/")
    expect(page.get_by_text(NOTICE)).to_be_visible()
    assert axe_violations(page) == []
    page.goto("/legal/")
    expect(page.get_by_text("Kent Municipal Court").first).to_be_visible()
    assert axe_violations(page) == []


def test_a_prosecutor_pages_through_a_long_filing_queue(world, page, monkeypatch):  # type: ignore[no-untyped-def]
    # Sections of 2 on the worklist and pages of 2: five queued cases fill three pages.
    monkeypatch.setattr("goldenthread.legal.queries.WORKLIST_SHOWN", 2)
    monkeypatch.setattr("goldenthread.legal.queries.SECTION_PAGE", 2)
    names = ["Ada", "Bo", "Cy", "Di", "Ed"]
    queued = [
        factories.case(
            world,
            world.alpha,
            world.participant(first_name=name, last_name="Queue"),
            status=LegalCase.Status.REFERRED,
        )
        for name in names
    ]
    names = [f"{name} Queue" for name in names]
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, Role.PROSECUTOR.value, PASSWORD)
    page.goto("/legal/")
    expect(page.get_by_text("The oldest 2 are listed.")).to_be_visible()
    follow(page, page.get_by_role("link", name="The whole filing queue"))
    expect(page.get_by_role("heading", name="Filing queue")).to_be_visible()
    expect(page.get_by_text("Page 1 of 3")).to_be_visible()
    expect(page.get_by_role("link", name=names[0])).to_be_visible()
    assert axe_violations(page) == []
    follow(page, page.get_by_role("link", name="Next"))
    expect(page.get_by_text("Page 2 of 3")).to_be_visible()
    expect(page.get_by_role("link", name=names[2])).to_be_visible()
    expect(page.get_by_role("link", name=names[0])).to_have_count(0)
    follow(page, page.get_by_role("link", name="Next"))
    expect(page.get_by_text("Page 3 of 3")).to_be_visible()
    expect(page.get_by_role("link", name=names[4])).to_be_visible()
    expect(page.get_by_role("link", name="Next")).to_have_count(0)
    follow(page, page.get_by_role("link", name=names[4]))
    expect(page).to_have_url(re.compile(f"/legal/cases/{queued[4].pk}/$"))
