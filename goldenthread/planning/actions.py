"""Writes of the planning area: forecast runs and scenarios. Each checks the actor's
permission, validates, saves in one transaction and writes an audit event."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from goldenthread.access.actor import Actor, NotFound, Refused
from goldenthread.audit.actions import audit_record
from goldenthread.core.models import Membership
from goldenthread.planning import queries, rules
from goldenthread.planning.models import ForecastRun, ReportRun, ReportSettings, Scenario

logger = logging.getLogger(__name__)

MAX_PATHS = 50_000
SCENARIO_FIELDS = (
    "name",
    "cm_delta",
    "caseload_target",
    "referral_factor",
    "extra_referrals_per_month",
    "time_in_program_factor",
)


def forecast_run_request(
    *,
    actor: Actor,
    horizon_months: int = 24,
    paths: int = 10_000,
    seed: int = 0,
    as_of: date | None = None,
    enqueue: bool = True,
) -> ForecastRun:
    """Queue a forecast of the actor's site; a background task computes it (or, with
    ``enqueue=False``, the caller does: the ``forecast`` command, to show its progress)."""
    from goldenthread.planning.tasks import forecast_compute

    actor.require("planning.forecast.run")
    if not 12 <= horizon_months <= 24:
        raise Refused("The horizon must be 12 to 24 months.", field="horizon_months")
    if not 100 <= paths <= MAX_PATHS:
        raise Refused(f"Paths must be between 100 and {MAX_PATHS}.", field="paths")
    if seed < 0:
        raise Refused("The seed must be zero or more.", field="seed")
    today = actor.site.today()
    as_of = as_of or today
    if as_of > today:
        raise Refused("A forecast cannot start in the future.", field="as_of")
    with transaction.atomic():
        run = ForecastRun.objects.create(
            site_id=actor.site_id,
            requested_by=actor.user,
            horizon_months=horizon_months,
            paths=paths,
            seed=seed,
            as_of=as_of,
        )
        audit_record(
            actor=actor,
            action="forecast_run.request",
            obj=run,
            after={"horizon_months": horizon_months, "paths": paths, "seed": seed},
        )
        # The database backend stores the task in this transaction: a worker sees it only
        # once the run exists. The immediate backend (tests) computes it right here.
        if enqueue:
            forecast_compute.enqueue(run.pk)
    run.refresh_from_db()
    return run


def _save_progress(run: ForecastRun, percent: int) -> None:
    run.progress = percent
    ForecastRun.objects.filter(pk=run.pk).update(progress=percent)


def forecast_run_compute(
    *, run_id: int, on_progress: Callable[[int], None] | None = None
) -> ForecastRun:
    """Compute a queued run (called by the background task and the ``forecast`` command).
    Not an actor's action: the request was authorised and audited when it was queued. A
    history that cannot support a forecast ends the run as failed, with the reason."""
    run = ForecastRun.objects.select_related("site").get(pk=run_id)

    def progress(percent: int) -> None:
        _save_progress(run, percent)
        if on_progress is not None:
            on_progress(percent)

    ForecastRun.objects.filter(pk=run.pk).update(
        status=ForecastRun.Status.RUNNING, started_at=timezone.now(), progress=0
    )
    site = run.site
    try:
        inputs = queries.forecast_inputs(
            site.pk, run.as_of, queue_at=_queue_at(run, site.tz), tz=site.tz
        )
        progress(5)
        model = rules.fit_model(inputs.history)
        progress(10)
        scenarios = list(Scenario.objects.filter(site_id=site.pk).order_by("name"))
        cms = queries.case_manager_count(site.pk)
        outlooks = rules.outlooks(
            model,
            [_scenario_rule(s) for s in scenarios],
            case_managers=cms,
            target=site.caseload_target,
            cap=site.caseload_cap,
            months=run.horizon_months,
            paths=run.paths,
            seed=run.seed,
            progress=lambda done, total: progress(10 + int(88 * done / total)),
        )
    except rules.InsufficientHistory as exc:
        ForecastRun.objects.filter(pk=run.pk).update(
            status=ForecastRun.Status.FAILED, error=str(exc), finished_at=timezone.now()
        )
        run.refresh_from_db()
        return run
    start = queries.add_months(queries.month_start(run.as_of), 0)
    run.inputs = {
        **inputs.summary,
        "case_managers": cms,
        "caseload_target": site.caseload_target,
        "caseload_cap": site.caseload_cap,
        "arrivals": [rules.describe_arrivals(f) for f in model.arrivals],
        "arrival_models": [_fit_summary(f) for f in model.arrivals],
        "mean_months_in_program": round(model.survival.mean_months(), 2),
        "median_months_in_program": _round(model.survival.median_months()),
        "history_months": inputs.months,
        "caseload_history": inputs.caseload_history,
    }
    run.results = {
        "months": [
            queries.month_label(queries.add_months(start, i)) for i in range(run.horizon_months)
        ],
        "outlooks": [o.as_dict() for o in outlooks],
    }
    run.status = ForecastRun.Status.DONE
    run.progress = 100
    run.finished_at = timezone.now()
    run.save(update_fields=["inputs", "results", "status", "progress", "finished_at"])
    if on_progress is not None:
        on_progress(100)
    return run


def _queue_at(run: ForecastRun, tz: Any) -> datetime | None:
    """For a forecast as of an earlier day, the end of that day in the site's time zone: the
    queue fed into it is the one that stood then, not today's. None for a forecast as of
    today (today's queue)."""
    if run.as_of >= timezone.localdate(timezone=tz):
        return None
    return datetime.combine(run.as_of + timedelta(days=1), time(), tzinfo=tz)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _fit_summary(fit: rules.ArrivalFit) -> dict[str, Any]:
    return {
        "door": fit.door,
        "family": fit.family,
        "trend": fit.trend,
        "seasonal": fit.seasonal,
        "mean_per_month": round(fit.mean, 2),
        "dispersion_p": _round(fit.dispersion_p),
        "trend_p": _round(fit.trend_p),
        "seasonal_p": _round(fit.seasonal_p),
    }


def _scenario_rule(s: Scenario) -> rules.Scenario:
    return rules.Scenario(
        name=s.name,
        cm_delta=s.cm_delta,
        caseload_target=s.caseload_target,
        referral_factor=s.referral_factor,
        extra_referrals_per_month=s.extra_referrals_per_month,
        time_in_program_factor=s.time_in_program_factor,
    )


def scenario_create(
    *,
    actor: Actor,
    name: str,
    cm_delta: int = 0,
    caseload_target: int | None = None,
    referral_factor: float = 1.0,
    extra_referrals_per_month: float = 0.0,
    time_in_program_factor: float = 1.0,
) -> Scenario:
    """Add a what-if to compare with the baseline in the next forecast run."""
    actor.require("planning.scenario.manage")
    name = name.strip()
    if not name:
        raise Refused("Give the scenario a name.", field="name")
    if name.lower() == "baseline":
        raise Refused(
            "“Baseline” is the forecast without changes; choose another name.", field="name"
        )
    candidate = rules.Scenario(
        name=name,
        cm_delta=cm_delta,
        caseload_target=caseload_target,
        referral_factor=referral_factor,
        extra_referrals_per_month=extra_referrals_per_month,
        time_in_program_factor=time_in_program_factor,
    )
    problems = rules.scenario_problems(
        candidate,
        case_managers=queries.case_manager_count(actor.site_id),
        cap=actor.site.caseload_cap,
    )
    if problems:
        field, message = next(iter(problems.items()))
        raise Refused(message, field=field)
    with transaction.atomic():
        if Scenario.objects.filter(site_id=actor.site_id, name__iexact=name).exists():
            raise Refused("A scenario with that name exists.", field="name")
        scenario = Scenario.objects.create(
            site_id=actor.site_id,
            created_by=actor.user,
            name=name,
            cm_delta=cm_delta,
            caseload_target=caseload_target,
            referral_factor=referral_factor,
            extra_referrals_per_month=extra_referrals_per_month,
            time_in_program_factor=time_in_program_factor,
        )
        audit_record(
            actor=actor,
            action="scenario.create",
            obj=scenario,
            after={f: getattr(scenario, f) for f in SCENARIO_FIELDS},
        )
    return scenario


def scenario_delete(*, actor: Actor, scenario_id: int) -> None:
    """Remove a scenario; past forecast runs keep their results."""
    actor.require("planning.scenario.manage")
    with transaction.atomic():
        scenario = queries.scenario_for(actor, scenario_id)
        before = {f: getattr(scenario, f) for f in SCENARIO_FIELDS}
        audit_record(actor=actor, action="scenario.delete", obj=scenario, before=before)
        scenario.delete()


def report_settings_update(*, actor: Actor, small_cell: int) -> ReportSettings:
    """Set the site's small-cell threshold for the aggregate reports (PM)."""
    actor.require("planning.report.settings")
    problem = rules.small_cell_problem(small_cell)
    if problem:
        raise Refused(problem, field="small_cell")
    with transaction.atomic():
        found = (
            ReportSettings.objects.select_for_update(no_key=True)
            .filter(site_id=actor.site_id)
            .first()
        )
        settings = found or ReportSettings(site_id=actor.site_id)
        before = {"small_cell": settings.small_cell}
        settings.small_cell = small_cell
        settings.save()
        audit_record(
            actor=actor,
            action="report_settings.update",
            obj=settings,
            before=before,
            after={"small_cell": small_cell},
        )
    return settings


def report_run_request(
    *, actor: Actor, params: Mapping[str, str], enqueue: bool = True
) -> ReportRun:
    """Queue a build of the PCG report's PDF with the actor's permissions; a background task
    builds it (``tasks.report_build``) and the actor downloads it when it is ready. The
    filters are the page's (``period`` or ``quarter``, default this quarter; ``region``;
    ``door``): a bad one is refused naming it and nothing is written."""
    from goldenthread.planning.tasks import report_build

    actor.require("planning.report.export")
    today = actor.site.today()
    filters = queries.filters_from(actor, report_params(params, today), today, default_months=3)
    with transaction.atomic():
        run = ReportRun.objects.create(
            site_id=actor.site_id,
            requested_by=actor.user,
            membership=actor.membership,
            as_of=today,
            period=filters.period.label,
            region=filters.region,
            door=filters.door,
        )
        audit_record(actor=actor, action="report_run.request", obj=run, after=run.filters)
        # As for forecasts: the database backend stores the task in this transaction, the
        # immediate backend (tests) builds the PDF right here.
        if enqueue:
            report_build.enqueue(run.pk)
    run.refresh_from_db()
    return run


def report_params(params: Mapping[str, str], today: date) -> dict[str, str]:
    """The report's filter parameters, with this quarter when no period is named."""
    out = {k: str(params.get(k) or "") for k in ("period", "quarter", "region", "door")}
    if not out["period"] and not out["quarter"]:
        year, q = queries.quarter_of(today)
        out["period"] = f"{year}Q{q}"
    return out


def _run_actor(run: ReportRun) -> Actor:
    """The requester as they are now: a membership ended (or moved to another site, or to a
    role without the report) since the request cannot build it."""
    if run.membership_id is None:
        raise Refused("The requester no longer holds a role at this site.", field="requested_by")
    membership = (
        Membership.objects.select_related("user", "site", "agency")
        .filter(
            pk=run.membership_id,
            site_id=run.site_id,
            user_id=run.requested_by_id,
            active=True,
            user__is_active=True,
        )
        .first()
    )
    if membership is None:
        raise Refused("The requester no longer holds a role at this site.", field="requested_by")
    actor = Actor(user=membership.user, membership=membership, via="task")
    if not actor.can("planning.report.export"):
        raise Refused("The requester's role no longer reads the PCG report.", field="requested_by")
    return actor


def report_run_build(
    *, run_id: int, on_progress: Callable[[int, str], None] | None = None
) -> ReportRun:
    """Build a queued report (called by the background task). Not an actor's action: the
    request was authorised and audited when it was queued, and the report is built with the
    requester's permissions as they are now. A failure ends the run with the reason."""
    from goldenthread.planning.pdf import pcg_report_pdf

    run = ReportRun.objects.get(pk=run_id)
    ReportRun.objects.filter(pk=run.pk).update(
        status=ReportRun.Status.RUNNING, started_at=timezone.now(), progress=0
    )

    def progress(percent: int, what: str) -> None:
        ReportRun.objects.filter(pk=run.pk).update(progress=min(percent, 99), step=what[:60])
        if on_progress is not None:
            on_progress(percent, what)

    try:
        actor = _run_actor(run)
        filters = queries.filters_from(actor, run.filters, run.as_of, default_months=3)
        data, pdf = pcg_report_pdf(actor, run.as_of, filters, on_progress=progress)
    except (Refused, NotFound) as exc:
        return _report_failed(run, getattr(exc, "message", "") or "Not allowed.")
    except Exception:  # the reason goes to the log; the run says only that it failed
        logger.exception("PCG report run %s failed", run.pk)
        return _report_failed(run, "The report could not be built; try again or ask for help.")
    run.filename = f"pcg-report-{actor.site.slug}-{data['quarter']}-{run.pk}.pdf"
    run.file.save(run.filename, ContentFile(pdf), save=False)
    run.size = len(pdf)
    run.sha256 = hashlib.sha256(pdf).hexdigest()
    run.status = ReportRun.Status.SUCCEEDED
    run.progress = 100
    run.step = "ready"
    run.finished_at = timezone.now()
    run.save(
        update_fields=[
            "file",
            "filename",
            "size",
            "sha256",
            "status",
            "progress",
            "step",
            "finished_at",
        ]
    )
    return run


def _report_failed(run: ReportRun, reason: str) -> ReportRun:
    ReportRun.objects.filter(pk=run.pk).update(
        status=ReportRun.Status.FAILED, error=reason, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run
