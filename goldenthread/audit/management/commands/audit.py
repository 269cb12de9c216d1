"""goldenthread audit verify: re-compute every hash chain and report the first broken link."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from goldenthread.audit.queries import chains_verify


class Command(BaseCommand):
    help = "Check the audit and access-log hash chains (audit verify)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("verb", choices=["verify"])

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        reports = chains_verify()
        broken = [r for r in reports if r.broken is not None]
        for report in reports:
            state = "ok" if report.broken is None else "BROKEN"
            self.stdout.write(f"{report.chain}: {report.links} links, {state}")
        if broken:
            for report in broken:
                assert report.broken is not None
                self.stderr.write(
                    f"{report.chain}: first broken link is {report.broken.seq}: "
                    f"{report.broken.problem}"
                )
            raise CommandError(f"{len(broken)} chain(s) broken")
        self.stdout.write(self.style.SUCCESS(f"All {len(reports)} chains verified."))
