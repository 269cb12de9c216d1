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
