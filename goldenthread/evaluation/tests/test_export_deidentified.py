"""The de-identified bundle, and the evaluator's whole view: never a name, an identifier,
free text or a calendar date of a person's events."""

from __future__ import annotations

import csv
import io
import re
import tracemalloc
import zipfile
from datetime import date

import pytest
from django.core.management import call_command

from goldenthread.audit.models import AuditEvent
from goldenthread.casework.models import StatusRecord
from goldenthread.core.roles import Role
from goldenthread.evaluation import actions, queries
from goldenthread.evaluation.models import ComparisonMember, ExportRecord
from goldenthread.evaluation.tests.helpers import make_source, person, row, write_csv
from goldenthread.evaluation.tests.test_outcome_run import _load

# Long enough not to turn up by chance in a random token on a page (a three-letter one did).
SECRETS = (
    "Dana",
    "Rivera",
    "Robin",
    "Okafor",
    "1980-05-17",
    "1975-02-03",
    "CASE-",
    "Deezmorrow",
)


@pytest.fixture
def evaluated(world, tmp_path):  # type: ignore[no-untyped-def]
    participant = world.participant(enrolled_on=date(2025, 10, 1))
    participant.person.aliases = ["Deezmorrow"]
    participant.person.save()
    for value, on in (("unsheltered", date(2025, 9, 20)), ("sheltered", date(2025, 10, 15))):
        StatusRecord.objects.create(
            site=world.alpha.site,
            participant=participant,
            domain="housing",
            value=value,
            recorded_on=on,
            recorded_by=world.alpha.users[Role.CM],
        )
    robin = person(world, "Robin", "Okafor", date(1975, 2, 3))
    ComparisonMember.objects.create(
        site=world.alpha.site, person=robin, entry_date=date(2025, 9, 1)
    )
    source = make_source(world)
    rows = [
        row("CASE-1", Date="2025-08-01"),
        row("CASE-2", Date="2025-11-02", Type="BKG", Booked="2025-11-02", Released="2025-11-04"),
        row("CASE-3", first="Robin", last="Okafor", DOB="1975-02-03", Date="2025-10-10"),
    ]
    pm = world.actor(Role.PM)
    run = actions.legal_events_import(
        actor=pm, source_id=source.pk, path=write_csv(tmp_path / "f.csv", rows)
    )
    assert run.status == "succeeded", run.errors
    actions.outcome_run_create(actor=pm, subjects=queries.evaluation_subjects(pm))
    return participant


def _files(content: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        return {name: z.read(name).decode() for name in z.namelist()}


def test_it_gives_the_evaluator_a_bundle_with_no_identifiers(world, evaluated):
    response = world.client(Role.EVALUATOR).get("/evaluation/exports/deidentified/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    files = _files(response.getvalue())
    assert set(files) == {
        "README.txt",
        "data_dictionary.csv",
        "people.csv",
        "events.csv",
        "measures.csv",
        "indicators.csv",
    }
    for name, text in files.items():
        for secret in SECRETS:
            assert secret not in text, f"{secret} in {name}"
        if name != "README.txt":
            assert not re.search(r"\d{4}-\d{2}-\d{2}", text), f"a calendar date in {name}"
    people = list(csv.DictReader(io.StringIO(files["people.csv"])))
    assert sorted(p["group"] for p in people) == ["comparison", "lead"]
    events = list(csv.DictReader(io.StringIO(files["events.csv"])))
    lead_pid = next(p["pid"] for p in people if p["group"] == "lead")
    lead_days = sorted(int(e["study_day"]) for e in events if e["pid"] == lead_pid)
    assert lead_days == [-61, 32]  # 2025-08-01 and the 2025-11-02 booking around 2025-10-01
    booking = next(e for e in events if e["kind"] == "booking")
    assert booking["jail_days"] == "3"
    months = list(csv.DictReader(io.StringIO(files["indicators.csv"])))
    assert {m["pid"] for m in months} == {lead_pid}  # LEAD participants only
    by_month = {int(m["month"]): m for m in months}
    assert (by_month[0]["housing"], by_month[0]["sheltered"]) == ("unsheltered", "0")
    assert (by_month[2]["housing"], by_month[2]["sheltered"], by_month[2]["permanent"]) == (
        "sheltered",
        "1",
        "0",
    )
    assert (by_month[2]["employment"], by_month[2]["income"]) == ("", "")
    assert "NOTICE.txt" not in files  # de-identified: no Part 2 records


def test_it_keeps_pseudonyms_stable_and_documents_every_column(world, evaluated):
    api = world.api(Role.EVALUATOR)
    first = _files(api.get("/api/v1/evaluation/exports/deidentified").getvalue())
    second = _files(api.get("/api/v1/evaluation/exports/deidentified").getvalue())
    assert first["people.csv"] == second["people.csv"]
    dictionary = list(csv.DictReader(io.StringIO(first["data_dictionary.csv"])))
    for name in ("people.csv", "events.csv", "measures.csv", "indicators.csv"):
        header = first[name].splitlines()[0].split(",")
        assert header == [d["column"] for d in dictionary if d["file"] == name]
    assert ExportRecord.objects.filter(kind="deidentified").count() == 2
    assert AuditEvent.objects.filter(action="export.create").count() == 2


def test_it_shows_the_evaluator_no_name_on_any_endpoint(world, evaluated):
    client, api = world.client(Role.EVALUATOR), world.api(Role.EVALUATOR)
    run_id = api.get("/api/v1/evaluation/outcomes").json()[0]["id"]
    pages = [
        client.get("/evaluation/"),
        client.get(f"/evaluation/outcomes/{run_id}/"),
        client.get("/evaluation/exports/deidentified/"),
        api.get("/api/v1/evaluation/outcomes"),
        api.get(f"/api/v1/evaluation/outcomes/{run_id}"),
        api.get("/api/v1/evaluation/exports/deidentified"),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.getvalue()
        if response["Content-Type"] == "application/zip":
            body = "".join(_files(body).values()).encode()
        for secret in SECRETS:
            assert secret.encode() not in body, f"{secret} on {response.wsgi_request.path}"
    for forbidden in (
        "/evaluation/reviews/",
        "/evaluation/imports/new/",
        "/evaluation/exports/hmis/",
        "/api/v1/evaluation/reviews",
        "/api/v1/evaluation/imports",
        "/api/v1/evaluation/exports/hmis",
        "/api/v1/participants",
    ):
        getter = api if forbidden.startswith("/api") else client
        assert getter.get(forbidden).status_code == 404, forbidden


def _peak_of_export(tmp_path) -> tuple[int, dict[str, str]]:
    tracemalloc.start()
    try:
        call_command(
            "export",
            "deidentified",
            "--site",
            "alpha",
            "--out",
            str(tmp_path),
            stdout=io.StringIO(),
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    with (tmp_path / "evaluation-alpha.zip").open("rb") as bundle:
        return peak, _files(bundle.read())


def test_its_memory_stays_flat_as_the_cohort_grows(world, tmp_path, monkeypatch):
    # The bundle is made a part of the cohort at a time (DEID_CHUNK people), each row written
    # to disk as it is made: five times the people and their events must not take five times
    # the memory (building every file in memory, as it once did, took about that).
    monkeypatch.setattr("goldenthread.evaluation.exports.DEID_CHUNK", 20)
    _load(world, n=60)  # 60 LEAD participants and 60 in the comparison group
    small, files = _peak_of_export(tmp_path)
    assert len(list(csv.DictReader(io.StringIO(files["people.csv"])))) == 120
    _load(world, n=240, seed=4, source="more")
    large, files = _peak_of_export(tmp_path)
    people = list(csv.DictReader(io.StringIO(files["people.csv"])))
    measures = list(csv.DictReader(io.StringIO(files["measures.csv"])))
    events = list(csv.DictReader(io.StringIO(files["events.csv"])))
    assert len(people) == 600 and len(measures) == 4 * 600
    assert {e["pid"] for e in events} <= {p["pid"] for p in people} and len(events) > 600
    # What may grow is the cohort itself (its ids, pseudonyms and dates: about 1 KB a person
    # at the peak, on PostgreSQL); the events, measures and indicators must not (about 7 KB a
    # person when every file was built in memory).
    assert (large - small) / 480 < 3000, (small, large)
