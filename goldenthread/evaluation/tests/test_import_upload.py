"""The same import from the UI and the API: the file is queued, runs as a background task
(ImmediateBackend in tests) and its progress and outcome land on the ImportRun."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from goldenthread.audit.models import AccessEvent
from goldenthread.core.roles import Role
from goldenthread.evaluation.models import ImportRun, LegalSystemEvent
from goldenthread.evaluation.tests.helpers import make_source, person, row, write_csv


@pytest.fixture
def source(world):  # type: ignore[no-untyped-def]
    person(world, "Dana", "Rivera", date(1980, 5, 17))
    return make_source(world)


def _file(tmp_path, rows, name="feed.csv"):  # type: ignore[no-untyped-def]
    return SimpleUploadedFile(name, write_csv(tmp_path / name, rows).read_bytes(), "text/csv")


def test_it_imports_an_upload_in_the_background(world, source, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = world.client(Role.PM)
    response = client.post(
        "/evaluation/imports/new/",
        {"source": source.pk, "file": _file(tmp_path, [row("A1"), row("A2")])},
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == f"/evaluation/imports/{run.pk}/"
    assert (run.status, run.created_count, run.processed_rows, run.total_rows) == (
        "succeeded",
        2,
        2,
        2,
    )
    page = client.get(response.url)
    assert b"Succeeded" in page.content and b"New</dt><dd>2" in page.content
    assert run.upload.name == ""  # the file named people: it is gone once imported
    assert not list((tmp_path / "media").rglob("*.csv"))


def test_it_shows_each_error_with_its_row_and_keeps_nothing(world, source, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = world.client(Role.PM)
    bad = [row("A1"), row("A2", DOB="not a date")]
    response = client.post(
        "/evaluation/imports/new/", {"source": source.pk, "file": _file(tmp_path, bad)}
    )
    page = client.get(response.url)
    assert b"Nothing from this file was imported" in page.content
    assert b"<td>3</td><td>date_of_birth</td>" in page.content
    assert not LegalSystemEvent.objects.exists()
    assert AccessEvent.objects.filter(subject_type="importrun").exists()
    assert not list((tmp_path / "media").rglob("*.csv"))


def test_it_answers_htmx_polls_with_the_status_only(world, source, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client = world.client(Role.PM)
    client.post(
        "/evaluation/imports/new/", {"source": source.pk, "file": _file(tmp_path, [row("A1")])}
    )
    run = ImportRun.objects.get()
    partial = client.get(f"/evaluation/imports/{run.pk}/", headers={"HX-Request": "true"})
    assert partial.content.startswith(b'<div id="import-status"')
    assert b"hx-trigger" not in partial.content  # finished: polling stops


def test_it_asks_for_a_file(world, source):
    response = world.client(Role.PM).post("/evaluation/imports/new/", {"source": source.pk})
    assert response.status_code == 422
    assert b"choose a CSV file" in response.content
    assert not ImportRun.objects.exists()


def test_it_imports_through_the_api(world, source, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    api = world.api(Role.PM)
    response = api.post(
        "/api/v1/evaluation/imports",
        {
            "source": source.pk,
            "file": _file(tmp_path, [row("A1"), row("A2", Level="F", Type="CHG")]),
        },
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["status"], body["created"], body["percent"]) == ("succeeded", 2, 100)
    again = api.post(
        "/api/v1/evaluation/imports",
        {
            "source": source.pk,
            "file": _file(tmp_path, [row("A1"), row("A2", Level="F", Type="CHG")]),
        },
    )
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 2)
    listed = api.get("/api/v1/evaluation/imports").json()
    assert [r["id"] for r in listed] == [again.json()["id"], body["id"]]


def test_it_names_the_missing_field_through_the_api(world, source):
    response = world.api(Role.PM).post("/api/v1/evaluation/imports", {"source": source.pk})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "file", "message": "choose a CSV file to import"}
    ]


def test_it_lists_runs_without_a_query_per_row(
    world, source, tmp_path, django_assert_max_num_queries
):
    for i in range(5):
        ImportRun.objects.create(
            site=world.alpha.site,
            source=source,
            filename=f"{i}.csv",
            started_by=world.alpha.users[Role.PM],
        )
    client = world.client(Role.PM)
    with django_assert_max_num_queries(20):
        response = client.get("/evaluation/")
    assert response.content.count(b".csv</td>") == 5
