"""The PM imports a legal-events CSV (a bad row first, then fixed), watches it finish and
settles a review-queue match; the evaluator downloads the de-identified bundle."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from goldenthread.core.models import Person
from goldenthread.core.roles import Role
from goldenthread.evaluation.tests.helpers import HEADER, make_source, row
from goldenthread.testing import PASSWORD, build_world
from tests.browser.conftest import axe_violations, follow, sign_in


@pytest.fixture
def world(transactional_db, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    w = build_world()
    make_source(w)
    Person.objects.create(
        site=w.alpha.site, first_name="Dana", last_name="Rivera", date_of_birth=date(1980, 5, 17)
    )
    w.participant(first_name="Robin", last_name="Okafor")
    return w


def _csv(rows: list[dict[str, str]]) -> bytes:
    lines = [",".join(HEADER)] + [",".join(r[h] for h in HEADER) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def _upload(page, content: bytes) -> None:  # type: ignore[no-untyped-def]
    page.goto("/evaluation/imports/new/")
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "weekly.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Import").click()
    page.wait_for_load_state("networkidle")


def test_it_imports_fixes_and_reviews(world, page):
    sign_in(page, Role.PM.value, PASSWORD)
    follow(page, page.get_by_role("link", name="Evaluation"))
    assert axe_violations(page) == []
    expect(page.get_by_text("42 CFR part 2 prohibits unauthorized disclosure")).to_be_visible()
    bad = [row("A1"), row("A2", Date="2025-02-30"), row("A3", DOB="1980-05-18")]
    _upload(page, _csv(bad))
    expect(page.get_by_text("Nothing from this file was imported")).to_be_visible()
    expect(page.get_by_role("cell", name="incident_date")).to_be_visible()
    assert page.locator("table tbody tr td").first.inner_text() == "3"
    assert axe_violations(page) == []

    good = [row("A1"), row("A2", Date="2025-02-28"), row("A3", DOB="1980-05-18")]
    _upload(page, _csv(good))
    expect(page.get_by_text("Succeeded")).to_be_visible()
    assert page.locator("dl.facts dd").first.inner_text() == "3"
    page.get_by_role("link", name="review queue").click()
    follow(page, page.get_by_role("link", name="Dana Rivera"))
    assert axe_violations(page) == []
    page.get_by_label("Dana Rivera", exact=False).check()
    page.get_by_role("button", name="Decide").click()
    expect(page.get_by_text("Match decided.")).to_be_visible()
    expect(page.get_by_text("Nothing to review.")).to_be_visible()

    page.get_by_role("link", name="Evaluation").click()
    page.get_by_role("button", name="Compute outcome measures now").click()
    expect(page.get_by_role("heading", name="Six months before and after entry")).to_be_visible()
    expect(page.get_by_role("img", name="Arrests per person-year")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Housing, income and employment by month")
    ).to_be_visible()
    expect(page.get_by_role("link", name="The report as a PDF")).to_be_visible()
    assert axe_violations(page) == []


def test_it_gives_the_evaluator_the_de_identified_bundle(world, page):
    sign_in(page, Role.EVALUATOR.value, PASSWORD)
    follow(page, page.get_by_role("link", name="Evaluation"))
    assert axe_violations(page) == []
    assert page.get_by_role("link", name="Import a CSV").count() == 0
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the de-identified evaluation bundle (zip)").click()
    content = Path(download.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        names = bundle.namelist()
        text = "".join(bundle.read(n).decode() for n in names)
    assert "people.csv" in names and "pid" in text
    assert "Robin" not in text and "Okafor" not in text


def test_the_evaluator_sets_the_unit_costs(world, page):
    page.set_viewport_size({"width": 360, "height": 800})
    sign_in(page, Role.EVALUATOR.value, PASSWORD)
    page.get_by_role("link", name="Evaluation").click()
    follow(page, page.get_by_role("link", name="Unit costs"))
    assert axe_violations(page) == []
    for label, value in (
        ("Jail day", "150"),
        ("Jail booking", "400"),
        ("Prosecution, per charge", "-3"),
        ("Defence, per charge", "900"),
        ("Program, per participant-month", "899"),
    ):
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Save unit costs").click()
    expect(page.get_by_text("greater than or equal to 0")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_label("Prosecution, per charge").fill("1200")
    page.get_by_role("button", name="Save unit costs").click()
    expect(page.get_by_text("Unit costs saved.")).to_be_visible()
    assert float(page.get_by_label("Prosecution, per charge").input_value()) == 1200
