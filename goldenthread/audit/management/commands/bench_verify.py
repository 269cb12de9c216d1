"""``goldenthread bench_verify`` (run by ``goldenthread bench``): make the database hold at
least ``--links`` audit and access links (appending to a site's access chain, once), then time
``goldenthread audit verify`` over all of them, in its own process: wall time, CPU time and
peak memory."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from goldenthread.audit import bench
from goldenthread.core.measure import run_measured
from goldenthread.core.models import Site
from goldenthread.core.progress import Progress


class Command(BaseCommand):
    help = "Time `audit verify` over at least --links links (appended to a site's chain first)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--links", type=int, default=10_000_000)
        parser.add_argument("--site", default="synth-000")

    def handle(self, *args: Any, **opts: Any) -> None:
        site = Site.objects.filter(slug=opts["site"]).first()
        if site is None:
            raise CommandError(f"site: no site {opts['site']!r}; run goldenthread synth first")
        missing = max(opts["links"] - bench.links_in_all(), 0)
        try:
            with Progress("access links", missing) as bar:
                bench.grow(site, opts["links"], bar.advance)
        except ValueError as exc:
            raise CommandError(f"site: {exc}") from exc
        links = bench.links_in_all()
        run = run_measured("audit", "verify")
        self.stdout.write(
            f"audit verify: {links:,} links, {run.seconds:.1f} s "
            f"({links / run.seconds:,.0f} links/s), process CPU {run.cpu_seconds:.1f} s, "
            f"peak memory {run.peak_mb:.0f} MB; {bench.verdict(links, run.seconds)}; "
            f"{run.output[-1] if run.output else ''}"
        )
