"""Imports stream: memory stays flat as the file grows (the csv module reads a row at a time
and rows are handled in chunks), so a million-row feed needs no more memory than a small one.

A 200k-row end-to-end import takes far longer than the few seconds a unit test may take on
this machine, so the flatness is shown on the validation pass (the one that reads every row
and matches every subject) at 1,000 and 10,000 rows, and the write pass is shown to work in
chunks across a file larger than one chunk."""

from __future__ import annotations

import csv
import tracemalloc
from datetime import date

from goldenthread.core.roles import Role
from goldenthread.evaluation import actions, imports
from goldenthread.evaluation.models import LegalSystemEvent
from goldenthread.evaluation.tests.helpers import HEADER, make_source, person, row


def _big(path, n):  # type: ignore[no-untyped-def]
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=HEADER)
        writer.writeheader()
        for i in range(n):
            writer.writerow(row(f"K{i}"))
    return path


def _peak(path, source, index):  # type: ignore[no-untyped-def]
    tracemalloc.start()
    errors = imports.validate(path, source, index)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert errors == []
    return peak


def test_it_validates_in_flat_memory(world, tmp_path):
    source = make_source(world)
    person(world, "Dana", "Rivera", date(1980, 5, 17))
    index = imports.PersonIndex(world.alpha.site.pk)
    small = _peak(_big(tmp_path / "small.csv", 1_000), source, index)
    large = _peak(_big(tmp_path / "large.csv", 10_000), source, index)
    assert large < small * 1.5 + 200_000, (small, large)


def test_it_writes_in_chunks_across_a_file_larger_than_one(world, tmp_path):
    source = make_source(world)
    person(world, "Dana", "Rivera", date(1980, 5, 17))
    n = imports.CHUNK * 2 + 17
    run = actions.legal_events_import(
        actor=world.actor(Role.PM), source_id=source.pk, path=_big(tmp_path / "f.csv", n)
    )
    assert (run.status, run.created_count) == ("succeeded", n)
    assert LegalSystemEvent.objects.count() == n


def test_a_remembered_match_is_the_match_scored_afresh(world, monkeypatch):
    """A feed names the same people again and again; the index scores each identity once and
    remembers it (bounded). What it remembers must be what scoring again would give, also
    after the memory is full and starts again."""
    source = make_source(world)
    dana = person(world, "Dana", "Rivera", date(1980, 5, 17))
    person(world, "Dana", "Rivero", date(1980, 5, 17))  # a near twin: review, not a match
    sam = person(world, "Sam", "Okafor", date(1975, 2, 3))
    rows = [
        imports.rules.EventRow(
            "K1", "Dana", "Rivera", date(1980, 5, 17), "arrest", date(2024, 1, 1)
        ),
        imports.rules.EventRow("K2", "Sam", "Okafor", date(1975, 2, 3), "arrest", date(2024, 1, 2)),
        imports.rules.EventRow("K3", "Lee", "Nobody", date(1990, 1, 1), "arrest", date(2024, 1, 3)),
        imports.rules.EventRow(
            "K4", "Dana", "Rivera", date(1980, 5, 17), "arrest", date(2024, 1, 4)
        ),
    ]
    monkeypatch.setattr(imports.PersonIndex, "REMEMBER", 2)
    index = imports.PersonIndex(world.alpha.site.pk)
    remembered = [index.match(r, source) for r in rows + rows]
    fresh = [imports.PersonIndex(world.alpha.site.pk).match(r, source) for r in rows + rows]
    assert remembered == fresh
    assert len(index.known) <= 2
    statuses = [m.status for m in fresh[:4]]
    assert statuses[1:3] == ["matched", "none"] and fresh[1].person_id == sam.pk
    assert statuses[0] == statuses[3] and fresh[0].candidates == fresh[3].candidates
    assert dana.pk in {pk for pk, _ in fresh[0].candidates}


def test_a_chunk_finds_its_stored_events_by_a_probe_of_the_natural_key(world, tmp_path):
    """Imported again, each chunk's stored events are found by the (site, source, key hash)
    index, one probe a key, whatever the statistics say of the source's size: on PostgreSQL
    the key hash is in the index condition, not a filter over every event of the source."""
    from django.db import connection

    source = make_source(world)
    person(world, "Dana", "Rivera", date(1980, 5, 17))
    path = _big(tmp_path / "f.csv", 30)
    actions.legal_events_import(actor=world.actor(Role.PM), source_id=source.pk, path=path)
    stored = list(LegalSystemEvent.objects.filter(source=source).order_by("pk"))
    wanted = [e.external_key_hash for e in stored[:10]] + ["not-a-stored-hash"]
    found = list(imports._stored(world.alpha.site.pk, source.pk, wanted + wanted[:3]))
    assert sorted(e.pk for e in found) == [e.pk for e in stored[:10]]  # each once
    assert {e.external_key for e in found} == {f"K{i}" for i in range(10)}
    assert list(imports._stored(world.beta.site.pk, source.pk, wanted)) == []
    if connection.vendor == "postgresql":
        sql = imports._BY_KEY_HASH.format(table='"evaluation_legalsystemevent"')
        with connection.cursor() as cur:
            # As the import does before it writes (imports._refresh_statistics).
            cur.execute("ANALYZE evaluation_legalsystemevent")
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute(f"EXPLAIN {sql}", [wanted, world.alpha.site.pk, source.pk])
            plan = "\n".join(r[0] for r in cur.fetchall())
        assert "legalevent_natural_key" in plan, plan
        assert "external_key_hash)::text = (wanted.key_hash)::text" in plan, plan
    run = actions.legal_events_import(actor=world.actor(Role.PM), source_id=source.pk, path=path)
    assert (run.status, run.created_count, run.unchanged_count) == ("succeeded", 0, 30)
