"""Consent scans, the accounting PDF, the legal settings and a prosecutor's case, in the
browser on a phone: a CM files the signed form's scan (a wrong file is refused beside its
field) and downloads it; the PM reads the accounting with each consent's status today and
downloads it as a PDF, then changes the Golden Rule look-back; the liaison prosecutor records
a court case."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from goldenthread.core.roles import Role
from goldenthread.disclosures.models import Consent
from goldenthread.disclosures.tests import factories
from goldenthread.legal.models import LegalCase, LegalPolicy
from goldenthread.legal.tests import factories as legal_factories
from goldenthread.testing import PASSWORD, build_world, site_today
from tests.browser.conftest import axe_violations, follow, sign_in
from tests.browser.test_legal import fill_consent

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(transactional_db, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world()


def test_a_cm_files_the_signed_forms_scan_and_downloads_it(world, page):
    page.set_default_timeout(30_000)
    participant = world.participant()
    sign_in(page, Role.CM.value, PASSWORD)
    fill_consent(page, participant.pk)
    page.get_by_label("Scan of the signed form").set_input_files(
        files=[{"name": "roi.pdf", "mimeType": "application/pdf", "buffer": b"<html>no</html>"}]
    )
    page.get_by_role("button", name="Save consent").click()
    expect(page.get_by_text("The scan must be a PDF, PNG or JPEG file")).to_be_visible()
    assert not Consent.objects.exists()
    assert axe_violations(page) == []
    page.get_by_label("Scan of the signed form").set_input_files(
        files=[{"name": "roi.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Save consent").click()
    expect(page.get_by_text("Consent recorded.")).to_be_visible()
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the scan").click()
    assert Path(download.value.path()).read_bytes() == PDF
    assert download.value.suggested_filename.endswith("-signed-form.pdf")
    page.get_by_label("Scan of the signed form (PDF, PNG or JPEG)").set_input_files(
        files=[{"name": "page.png", "mimeType": "image/png", "buffer": b"GIF89a....."}]
    )
    page.get_by_role("button", name="Replace the scan").click()
    expect(page.get_by_text("The scan must be a PDF, PNG or JPEG file")).to_be_visible()
    assert Consent.objects.get().scan.name.endswith(".pdf")


def test_the_pm_reads_and_downloads_the_accounting_and_sets_the_look_back(world, page):
    page.set_default_timeout(30_000)
    participant = world.participant()
    expired = factories.consent(
        world, world.alpha, participant, expires_on=site_today() - timedelta(days=2)
    )
    factories.disclosure(world, world.alpha, expired)
    sign_in(page, Role.PM.value, PASSWORD)
    page.goto(f"/disclosures/participants/{participant.pk}/accounting/")
    row = page.get_by_role("row").filter(has_text="Liaison prosecutor")
    assert row.get_by_text("expired").is_visible()
    assert row.get_by_text("active").count() == 0
    assert axe_violations(page) == []
    with page.expect_download(timeout=90_000) as download:  # WeasyPrint takes a while
        page.get_by_role("link", name="Download PDF").click(timeout=90_000)
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")

    page.goto("/legal/settings/")
    assert axe_violations(page) == []
    page.get_by_label("Golden Rule look-back (days)").fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Between 1 and 3650 days.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Golden Rule look-back (days)").fill("730")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    assert LegalPolicy.objects.get(site=world.alpha.site).taint_lookback_days == 730


def test_the_liaison_prosecutor_records_a_court_case(world, page):
    known = legal_factories.case(world, world.alpha).participant
    sign_in(page, Role.PROSECUTOR.value, PASSWORD)
    page.goto("/legal/")
    follow(page, page.get_by_role("link", name="Record a court case"))
    assert axe_violations(page) == []
    page.get_by_label("Participant:").select_option(str(known.pk))
    page.get_by_label("Court:", exact=True).fill("Seattle Municipal Court")
    page.get_by_label("Statute:").fill("RCW 9A.56.050")
    page.get_by_label("Level:").select_option("misdemeanor")
    page.get_by_label("Incident date:").fill("2026-01-10")
    page.get_by_role("button", name="Save case").click()
    expect(page.get_by_text("Case recorded.")).to_be_visible()
    assert LegalCase.objects.filter(court="Seattle Municipal Court", participant=known).exists()
