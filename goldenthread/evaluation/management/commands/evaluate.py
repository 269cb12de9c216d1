"""goldenthread evaluate --site SLUG [--user NAME]: compute and keep the outcome measures and
models (an outcome run), as the PM's "Run the evaluation" button does; for a scheduled run and
for ``make bench``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from goldenthread.access.actor import NotFound, Refused
from goldenthread.evaluation import actions, queries
from goldenthread.evaluation.management.commands._actor import command_actor


class Command(BaseCommand):
    help = "Run the evaluation: the outcome measures and models over the site's cohorts."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--site", required=True, help="the site's slug")
        parser.add_argument("--user", help="act as this user (default: the site's PM)")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options["site"], options["user"])
        try:
            run = actions.outcome_run_create(
                actor=actor, subjects=queries.evaluation_subjects(actor)
            )
        except NotFound as exc:
            raise CommandError("user: may not run the evaluation") from exc
        except Refused as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc
        results = run.results
        self.stdout.write(
            f"Outcome run {run.pk}: {results['n_treated']} LEAD participants, "
            f"{results['n_comparison']} in the comparison group, "
            f"{results['indicator_people']} with monthly indicators."
        )
