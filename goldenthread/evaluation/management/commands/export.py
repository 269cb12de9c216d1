"""goldenthread export hmis|deidentified --site SLUG --out DIR: write an export zip."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from goldenthread.access.actor import NotFound, Refused
from goldenthread.evaluation import exports
from goldenthread.evaluation.management.commands._actor import command_actor


def _date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"date: {text!r} is not YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = "Export data: hmis (HUD HMIS CSV FY2026 zip) or deidentified (evaluation bundle)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        sub = parser.add_subparsers(dest="what", required=True)
        for name in ("hmis", "deidentified"):
            p = sub.add_parser(name)
            p.add_argument("--site", required=True)
            p.add_argument("--out", required=True, help="directory to write the zip into")
            p.add_argument("--user", help="act as this user (default: the site's PM)")
            if name == "hmis":
                p.add_argument("--from", dest="start")
                p.add_argument("--to", dest="end")
                p.add_argument("--hash", choices=["sha256"], help="hash names and ids")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        actor = command_actor(options["site"], options["user"])
        try:
            if options["what"] == "hmis":
                content, people = exports.hmis_bundle(
                    actor,
                    start=_date(options["start"]),
                    end=_date(options["end"]),
                    hashing=options["hash"] == "sha256",
                )
                target = out / f"hmis-{options['site']}.zip"
            else:
                content, people = exports.deidentified_bundle(actor)
                target = out / f"evaluation-{options['site']}.zip"
        except NotFound as exc:
            raise CommandError("user: may not make this export") from exc
        except Refused as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc
        with content, target.open("wb") as out:
            shutil.copyfileobj(content, out)
        self.stdout.write(f"Wrote {target} ({people} people).")
