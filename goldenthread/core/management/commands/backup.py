"""goldenthread backup FILE: a consistent copy of the database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from goldenthread.core.backup import backup


class Command(BaseCommand):
    help = "Back the database up to FILE (pg_dump on PostgreSQL, online backup on SQLite)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        try:
            seconds = backup(options["file"])
        except (OSError, RuntimeError) as exc:
            raise CommandError(f"file: {exc}") from exc
        size = options["file"].stat().st_size
        self.stdout.write(f"Backed up to {options['file']} ({size} bytes) in {seconds:.2f}s")
