"""goldenthread bench [--scale site|national]: the benchmark suite (see docs/performance.md)."""

from __future__ import annotations

import shutil
import time
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connection

from goldenthread import benchmarks
from goldenthread.core.models import Site

# National: the site-scale site (synth-000, 1,500 participants) and 49 more of 2,000 each.
SCALES = {"site": (1, 1500), "national": (50, 2000)}


# Links `audit verify` is timed over: the target is 10,000,000 in under a minute.
VERIFY_LINKS = {"site": 1_000_000, "national": 10_000_000}


class Command(BaseCommand):
    help = "Measure read paths over HTTP; writes bench/results.json and bench/results.svg."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--scale", choices=sorted(SCALES), default="site")
        parser.add_argument("--requests", type=int, default=30)
        parser.add_argument("--out", type=Path, default=Path("bench"))
        parser.add_argument(
            "--import-rows",
            type=int,
            default=1_000_000,
            help="rows of the legal-event import to time (0 leaves it out)",
        )
        parser.add_argument(
            "--verify-links",
            type=int,
            default=None,
            help="time `audit verify` over at least this many audit and access links, appended "
            "to synth-000's access chain first when fewer (default 1,000,000 at site scale, "
            "10,000,000 at national; 0 leaves it out)",
        )
        parser.add_argument(
            "--reads-only",
            action="store_true",
            help="time the read paths (and the scaling) only: no writes, forecast or import",
        )
        parser.add_argument(
            "--no-synth",
            action="store_true",
            help="measure the data set as it is, without building missing synthetic sites "
            "(e.g. a national set stopped part way)",
        )
        parser.add_argument(
            "--baseline",
            type=Path,
            default=None,
            help="national scale: a site-scale results.json to compare the read paths with "
            "(default <out>/results-site.json); not needed when the data set holds only the "
            "site-scale site, which is then measured in this run before the others are built",
        )
        parser.add_argument(
            "--load-seconds",
            type=float,
            default=5.0,
            help="seconds of the mixed load at each step of clients (0 leaves it out)",
        )
        parser.add_argument(
            "--load-clients",
            default=",".join(str(c) for c in benchmarks.LOAD_CLIENTS),
            help="the steps of concurrent clients, comma-separated",
        )
        parser.add_argument("--load-workers", type=int, default=2, help="gunicorn workers")
        parser.add_argument(
            "--load-threads", type=int, default=1, help="threads per worker (gthread above 1)"
        )
        parser.add_argument("--write-share", type=float, default=0.1)
        parser.add_argument(
            "--hmis-site",
            help="the site whose HMIS export is timed among the heavy jobs (default synth-000)",
        )

    def _build(self, sites: int, per_site: int) -> None:
        have = Site.objects.filter(slug__startswith="synth-").count()
        if have < sites and not self.no_synth:
            call_command(
                "synth",
                "--sites",
                str(sites - have),
                "--participants",
                str(per_site),
                stdout=self.stdout,
                stderr=self.stderr,
            )

    def _baseline(self, options: dict[str, Any]) -> tuple[str, list[benchmarks.Result]] | None:
        """The site-scale read paths of synth-000, before the other sites exist."""
        self._build(*SCALES["site"])
        alone = Site.objects.filter(slug__startswith="synth-").count() == SCALES["site"][0]
        if alone and not self.no_synth:  # the other sites are about to be built
            site = Site.objects.get(slug="synth-000")
            size = benchmarks.data_size()
            return f"measured in this run ({size})", benchmarks.run(
                site, "site", n=options["requests"]
            )
        path = options["baseline"] or options["out"] / "results-site.json"
        if path.exists():
            scale, reads = benchmarks.results_from(path)
            if scale == "site":
                return f"read from {path}", reads
        self.stdout.write(f"No site-scale baseline ({path} missing): no scaling ratio.")
        return None

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.no_synth = options["no_synth"]
        baseline = self._baseline(options) if options["scale"] == "national" else None
        self._build(*SCALES[options["scale"]])
        self._analyze()
        site = Site.objects.get(slug="synth-000")
        results = benchmarks.run(site, options["scale"], n=options["requests"])
        self.stdout.write(
            f"{'read path':<34} {'median':>8} {'p95':>8} {'queries':>8} {'floor':>8} {'ratio':>6}"
        )
        for r in results:
            floor = f"{r.floor_ms:.2f}" if r.floor_ms else "-"
            ratio = f"{r.ratio:.1f}" if r.ratio else "-"
            self.stdout.write(
                f"{r.name:<34} {r.median_ms:>8.2f} {r.p95_ms:>8.2f} "
                f"{r.queries:>8} {floor:>8} {ratio:>6}"
            )
        scaled: dict[str, Any] = {}
        if baseline is not None:
            scaled = self._scaling(baseline, results)
        writes, jobs, load = [], [], None
        if not options["reads_only"]:
            try:
                writes = self._writes(site)
                if options["load_seconds"] > 0:
                    load = self._load(site, options)
            finally:
                forgotten = benchmarks.forget_writes(site)
                self.stdout.write(
                    "Removed the bench's own writes that read paths would read again: "
                    + (", ".join(f"{name} {n}" for name, n in forgotten.items()) or "none")
                )
            jobs = self._heavy(site, options)
        path = benchmarks.write(
            results, options["out"], heavy=jobs, writes=writes, load=load, scaled=scaled
        )
        if options["scale"] == "site":
            shutil.copyfile(path, path.with_name("results-site.json"))
        self.stdout.write(f"Wrote {path}")

    def _analyze(self) -> None:
        """Fresh planner statistics before the reads: each run's writes (and the load's) add
        rows to the same database, and autovacuum may not have sampled them yet."""
        if connection.vendor != "postgresql":
            return
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(f"ANALYZE: {time.perf_counter() - started:.1f} s")

    def _scaling(
        self, baseline: tuple[str, list[benchmarks.Result]], results: list[benchmarks.Result]
    ) -> dict[str, Any]:
        source, site_reads = baseline
        rows = benchmarks.scaling(site_reads, results)
        self.stdout.write(
            f"\nScaling: synth-000's read paths, national ÷ site (site figures {source})"
        )
        self.stdout.write(
            f"{'read path':<34} {'site med':>8} {'site p95':>8} {'nat med':>8} {'nat p95':>8} "
            f"{'ratio':>6}"
        )
        for s in rows:
            self.stdout.write(
                f"{s.name:<34} {s.site_median_ms:>8.2f} {s.site_p95_ms:>8.2f} "
                f"{s.national_median_ms:>8.2f} {s.national_p95_ms:>8.2f} {s.ratio:>6.2f}"
            )
        return {
            "site_figures": source,
            "national_data": benchmarks.data_size(),
            "paths": [vars(s) for s in rows],
        }

    def _writes(self, site: Site) -> list[benchmarks.WriteResult]:
        writes = benchmarks.run_writes(site)
        self.stdout.write(
            f"\n{'write path':<48} {'median':>8} {'p95':>8} {'tps':>7} {'clients':>7} {'errors':>6}"
        )
        for w in writes:
            self.stdout.write(
                f"{w.name:<48} {w.median_ms:>8.2f} {w.p95_ms:>8.2f} {w.tps:>7.1f} "
                f"{w.clients:>7} {w.errors:>6}"
            )
        return writes

    def _heavy(self, site: Site, options: dict[str, Any]) -> list[str]:
        heavy = StringIO()
        call_command("bench_forecast", "--repeat", "3", stdout=heavy)
        if options["import_rows"]:
            call_command(
                "bench_import",
                "--rows",
                str(options["import_rows"]),
                "--small",
                str(max(1, options["import_rows"] // 10)),
                "--site",
                site.slug,
                stdout=heavy,
            )
        call_command(
            "bench_jobs",
            "--site",
            site.slug,
            "--hmis-site",
            options["hmis_site"] or site.slug,
            stdout=heavy,
        )
        links = options["verify_links"]
        if links is None:
            links = VERIFY_LINKS[options["scale"]]
        if links:
            call_command("bench_verify", "--links", str(links), "--site", site.slug, stdout=heavy)
        self.stdout.write(heavy.getvalue().strip())
        return heavy.getvalue().strip().splitlines()

    def _load(self, site: Site, options: dict[str, Any]) -> benchmarks.LoadResult:
        workers, threads = options["load_workers"], options["load_threads"]
        self.stdout.write(
            f"\nLoad: {options['write_share']:.0%} writes, gunicorn {workers} worker(s) x "
            f"{threads} thread(s), {options['load_seconds']:g} s per step"
        )
        self.stdout.write(
            f"{'clients':>7} {'requests':>8} {'writes':>6} {'rps':>7} {'median':>8} "
            f"{'p95':>8} {'errors':>6}"
        )

        def show(s: benchmarks.LoadStep) -> None:
            self.stdout.write(
                f"{s.clients:>7} {s.requests:>8} {s.writes:>6} {s.rps:>7.1f} "
                f"{s.median_ms:>8.2f} {s.p95_ms:>8.2f} {s.errors:>6}"
                + (f"  {s.error_kinds}" if s.error_kinds else "")
            )

        load = benchmarks.run_load(
            site,
            seconds=options["load_seconds"],
            clients=tuple(int(c) for c in options["load_clients"].split(",") if c.strip()),
            write_share=options["write_share"],
            workers=workers,
            threads=threads,
            on_step=show,
        )
        if load.sustained_rps is None:
            verdict = f"no step kept p95 <= {load.p95_limit_ms:g} ms with 0 errors"
        else:
            met = "met" if load.sustained_rps >= load.target_rps else "missed"
            verdict = (
                f"sustained {load.sustained_rps:.1f} requests/s at {load.sustained_clients} "
                f"clients with p95 <= {load.p95_limit_ms:g} ms (target {load.target_rps:g}: {met})"
            )
        self.stdout.write(f"{verdict}; errors {load.errors}")
        return load
