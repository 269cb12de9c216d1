"""``goldenthread legalservices_reminders``: the legal-services deadlines inside their reminder
window (or overdue), per site and attorney. Run it daily from cron; it prints matter numbers,
never names, so its output can go to a mail relay or a log."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from goldenthread.core.models import Site
from goldenthread.legalservices import queries, rules


class Command(BaseCommand):
    help = "List legal-services deadlines due for a reminder (or overdue), by site and attorney."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", help="a site's slug (default: every site)")
        parser.add_argument("--date", help="act as if today were YYYY-MM-DD (site time)")

    def handle(self, *args: Any, **options: Any) -> None:
        sites = Site.objects.all()
        if options["site"]:
            sites = sites.filter(slug=options["site"])
            if not sites.exists():
                raise CommandError(f"site: no site {options['site']!r}")
        total = 0
        for site in sites:
            today = self._today(site, options["date"])
            due = queries.deadlines_at(site.pk, today, reminders_only=True)
            for d in due:
                who = d.matter.attorney.get_username() if d.matter.attorney else "intake"
                state = "OVERDUE" if rules.is_overdue(d.due_on, today) else "due"
                self.stdout.write(
                    f"{site.slug}\t{who}\t{state}\t{d.due_on.isoformat()}\t"
                    f"matter #{d.matter_id}\t{d.label}"
                )
            total += len(due)
        self.stdout.write(f"{total} deadline(s) to remind.")

    @staticmethod
    def _today(site: Site, given: str | None) -> date:
        if not given:
            return timezone.localdate(timezone=site.tz)
        try:
            return date.fromisoformat(given)
        except ValueError as exc:
            raise CommandError(f"date: {given!r} is not YYYY-MM-DD") from exc
