"""goldenthread bench [--scale site|national]: the benchmark suite (see docs/performance.md)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from goldenthread import benchmarks
from goldenthread.core.models import Site

SCALES = {"site": (1, 1500), "national": (50, 2000)}


class Command(BaseCommand):
    help = (
        "Measure read and write paths over HTTP, a mixed load, the forecast and an import; "
        "writes bench/results.json, bench/results.svg and bench/load.svg."
    )

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

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        sites, per_site = SCALES[options["scale"]]
        have = Site.objects.filter(slug__startswith="synth-").count()
        if have < sites:
            call_command(
                "synth",
                "--sites",
                str(sites - have),
                "--participants",
                str(per_site),
                stdout=self.stdout,
                stderr=self.stderr,
            )
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
        writes = benchmarks.run_writes(site)
        self.stdout.write(
            f"\n{'write path':<48} {'median':>8} {'p95':>8} {'tps':>7} {'clients':>7} {'errors':>6}"
        )
        for w in writes:
            self.stdout.write(
                f"{w.name:<48} {w.median_ms:>8.2f} {w.p95_ms:>8.2f} {w.tps:>7.1f} "
                f"{w.clients:>7} {w.errors:>6}"
            )
        load = self._load(site, options) if options["load_seconds"] > 0 else None
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
        self.stdout.write(heavy.getvalue().strip())
        jobs = heavy.getvalue().strip().splitlines()
        path = benchmarks.write(results, options["out"], heavy=jobs, writes=writes, load=load)
        self.stdout.write(f"Wrote {path}")

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
