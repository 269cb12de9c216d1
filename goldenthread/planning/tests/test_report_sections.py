"""The PCG report's budget, governance and data-quality sections, its PDF (page and
command) and the query count that does not grow with them."""

from __future__ import annotations

import io
from datetime import timedelta

import pypdf
import pytest
from django.core.management import CommandError, call_command

from goldenthread.casework.tests import factories as casework
from goldenthread.core.roles import Role
from goldenthread.governance.models import ActionItem, Budget, BudgetLine
from goldenthread.governance.tests.matrix import _meeting, decision
from goldenthread.planning.tests.history import NAMES, build_history
from goldenthread.testing import rls_queries, site_today


def _governance(site, *, decisions=1, lines=1):
    today = site_today()
    budget, _ = Budget.objects.get_or_create(site=site.site, year=today.year)
    for i in range(lines):
        BudgetLine.objects.update_or_create(
            site=site.site,
            budget=budget,
            category=BudgetLine.Category.choices[i % len(BudgetLine.Category.choices)][0],
            source=BudgetLine.Source.choices[0][0],
            defaults={"planned": 1000, "actual": 400},
        )
    for _ in range(decisions):
        made = decision(site)
        made.decided_on = today
        made.summary = "Adopt the annual budget"
        made.save()
    meeting = _meeting(site)
    ActionItem.objects.create(
        site=site.site,
        meeting=meeting,
        title="Draft the MOU",
        owner_agency=site.agencies[next(iter(site.agencies))],
        due_on=today - timedelta(days=3),
    )


@pytest.mark.django_db
def test_it_reports_budget_governance_and_data_quality_with_known_counts(world):
    people = build_history(world, count=12)
    open_people = [p for p in people if p.state != "exited"]
    casework.contact(world.alpha, open_people[0])  # one recent contact
    _governance(world.alpha, decisions=2, lines=1)
    _governance(world.beta, decisions=3, lines=2)  # another site never counts
    body = world.api(Role.PM).get("/api/v1/planning/report").json()
    assert body["budget"]["planned"] == 1000 and body["budget"]["actual"] == 400
    assert body["budget"]["by_category"][0]["left"] == 600
    governance = body["governance"]
    assert [d["summary"] for d in governance["decisions"]] == ["Adopt the annual budget"] * 2
    assert (governance["open_actions"], governance["overdue_actions"]) == (1, 1)
    quality = body["data_quality"]
    n_open = len(open_people)
    assert quality["in_program"] == str(n_open)
    assert quality["status_missing"] == str(n_open)  # no one has a status record
    assert quality["no_recent_contact"] == str(n_open - 1)
    # A role that does not read governance sees the section say so, not someone else's data.
    evaluator = world.api(Role.EVALUATOR).get("/api/v1/planning/report").json()
    assert evaluator["budget"] is None and evaluator["governance"] is None


@pytest.mark.django_db
def test_the_sections_cost_the_same_queries_however_many_rows(world, django_assert_max_num_queries):
    build_history(world, count=10)
    _governance(world.alpha)
    client = world.client(Role.PM)
    client.get("/planning/report/")
    with django_assert_max_num_queries(30 + rls_queries()):
        client.get("/planning/report/")
    build_history(world, count=30, seed=4)
    _governance(world.alpha, decisions=6, lines=4)
    with django_assert_max_num_queries(30 + rls_queries()):
        assert client.get("/planning/report/").status_code == 200


def _text(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


@pytest.mark.django_db
def test_the_pdf_holds_the_key_figures_and_no_names(world):
    build_history(world, count=30)
    _governance(world.alpha)
    response = world.client(Role.PCG_MEMBER).get("/planning/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    figures = world.api(Role.PCG_MEMBER).get("/api/v1/planning/report").json()
    assert "PCG report" in text and "Key figures" in text
    assert f"In program today {figures['in_program']}" in text
    assert "Budget against actual" in text and "Adopt the annual budget" in text
    assert "Data quality" in text
    for name in NAMES:
        assert not any(part in text for part in name.split())


@pytest.mark.django_db
def test_the_command_writes_the_same_report_with_progress(world, tmp_path):
    build_history(world, count=20)
    out = tmp_path / "pcg.pdf"
    err = io.StringIO()
    year, q = site_today().year, (site_today().month - 1) // 3 + 1
    call_command(
        "report",
        "pcg",
        "--site",
        "alpha",
        "--quarter",
        f"{year}Q{q}",
        "--out",
        str(out),
        stderr=err,
        stdout=io.StringIO(),
    )
    assert out.read_bytes().startswith(b"%PDF-") and "100%" in err.getvalue()
    figures = world.api(Role.PM).get(f"/api/v1/planning/report?quarter={year}Q{q}").json()
    assert f"In program today {figures['in_program']}" in _text(out.read_bytes())
    with pytest.raises(CommandError, match=r"period: .*in the future"):
        call_command("report", "pcg", "--site", "alpha", "--period", "2999", "--out", str(out))
    with pytest.raises(CommandError, match="door: "):
        call_command("report", "pcg", "--site", "alpha", "--door", "window", "--out", str(out))
