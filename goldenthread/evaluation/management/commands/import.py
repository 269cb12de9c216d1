"""goldenthread import legal-events FILE --source NAME: import a legal-system feed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from goldenthread.access.actor import NotFound
from goldenthread.core.progress import Progress
from goldenthread.evaluation.actions import legal_events_import
from goldenthread.evaluation.management.commands._actor import command_actor
from goldenthread.evaluation.models import ImportRun, LegalSource


class Command(BaseCommand):
    help = "Import data feeds. legal-events: a police, jail or court CSV through its source."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="what", required=True)
        events = sub.add_parser("legal-events", help="legal-system events from a CSV feed")
        events.add_argument("file")
        events.add_argument("--source", required=True, help="the source's name")
        events.add_argument("--site", help="site slug (needed when several sites share NAME)")
        events.add_argument("--user", help="act as this user (default: the site's PM)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"file: {path} does not exist")
        sources = LegalSource.objects.filter(name=options["source"]).select_related("site")
        if options["site"]:
            sources = sources.filter(site__slug=options["site"])
        found = list(sources[:2])
        if not found:
            raise CommandError(f"source: no source named {options['source']!r}")
        if len(found) > 1:
            raise CommandError("site: several sites have that source; name one with --site")
        source = found[0]
        actor = command_actor(source.site.slug, options["user"])
        bars: dict[str, Progress] = {}
        stream: Any = self.stderr._out

        def progress(phase: str, done: int, total: int) -> None:
            if phase not in bars:
                for bar in bars.values():
                    bar.__exit__(None, None, None)
                bars[phase] = Progress(phase, total, stream=stream).__enter__()
            bar = bars[phase]
            bar.advance(done - bar.done)

        try:
            run = legal_events_import(
                actor=actor, source_id=source.pk, path=path, progress=progress
            )
        except NotFound as exc:
            raise CommandError("user: may not import at this site") from exc
        finally:
            for bar in bars.values():
                if bar.done < bar.total:
                    bar.stream.write("\n")
        if run.status == ImportRun.Status.FAILED:
            for error in run.errors:
                self.stderr.write(f"row {error['row']}, {error['field']}: {error['message']}")
            raise CommandError(
                f"{len(run.errors)} error(s); nothing was imported from {path.name} (run {run.pk})"
            )
        self.stdout.write(
            f"Imported {path.name} into {source.name}: {run.created_count} created, "
            f"{run.updated_count} updated, {run.unchanged_count} unchanged, "
            f"{run.review_count} to review (run {run.pk})."
        )
