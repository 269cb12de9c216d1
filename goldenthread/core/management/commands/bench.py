"""goldenthread bench [--scale site|national]: the benchmark suite (see docs/performance.md)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from goldenthread import benchmarks
from goldenthread.core.models import Site

SCALES = {"site": (1, 1500), "national": (50, 2000)}


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
        path = benchmarks.write(results, options["out"], heavy=jobs, writes=writes)
        self.stdout.write(f"Wrote {path}")
