"""The PCG report's PDF as a background build: asked for on the page or the API, built with
the requester's permissions, downloaded by them (or the site's PM) when it is ready."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import timedelta

import pypdf
import pytest
from django.utils import timezone

from goldenthread.audit.models import AccessEvent, AuditEvent
from goldenthread.core.roles import Role
from goldenthread.planning import actions
from goldenthread.planning.models import ReportRun
from goldenthread.planning.tests.history import build_history
from goldenthread.testing import rls_queries, site_today


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _post(world, body, role=Role.PM, site=None):
    return world.api(role, site).post(
        "/api/v1/planning/report-runs", data=json.dumps(body), content_type="application/json"
    )


def _text(pdf: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _quarter() -> str:
    today = site_today()
    return f"{today.year}Q{(today.month - 1) // 3 + 1}"


@pytest.mark.django_db
def test_the_pm_asks_for_it_and_downloads_the_pdf_when_it_is_ready(world):
    build_history(world, count=30)
    response = _post(world, {"door": "social"})
    assert response.status_code == 202
    body = response.json()
    assert body["url"] == f"/api/v1/planning/report-runs/{body['id']}"
    assert body["filters"] == {"period": _quarter(), "door": "social"}
    status = world.api(Role.PM).get(body["url"]).json()
    assert status["status"] == "succeeded" and status["progress"] == 100
    download = world.api(Role.PM).get(status["download"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    pdf = b"".join(download.streaming_content)
    assert pdf.startswith(b"%PDF-") and hashlib.sha256(pdf).hexdigest() == status["sha256"]
    figures = world.api(Role.PM).get("/api/v1/planning/report?door=social").json()
    assert f"In program today {figures['in_program']}" in _text(pdf)
    run = ReportRun.objects.get(pk=body["id"])
    assert AuditEvent.objects.filter(action="report_run.request", object_id=str(run.pk)).exists()
    logged = AccessEvent.objects.filter(subject_type="reportrun", subject_id=str(run.pk))
    assert logged.count() == 1 and logged.get().categories == ["aggregates"]
    assert "/media/" not in run.file.name and run.file.name.startswith("planning/site-")


@pytest.mark.django_db
def test_the_page_builds_it_shows_its_status_and_links_the_file(world):
    build_history(world, count=20)
    client = world.client(Role.PM)
    page = client.get("/planning/report/?door=arrest")
    assert 'id="report-build"' in page.content.decode()
    response = client.post("/planning/report/runs/", {"period": _quarter(), "door": "arrest"})
    assert response.status_code == 302
    run = ReportRun.objects.get()
    assert response["Location"] == f"/planning/report/runs/{run.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert "Status: <strong>Ready</strong>" in html
    assert f'href="/planning/report/runs/{run.pk}/download/"' in html
    download = client.get(f"/planning/report/runs/{run.pk}/download/")
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert (run.door, run.period) == ("arrest", _quarter())


@pytest.mark.django_db
def test_a_queued_build_polls_its_progress(world):
    run = actions.report_run_request(
        actor=world.alpha.actor(Role.PM), params={"period": "2025Q1"}, enqueue=False
    )
    html = world.client(Role.PM).get(f"/planning/report/runs/{run.pk}/").content.decode()
    assert "Status: <strong>Queued</strong>" in html and 'hx-trigger="every 2s"' in html
    assert "download" not in html
    assert world.client(Role.PM).get(f"/planning/report/runs/{run.pk}/download/").status_code == 404
    assert (
        world.api(Role.PM).get(f"/api/v1/planning/report-runs/{run.pk}").json()["download"] is None
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"quarter": "2999Q1"}, "quarter"),
        ({"quarter": "2026Q7"}, "quarter"),
        ({"period": "spring"}, "period"),
        ({"period": "2999"}, "period"),
        ({"door": "window"}, "door"),
        ({"region": "Atlantis"}, "region"),
        ({"door": 3}, "door"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world, body, field):
    response = _post(world, body)
    assert response.status_code == 422
    assert field in json.dumps(response.json())
    page = world.client(Role.PM).post("/planning/report/runs/", body)
    assert page.status_code == 422 and f"{field}: " in page.content.decode()
    assert not ReportRun.objects.exists()
    assert not AuditEvent.objects.filter(action="report_run.request").exists()


@pytest.mark.django_db
def test_a_build_is_downloadable_by_its_requester_and_the_pm_only(world):
    body = _post(world, {"period": "2025Q4"}, role=Role.CM).json()
    assert body["status"] == "succeeded"
    download = body["download"]
    assert world.api(Role.CM).get(download).status_code == 200
    assert world.api(Role.PM).get(download).status_code == 200
    for role in (Role.SUPERVISOR, Role.PCG_MEMBER, Role.EVALUATOR, Role.SITE_ADMIN):
        assert world.api(role).get(download).status_code == 404, role
        assert world.api(role).get(body["url"]).status_code == 404, role
    assert [r["id"] for r in world.api(Role.CM).get("/api/v1/planning/report-runs").json()] == [
        body["id"]
    ]
    assert world.api(Role.PCG_MEMBER).get("/api/v1/planning/report-runs").json() == []
    # Another site's PM: the same 404 as a missing build.
    assert world.api(Role.PM, world.beta).get(download).status_code == 404
    assert world.api(Role.PM, world.beta).get("/api/v1/planning/report-runs").json() == []


@pytest.mark.django_db
def test_it_is_built_with_the_requesters_permissions(world):
    build_history(world, count=10)
    evaluator = _post(world, {}, role=Role.EVALUATOR).json()
    pm = _post(world, {}).json()
    text = {}
    for role, body in ((Role.EVALUATOR, evaluator), (Role.PM, pm)):
        response = world.api(role).get(body["download"])
        text[role] = _text(b"".join(response.streaming_content))
    # The evaluator does not read governance or Golden Rule reviews: their PDF says so.
    assert "Not available to your role" in text[Role.EVALUATOR]
    assert "Not available to your role" not in text[Role.PM]


@pytest.mark.django_db
def test_a_requester_who_lost_their_role_gets_a_failed_build(world):
    actor = world.alpha.actor(Role.CM)
    run = actions.report_run_request(actor=actor, params={}, enqueue=False)
    actor.membership.active = False
    actor.membership.save()
    run = actions.report_run_build(run_id=run.pk)
    assert run.status == "failed" and "no longer holds a role" in run.error
    assert not run.file


@pytest.mark.django_db
def test_an_unexpected_failure_ends_the_run_without_leaking_it(world, monkeypatch):
    from goldenthread.planning import pdf

    def boom(*args, **kwargs):
        raise RuntimeError("secret detail")

    monkeypatch.setattr(pdf, "pcg_report_pdf", boom)
    body = _post(world, {}).json()
    assert body["status"] == "failed" and "could not be built" in body["error"]
    assert "secret" not in body["error"]


@pytest.mark.django_db
def test_the_list_of_builds_costs_the_same_queries_however_many(
    world, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            actions.report_run_request(
                actor=world.alpha.actor(Role.PM), params={"period": "2025Q1"}, enqueue=False
            )

    add(1)
    api = world.api(Role.PM)
    client = world.client(Role.PM)
    api.get("/api/v1/planning/report-runs")
    # The token, then the builds with their requesters: two queries.
    with django_assert_max_num_queries(2 + rls_queries()) as few:
        api.get("/api/v1/planning/report-runs")
    add(6)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get("/api/v1/planning/report-runs").json()) == 7
    client.get("/planning/report/")
    with django_assert_max_num_queries(30 + rls_queries()) as page:
        client.get("/planning/report/")
    add(4)
    with django_assert_max_num_queries(len(page.captured_queries)):
        assert client.get("/planning/report/").content.decode().count("report/runs/") >= 5


@pytest.mark.django_db
def test_the_pdf_older_than_a_day_is_still_there_for_the_requester(world):
    body = _post(world, {"period": "2025Q2"}).json()
    ReportRun.objects.filter(pk=body["id"]).update(created_at=timezone.now() - timedelta(days=3))
    assert world.api(Role.PM).get(body["download"]).status_code == 200
