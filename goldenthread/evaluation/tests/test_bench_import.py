"""`goldenthread bench_import` (part of `make bench`): it imports a generated feed through the
import command in a separate process, reports time and peak memory at two sizes, and the second
import of the same file changes nothing. On PostgreSQL, since the import process must see the
test database."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from goldenthread.evaluation.models import LegalSource, LegalSystemEvent
from goldenthread.testing import share_test_database


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_times_two_sizes_and_a_reimport_that_changes_nothing(world, monkeypatch):
    share_test_database(monkeypatch, "the import")
    for _ in range(3):
        world.participant()
    out = io.StringIO()
    site = world.alpha.site
    call_command("bench_import", "--rows", "300", "--small", "40", "--site", site.slug, stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 4, lines
    assert "40 rows" in lines[0] and "first import" in lines[0] and "40 created" in lines[0]
    assert "same file again" in lines[1] and "0 created, 0 updated, 40 unchanged" in lines[1]
    assert "300 rows" in lines[2] and "300 created" in lines[2]
    assert "0 created, 0 updated, 300 unchanged" in lines[3]
    assert all("peak memory" in line and "rows/s" in line for line in lines)
    assert all(float(line.split("import process CPU ")[1].split(" s")[0]) > 0 for line in lines)
    # It leaves the site as it found it: no feed, no event.
    assert not LegalSystemEvent.objects.filter(site=site).exists()
    assert not LegalSource.objects.filter(site=site).exists()
