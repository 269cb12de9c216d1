"""``goldenthread bench_import`` (run by ``goldenthread bench``): time a legal-event import of
a large feed through ``goldenthread import legal-events``, as a separate process, and report
its wall time and peak memory at two sizes, to show that memory stays flat as the file grows;
then import the same file again, which must change nothing."""

from __future__ import annotations

import csv
import random
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from goldenthread.core.measure import run_measured
from goldenthread.core.models import Person, Site
from goldenthread.evaluation import actions
from goldenthread.evaluation.management.commands._actor import command_actor
from goldenthread.evaluation.models import ImportRun, LegalSource, LegalSystemEvent, MatchReview

COLUMNS = {
    "external_key": "Case No",
    "last_name": "Last",
    "first_name": "First",
    "date_of_birth": "DOB",
    "incident_date": "Date",
    "kind": "Type",
    "filed_on": "Booked",
    "released_on": "Released",
    "charge_level": "Level",
    "on_warrant": "Warrant",
}
PREFIX = "bench-"


def write_feed(path: Path, rows: int, people: list[tuple[str, str, date]], seed: int) -> None:
    """A police/jail feed of ``rows`` events for the site's own people over five years."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security  # nosec B311
    start = date(2021, 1, 1)
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(COLUMNS.values())
        for i in range(rows):
            first, last, dob = people[rng.randrange(len(people))]
            on = start + timedelta(days=rng.randrange(5 * 365))
            kind = rng.choice(("ARR", "ARR", "BKG", "CHG"))
            booked = on.isoformat() if kind == "BKG" else ""
            released = (on + timedelta(days=rng.randrange(1, 30))).isoformat() if booked else ""
            level = rng.choice(("F", "M")) if kind == "CHG" else ""
            warrant = rng.choice(("N", "N", "N", "Y"))
            out.writerow((f"B{i}", last, first, dob, on, kind, booked, released, level, warrant))


class Command(BaseCommand):
    help = "Time a large legal-event import (wall time, peak memory) at two sizes, and a re-import."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--rows", type=int, default=1_000_000)
        parser.add_argument("--small", type=int, default=100_000)
        parser.add_argument("--site", default="synth-000")

    def handle(self, *args: Any, **opts: Any) -> None:
        site = Site.objects.filter(slug=opts["site"]).first()
        if site is None:
            raise CommandError(f"site: no site {opts['site']!r}; run goldenthread synth first")
        people = [
            (first, last, dob)
            for first, last, dob in Person.objects.filter(site=site)
            .exclude(date_of_birth=None)
            .values_list("first_name", "last_name", "date_of_birth")[:5000]
            if dob is not None
        ]
        if not people:
            raise CommandError("site: it has no people to match")
        actor = command_actor(site.slug, None)
        _clear(site)
        with tempfile.TemporaryDirectory() as tmp:
            for rows in (opts["small"], opts["rows"]):
                name = f"{PREFIX}{rows}"
                actions.source_save(
                    actor=actor,
                    name=name,
                    label=f"Benchmark feed, {rows} rows",
                    kind="police",
                    column_map=COLUMNS,
                    value_map={"kind": {"ARR": "arrest", "BKG": "booking", "CHG": "charge"}},
                )
                path = Path(tmp) / f"{name}.csv"
                write_feed(path, rows, people, seed=rows)
                size = path.stat().st_size / 1e6
                for attempt in ("first import", "same file again"):
                    seconds, cpu, peak_mb, said = _import(path, name, site.slug)
                    self.stdout.write(
                        f"legal-event import, {rows:,} rows ({size:.1f} MB), {attempt}: "
                        f"{seconds:.1f} s ({rows / seconds:,.0f} rows/s), "
                        f"import process CPU {cpu:.1f} s, peak memory {peak_mb:.0f} MB; {said}"
                    )
        _clear(site)  # leave the site's data as synth made it, for the read-path figures


def _clear(site: Site) -> None:
    """Remove the benchmark feeds and everything imported through them."""
    old = LegalSource.objects.filter(site=site, name__startswith=PREFIX)
    MatchReview.objects.filter(event__source__in=old).delete()
    db = LegalSystemEvent.objects.db
    LegalSystemEvent.objects.filter(source__in=old)._raw_delete(db)  # type: ignore[attr-defined]
    history = LegalSystemEvent.history.filter(source_id__in=old.values("pk"))
    history._raw_delete(db)  # type: ignore[attr-defined]
    ImportRun.objects.filter(source__in=old).delete()
    old.delete()


def _import(path: Path, source: str, site: str) -> tuple[float, float, float, str]:
    """Run the import command in its own process; its wall time, CPU time, peak RSS and
    summary line."""
    run = run_measured("import", "legal-events", str(path), "--source", source, "--site", site)
    return run.seconds, run.cpu_seconds, run.peak_mb, run.output[-1] if run.output else ""
