"""Documents on a legal matter, and the legal-services status on casework's participant page:
the attorney uploads (a bad file is refused with the reason), marks a court order as shared;
the case manager sees the open matter's status and next deadline on the participant page,
downloads the shared order, and never reaches the privileged document. Then the attorney sets
the site's reminder window. At a phone's width, with no axe violations."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from goldenthread.core.roles import Role
from goldenthread.legalservices.actions import deadline_add
from goldenthread.legalservices.models import LegalServicesSettings, MatterDocument
from goldenthread.legalservices.queries import today_at
from goldenthread.legalservices.tests.matrix import open_matter
from goldenthread.testing import PASSWORD, build_world
from tests.browser.conftest import axe_violations, follow, sign_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def world(transactional_db, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def _file(name, data, mime):  # type: ignore[no-untyped-def]
    return {"name": name, "mimeType": mime, "buffer": data}


def test_documents_and_the_status_on_the_participant_page(world, page, tmp_path):
    matter = open_matter(world, world.alpha)
    ls = world.actor(Role.LEGAL_SERVICES)
    due = today_at(ls) + timedelta(days=12)
    deadline_add(actor=ls, matter_id=matter.pk, due_on=due, label="Show-cause hearing")

    # The attorney uploads: a disguised executable is refused, then two PDFs.
    sign_in(page, Role.LEGAL_SERVICES.value, PASSWORD)
    page.goto(f"/legalservices/matters/{matter.pk}/")
    upload = page.get_by_label("Document file")
    upload.set_input_files(_file("order.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "application/pdf"))
    page.get_by_role("button", name="Upload document").click()
    expect(
        page.get_by_text("A document must be a PDF, PNG, JPEG or plain-text file.")
    ).to_be_visible()
    assert not MatterDocument.objects.exists()
    page.get_by_label("Document file").set_input_files(
        _file("strategy.pdf", PDF, "application/pdf")
    )
    page.get_by_label("Title (optional)").fill("Privileged declaration draft")
    page.get_by_role("button", name="Upload document").click()
    expect(page.get_by_text("Document uploaded.")).to_be_visible()
    page.get_by_label("Document file").set_input_files(_file("order.pdf", PDF, "application/pdf"))
    page.get_by_label("Title (optional)").fill("Order of dismissal")
    page.get_by_label("Privileged (legal services only)").uncheck()
    page.get_by_role("button", name="Upload document").click()
    expect(page.get_by_text("shared with the case manager")).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as fetched:
        page.get_by_role("link", name="Privileged declaration draft").click()
    assert fetched.value.suggested_filename == "strategy.pdf"
    privileged = MatterDocument.objects.get(privileged=True)

    # The case manager: the status and next deadline on casework's participant page.
    page.context.clear_cookies()
    sign_in(page, Role.CM.value, PASSWORD)
    page.goto(f"/casework/p/{matter.participant_id}/")
    section = page.get_by_role("region", name="Legal services")
    assert section.get_by_text("Eviction (avoid or mitigate)").is_visible()
    assert section.get_by_text("Accepted, open").is_visible()
    assert section.get_by_text("Show-cause hearing").is_visible()
    assert page.get_by_text("Privileged declaration draft").count() == 0
    assert axe_violations(page) == []
    follow(page, section.get_by_role("link", name="Eviction (avoid or mitigate)"))
    assert page.get_by_text("Privileged declaration draft").count() == 0
    with page.expect_download() as fetched:
        page.get_by_role("link", name="Order of dismissal").click()
    path = tmp_path / "got.pdf"
    fetched.value.save_as(path)
    assert path.read_bytes() == PDF
    assert axe_violations(page) == []
    response = page.goto(f"/legalservices/documents/{privileged.pk}/")
    assert response is not None and response.status == 404


def test_the_attorney_sets_the_reminder_window(world, page):
    sign_in(page, Role.LEGAL_SERVICES.value, PASSWORD)
    follow(page, page.get_by_role("link", name="Legal services settings"))
    assert axe_violations(page) == []
    page.get_by_label("Reminder window (days before a deadline)").fill("400")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Ensure this value is less than or equal to 365.")).to_be_visible()
    page.get_by_label("Reminder window (days before a deadline)").fill("14")
    page.get_by_label("Largest document (MB)").fill("4")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    conf = LegalServicesSettings.objects.get(site=world.alpha.site)
    assert (conf.reminder_window_days, conf.document_max_mb) == (14, 4)
