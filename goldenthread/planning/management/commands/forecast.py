"""``goldenthread forecast --site SLUG``: queue and compute a forecast here, with a progress
bar on stderr, exactly as the background task does."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from goldenthread.access.actor import NotFound, Refused, actor_for
from goldenthread.planning import actions
from goldenthread.planning.models import ForecastRun


class Command(BaseCommand):
    help = "Forecast a site's caseload (as a user who may run forecasts there)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--site", required=True, help="the site's slug")
        parser.add_argument("--user", required=True, help="username of a PM at the site")
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--paths", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--queue", action="store_true", help="only queue it for the background worker"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        user = get_user_model().objects.filter(username=opts["user"]).first()
        if user is None:
            raise CommandError(f"No user {opts['user']!r}.")
        try:
            actor = actor_for(user, opts["site"])
            run = self._queue(actor, opts)
        except NotFound as exc:
            raise CommandError(
                f"{opts['user']} may not run forecasts at {opts['site']!r}."
            ) from exc
        except Refused as exc:
            raise CommandError(f"{exc.field}: {exc.message}") from exc
        if not opts["queue"] and run.status == ForecastRun.Status.QUEUED:
            run = actions.forecast_run_compute(run_id=run.pk, on_progress=self._bar)
        self._report(run)

    def _bar(self, percent: int) -> None:
        filled = percent // 4
        end = "\n" if percent >= 100 else ""
        self.stderr.write(f"\r[{'#' * filled}{'.' * (25 - filled)}] {percent:3d}%", ending=end)
        self.stderr.flush()

    def _queue(self, actor: Any, opts: dict[str, Any]) -> ForecastRun:
        return actions.forecast_run_request(
            actor=actor,
            horizon_months=opts["months"],
            paths=opts["paths"],
            seed=opts["seed"],
            enqueue=opts["queue"],
        )

    def _report(self, run: ForecastRun) -> None:
        if run.status == ForecastRun.Status.FAILED:
            raise CommandError(f"Forecast {run.pk} failed: {run.error}")
        if run.status != ForecastRun.Status.DONE:
            self.stdout.write(f"Forecast {run.pk} queued.")
            return
        for o in run.results["outlooks"]:
            self.stdout.write(
                f"{o['name']}: median caseload in {run.results['months'][-1]} "
                f"{o['caseload'][1][-1]:g} (P10 {o['caseload'][0][-1]:g}, "
                f"P90 {o['caseload'][2][-1]:g}); highest P(over cap) {max(o['p_exceed_cap']):.0%}; "
                f"case managers needed {o['case_managers_needed']}"
            )
        self.stdout.write(f"Forecast {run.pk} done.")
