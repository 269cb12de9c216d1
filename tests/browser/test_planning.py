"""The PM runs a forecast, compares a scenario with two more case managers, and a PCG member
reads the aggregate report."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from goldenthread.core.roles import Role
from goldenthread.planning.tests.history import NAMES, build_history
from goldenthread.testing import PASSWORD, build_world
from tests.browser.conftest import axe_violations, sign_in


@pytest.fixture
def world(transactional_db, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    world = build_world()
    build_history(world, count=70)
    return world


def _csp_errors(page) -> list[str]:  # type: ignore[no-untyped-def]
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return errors


def test_the_pm_forecasts_and_compares_two_more_case_managers(world, page):
    csp = _csp_errors(page)
    sign_in(page, Role.PM.value, PASSWORD)
    page.get_by_role("link", name="Capacity", exact=True).click()
    expect(page.get_by_role("heading", name="Capacity and forecast")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_label("Name").fill("Two more case managers")
    page.get_by_label("Case managers to add (negative to remove)").fill("2")
    page.get_by_role("button", name="Add the scenario").click()
    expect(page.get_by_text("Scenario “Two more case managers” added")).to_be_visible()

    page.get_by_label("Simulated futures").fill("2000")
    # The test backend computes the forecast inside the request (the first fit also loads
    # statsmodels), so allow it longer than a page load.
    page.get_by_role("button", name="Run a forecast").click(timeout=60_000)
    page.wait_for_url(re.compile(r"/planning/forecasts/\d+/"), timeout=60_000)
    expect(page.get_by_text("Status: Done")).to_be_visible()
    chart = page.locator("svg.chart")
    assert chart.is_visible()
    assert "Caseload forecast" in chart.locator("title").text_content()
    assert "case manager" in page.locator("#staffing-answer").inner_text()

    cells = page.locator("#scenarios-compared td[data-p-exceed]")
    base, more = (float(cells.nth(i).get_attribute("data-p-exceed")) for i in range(2))
    assert more < base, "two more case managers lower the chance of exceeding the cap"
    assert axe_violations(page) == []
    assert csp == [], csp


def test_a_pcg_member_reads_the_report_without_names(world, page):
    page.context.clear_cookies()
    sign_in(page, Role.PCG_MEMBER.value, PASSWORD)
    page.get_by_role("link", name="PCG report").click()
    expect(page.get_by_role("heading", name="PCG report")).to_be_visible()
    text = page.locator("main").inner_text()
    for name in NAMES:
        for part in name.split():
            assert part not in text
    assert "Capacity" not in [t.strip() for t in page.locator("nav.nav a").all_inner_texts()]
    assert axe_violations(page) == []


def test_the_pm_filters_the_report_and_downloads_its_pdf(world, page):
    import io

    import pypdf

    page.context.clear_cookies()
    sign_in(page, Role.PM.value, PASSWORD)
    page.get_by_role("link", name="PCG report").click()
    page.get_by_label("Door", exact=True).select_option("social")
    page.get_by_label("Period", exact=True).fill("next year")
    page.get_by_role("button", name="Filter").click()
    assert page.get_by_role("alert").inner_text().startswith("period:")
    page.get_by_label("Period", exact=True).fill("")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"door=social"))
    assert axe_violations(page) == []
    in_program = page.locator("#report-states dd").first.inner_text()
    # The PDF is built in the background: the run page shows its progress until it is ready
    # (the test backend builds it inside the request, so it is ready at once).
    page.get_by_role("button", name="Build the PDF").click(timeout=60_000)
    page.wait_for_url(re.compile(r"/planning/report/runs/\d+/"), timeout=60_000)
    assert page.get_by_role("status").inner_text() == "Status: Ready"
    assert axe_violations(page) == []
    with page.expect_download() as info:
        page.locator("#report-run-download").click()
    assert info.value.suggested_filename.startswith("pcg-report-alpha-")
    pdf = info.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())
    assert f"In program today {in_program}" in text and "door: social" in text
    page.goto("/planning/report/")
    assert page.locator("#report-runs td a").first.inner_text() == "Ready"


def test_a_clt_member_reads_the_community_view_at_360px(world, page):
    page.context.clear_cookies()
    sign_in(page, Role.CLT_MEMBER.value, PASSWORD)  # the page is phone-sized (360px)
    assert page.locator('nav a[href="/planning/community/"]').count() == 1
    page.goto("/planning/community/")
    expect(page.get_by_role("heading", name="Community view")).to_be_visible()
    text = page.locator("main").inner_text()
    for name in NAMES:
        assert not any(part in text for part in name.split())
    assert axe_violations(page) == []
