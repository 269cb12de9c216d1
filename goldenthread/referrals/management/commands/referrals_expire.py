"""Move lapsed intakes to intake_expired at every site (or one), so nothing expires silently.
Run it from cron or the task worker; pages also sweep on read."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from goldenthread.core.models import Site
from goldenthread.referrals.actions import referrals_expire


class Command(BaseCommand):
    help = (
        "Expire intakes whose site deadline has passed; arrest diversions go to the filing queue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", help="slug of one site (default: every site)")

    def handle(self, *args: Any, **options: Any) -> None:
        sites = Site.objects.all()
        if options["site"]:
            sites = sites.filter(slug=options["site"])
        total = 0
        for site in sites:
            count = referrals_expire(site=site)
            total += count
            self.stdout.write(f"{site.slug}: {count} intake(s) expired")
        self.stdout.write(self.style.SUCCESS(f"{total} intake(s) expired"))
