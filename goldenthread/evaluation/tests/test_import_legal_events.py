"""goldenthread import legal-events FILE --source NAME: validation, all-or-nothing batches,
idempotence, fuzzy matching and the review queue."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from goldenthread.audit.models import AuditEvent
from goldenthread.core.crypto import identifier_hash
from goldenthread.evaluation.models import ImportRun, LegalSystemEvent, MatchReview
from goldenthread.evaluation.tests.helpers import HEADER, make_source, person, row, write_csv


@pytest.fixture
def feed(world):  # type: ignore[no-untyped-def]
    make_source(world)
    dana = person(world, "Dana", "Rivera", date(1980, 5, 17), aliases=["Dee"])
    robin = person(world, "Robin", "Okafor", date(1975, 2, 3))
    return dana, robin


def _import(path, **kw):  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    call_command("import", "legal-events", str(path), "--source", "police", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_and_reports_counts_with_a_progress_bar(world, feed, tmp_path):
    dana, robin = feed
    rows = [
        row("A1"),
        row(
            "A2",
            first="Robin",
            last="Okafor",
            DOB="1975-02-03",
            Type="BKG",
            Booked="2025-11-02",
            Released="2025-11-09",
        ),
        row("A3", first="Dee", Level="F", Type="CHG"),
    ]
    out, err = _import(write_csv(tmp_path / "f.csv", rows))
    assert "3 created, 0 updated, 0 unchanged, 0 to review" in out
    assert "validating" in err and "3/3" in err
    events = {e.external_key: e for e in LegalSystemEvent.objects.all()}
    assert events["A1"].person == dana and events["A3"].person == dana
    assert events["A2"].person == robin and events["A2"].released_on == date(2025, 11, 9)
    assert events["A3"].charge_level == "felony"
    assert AuditEvent.objects.filter(action="import_run.succeed").count() == 1


def test_it_changes_nothing_when_the_same_file_is_imported_again(world, feed, tmp_path):
    path = write_csv(tmp_path / "f.csv", [row("A1"), row("A2", Type="CHG", Level="M")])
    _import(path)
    before = list(LegalSystemEvent.objects.order_by("pk").values())
    history = LegalSystemEvent.history.count()
    out, _ = _import(path)
    assert "0 created, 0 updated, 2 unchanged" in out
    after = list(LegalSystemEvent.objects.order_by("pk").values())
    strip = lambda rows: [{k: v for k, v in r.items() if k != "last_run_id"} for r in rows]  # noqa: E731
    assert strip(after) == strip(before)
    assert LegalSystemEvent.history.count() == history


def test_it_updates_only_the_rows_a_corrected_file_changes(world, feed, tmp_path):
    _import(write_csv(tmp_path / "f.csv", [row("A1"), row("A2", Type="CHG", Level="M")]))
    out, _ = _import(write_csv(tmp_path / "g.csv", [row("A1"), row("A2", Type="CHG", Level="F")]))
    assert "0 created, 1 updated, 1 unchanged" in out
    # The key is stored encrypted; it is found by its keyed hash (docs/encryption.md).
    assert LegalSystemEvent.objects.get(external_key_hash=identifier_hash("A2")).charge_level == (
        "felony"
    )
    assert LegalSystemEvent.history.filter(external_key_hash=identifier_hash("A1")).count() == 1


def test_it_keeps_nothing_from_a_batch_with_one_bad_row(world, feed, tmp_path):
    rows = [row("A1"), row("A2", Date="2025-13-45"), row("A3")]
    with pytest.raises(CommandError, match="nothing was imported"):
        _import(write_csv(tmp_path / "f.csv", rows))
    assert not LegalSystemEvent.objects.exists()
    run = ImportRun.objects.get()
    assert run.status == "failed"
    assert run.errors == [
        {"row": 3, "field": "incident_date", "message": "'2025-13-45' is not a date (%Y-%m-%d)"}
    ]


@pytest.mark.parametrize(
    ("content", "field", "words"),
    [
        (b"", "file", "empty"),
        (b"Case No,First\nA1,Dana\n", "last_name", "missing from the header"),
        ((",".join(HEADER) + "\nA1,Ren\xe9e,Rivera\n").encode("latin-1"), "file", "not UTF-8"),
    ],
)
def test_it_names_file_level_problems(world, feed, tmp_path, content, field, words):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError):
        _import(path)
    errors = ImportRun.objects.get().errors
    assert any(e["field"] == field and words in e["message"] for e in errors), errors
    assert not LegalSystemEvent.objects.exists()


def test_it_refuses_a_duplicate_row_and_rolls_back(world, feed, tmp_path):
    with pytest.raises(CommandError):
        _import(write_csv(tmp_path / "f.csv", [row("A1"), row("A2"), row("A1")]))
    errors = ImportRun.objects.get().errors
    assert errors == [{"row": 4, "field": "external_key", "message": "'A1' repeats row 2"}]
    assert not LegalSystemEvent.objects.exists()


def test_it_refuses_a_person_who_matches_no_one(world, feed, tmp_path):
    with pytest.raises(CommandError):
        _import(write_csv(tmp_path / "f.csv", [row("A1"), row("A2", first="Zed", last="Quill")]))
    (error,) = ImportRun.objects.get().errors
    assert (error["row"], error["field"]) == (3, "person")
    assert not LegalSystemEvent.objects.exists()


def test_it_queues_an_uncertain_match_for_review(world, feed, tmp_path):
    dana, _ = feed
    out, _ = _import(write_csv(tmp_path / "f.csv", [row("A1", DOB="1980-05-18")]))
    assert "1 to review" in out
    event = LegalSystemEvent.objects.get()
    assert event.person is None
    review = MatchReview.objects.get()
    assert review.status == "pending"
    assert review.candidates[0]["person_id"] == dana.pk
    out, _ = _import(write_csv(tmp_path / "f.csv", [row("A1", DOB="1980-05-18")]))
    assert "1 unchanged" in out and MatchReview.objects.count() == 1


def test_it_never_matches_people_of_another_site(world, feed, tmp_path):
    person(world, "Zed", "Quill", date(1990, 1, 1), site=world.beta)
    with pytest.raises(CommandError):
        _import(
            write_csv(tmp_path / "f.csv", [row("A1", first="Zed", last="Quill", DOB="1990-01-01")])
        )
    assert not LegalSystemEvent.objects.exists()
