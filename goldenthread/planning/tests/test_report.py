"""The PCG report: aggregates only, small cells suppressed, readable by PCG members."""

from __future__ import annotations

import csv
import io

import pytest

from goldenthread.core.roles import Role
from goldenthread.planning.tests.history import NAMES, build_history
from goldenthread.testing import rls_queries


@pytest.mark.django_db
def test_a_pcg_member_reads_it_and_sees_no_participant(world):
    build_history(world, count=40)
    world.client(Role.PM).post("/planning/forecasts/", {"horizon_months": 12, "paths": 200})
    response = world.client(Role.PCG_MEMBER).get("/planning/report/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Forecast and staffing" in html and '<svg role="img"' in html
    for name in NAMES:
        for part in name.split():
            assert part not in html


@pytest.mark.django_db
def test_it_suppresses_cells_under_five(world):
    build_history(world, count=3)  # three participants: every count is a small cell
    body = world.api(Role.EVALUATOR).get("/api/v1/planning/report").json()
    assert body["in_program"] in ("<5", "0")
    assert all(v in ("<5", "0") for v in body["states"].values())
    assert body["inactive_share"] is None
    for quarter in body["quarters"]:
        assert quarter["enrolled"] in ("<5", "0") and quarter["exited"] in ("<5", "0")


@pytest.mark.django_db
def test_it_exports_the_figures_as_csv(world):
    build_history(world, count=40)
    response = world.client(Role.CLT_MEMBER).get("/planning/report.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["section", "measure", "value"]
    measures = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert int(measures[("participants", "in program")]) >= 5
    text = response.content.decode()
    assert not any(part in text for name in NAMES for part in name.split())


@pytest.mark.django_db
def test_it_answers_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    build_history(world, count=10)
    client = world.client(Role.PCG_MEMBER)
    client.get("/planning/report/")
    # Figures, referrals, wait-list, forecast, budget (2), governance (2), data quality (2),
    # the threshold, the filter's regions and the PDFs built: a fixed 28, whatever the size of
    # the site.
    with django_assert_max_num_queries(28 + rls_queries()):
        client.get("/planning/report/")
    build_history(world, count=50, seed=3)
    with django_assert_max_num_queries(28 + rls_queries()):
        assert client.get("/planning/report/").status_code == 200


@pytest.mark.django_db
def test_it_counts_only_the_actors_site(world):
    build_history(world, world.beta, count=30)
    body = world.api(Role.PCG_MEMBER).get("/api/v1/planning/report").json()
    assert body["in_program"] == "0" and body["site"] == "Alpha"


@pytest.mark.django_db
def test_it_ends_the_quarterly_table_at_the_quarter_asked(world):
    body = world.api(Role.PCG_MEMBER).get("/api/v1/planning/report?quarter=2025q2").json()
    assert body["quarter"] == "2025Q2"
    assert [q["quarter"] for q in body["quarters"]] == ["2024Q3", "2024Q4", "2025Q1", "2025Q2"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("quarter", "message"),
    [("2999Q1", "in the future"), ("2026Q7", "numbered 1 to 4"), ("spring", "e.g. 2026Q3")],
)
def test_it_refuses_a_future_or_malformed_quarter_by_name(world, quarter, message):
    response = world.api(Role.PCG_MEMBER).get(f"/api/v1/planning/report?quarter={quarter}")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "quarter"
    assert message in response.json()["detail"]
    page = world.client(Role.PCG_MEMBER).get(f"/planning/report/?quarter={quarter}")
    assert page.status_code == 422 and message in page.content.decode()
    assert (
        world.client(Role.PCG_MEMBER).get(f"/planning/report.csv?quarter={quarter}").status_code
        == 422
    )
