"""goldenthread synth --sites N --participants M: synthetic sites at scale, for benchmarks."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from goldenthread.core.models import Site
from goldenthread.core.synth import synth_site


class Command(BaseCommand):
    help = "Build N synthetic sites of M participants each (bulk inserts, with a progress bar)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--sites", type=int, default=1)
        parser.add_argument("--participants", type=int, default=1500, help="participants per site")
        parser.add_argument("--seed", type=int, default=2011)
        parser.add_argument(
            "--start",
            type=int,
            default=None,
            help="index of the first site to build (default: after the existing ones); lets "
            "two processes build different sites at once",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        sites, per_site = options["sites"], options["participants"]
        if sites < 1:
            raise CommandError("--sites must be at least 1")
        if per_site < 1:
            raise CommandError("--participants must be at least 1")
        start = options["start"]
        if start is None:
            start = Site.objects.filter(slug__startswith="synth-").count()
        for i in range(start, start + sites):
            site = synth_site(i, per_site, seed=options["seed"], stream=self.stderr)
            self.stdout.write(f"{site.slug}: {per_site} participants")
        if connection.vendor == "postgresql":
            # Fresh statistics for the planner: autovacuum may be off or not yet round, and a
            # table the planner thinks empty is read whole (see docs/performance.md). VACUUM
            # too, where it can run (not in a transaction): it marks the new pages all-visible,
            # as autovacuum would in time, so index-only scans need not visit the table, and a
            # benchmark after the build does not race autovacuum's first pass.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.stdout.write(self.style.SUCCESS(f"Built {sites} synthetic site(s)."))
