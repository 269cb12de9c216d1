"""``goldenthread legalservices_reminders``: email the legal-services deadlines inside their
reminder window (or overdue) to the attorney and, where the site says so, the referring case
manager. Run it daily from cron: a second run the same day sends nothing twice. It prints
matter numbers, never names, so its output can go to a log. ``--dry-run`` lists, sends nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from goldenthread.core.models import Site
from goldenthread.legalservices import actions, queries, rules


class Command(BaseCommand):
    help = "Email legal-services deadline reminders (due within the window, or overdue)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", help="a site's slug (default: every site)")
        parser.add_argument("--date", help="act as if today were YYYY-MM-DD (site time)")
        parser.add_argument("--dry-run", action="store_true", help="list only; send no email")

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
            if not options["dry_run"] and due:
                self._send(site, today)
        self.stdout.write(f"{total} deadline(s) to remind.")

    def _send(self, site: Site, today: date) -> None:
        run = actions.deadline_reminders_send(site=site, today=today)
        for username, deadline_id in run.sent:
            self.stdout.write(f"{site.slug}\temailed {username}\tdeadline {deadline_id}")
        for username in sorted(set(run.no_email)):
            self.stderr.write(f"{site.slug}: {username} has no email address")
        for username in sorted(set(run.failed)):
            self.stderr.write(f"{site.slug}: the email to {username} failed; retried next run")
        self.stdout.write(
            f"{site.slug}: {len(run.sent)} email(s) sent, {run.already} already sent today."
        )

    @staticmethod
    def _today(site: Site, given: str | None) -> date:
        if not given:
            return timezone.localdate(timezone=site.tz)
        try:
            return date.fromisoformat(given)
        except ValueError as exc:
            raise CommandError(f"date: {given!r} is not YYYY-MM-DD") from exc
