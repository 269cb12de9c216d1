"""``goldenthread report pcg --site SLUG --period 2026Q3 --out FILE``: the PCG report as a
PDF, through the same query and templates as the page, with its progress on stderr."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from goldenthread.access.actor import NotFound, Refused
from goldenthread.evaluation.management.commands._actor import command_actor
from goldenthread.planning import queries


class Command(BaseCommand):
    help = "Write a report: pcg (the PCG report as a PDF)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        pcg = sub.add_parser("pcg", help="the PCG quarterly report as a PDF")
        pcg.add_argument("--site", required=True, help="the site's slug")
        pcg.add_argument("--out", required=True, help="the PDF file to write")
        pcg.add_argument("--user", help="act as this user (default: the site's PM)")
        pcg.add_argument("--period", help="2026Q3, 2026, 2026-05 or 2025-07..2026-06")
        pcg.add_argument("--quarter", help="the same as --period 2026Q3")
        pcg.add_argument("--region", help="one OWG region")
        pcg.add_argument("--door", help="arrest, social or community")

    def handle(self, *args: Any, **opts: Any) -> None:
        from goldenthread.planning.pdf import pcg_report_pdf

        actor = command_actor(opts["site"], opts["user"])
        today = actor.site.today()
        params = {k: opts[k] or "" for k in ("period", "quarter", "region", "door")}
        if not params["period"] and not params["quarter"]:
            year, q = queries.quarter_of(today)
            params["period"] = f"{year}Q{q}"
        try:
            filters = queries.filters_from(actor, params, today, default_months=3)
            data, pdf = pcg_report_pdf(actor, today, filters, on_progress=self._bar)
        except NotFound as exc:
            raise CommandError(f"user: may not read the PCG report at {opts['site']!r}") from exc
        except Refused as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc
        target = Path(opts["out"])
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf)
        self.stdout.write(
            f"Wrote {target} ({len(pdf):,} bytes): {data['site']}, {data['period']['start']} to "
            f"{data['period']['end']}; in program {data['in_program']}."
        )

    def _bar(self, percent: int, what: str) -> None:
        filled = percent // 4
        end = "\n" if percent >= 100 else ""
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (25 - filled)}] {percent:3d}% {what:<22}", ending=end
        )
        self.stderr.flush()
