"""goldenthread restore FILE: replace the database with a backup, and print how long it took."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from goldenthread.core.backup import restore


class Command(BaseCommand):
    help = "Restore the database from FILE; prints the restore time (recovery-time evidence)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", type=Path)
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if not options["yes"]:
            raise CommandError("restore replaces every row; run again with --yes to proceed")
        try:
            seconds = restore(options["file"])
        except (OSError, RuntimeError) as exc:
            raise CommandError(f"file: {exc}") from exc
        self.stdout.write(f"Restored from {options['file']} in {seconds:.2f}s")
