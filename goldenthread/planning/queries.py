"""Reads of the planning area, always for the actor's site and what its role may see.

Nothing here returns a participant's identity: planning works on counts and durations.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from goldenthread.access.actor import Actor, NotFound, Refused
from goldenthread.access.policy import Category
from goldenthread.audit import queries as audit_queries
from goldenthread.audit.actions import access_record
from goldenthread.casework import queries as casework_queries
from goldenthread.casework import rules as casework_rules
from goldenthread.core.compiled import Compiled, Steps, run_steps, site_count
from goldenthread.core.formats import user_label
from goldenthread.core.models import Membership, Participant
from goldenthread.core.roles import Role
from goldenthread.evaluation import queries as evaluation_queries
from goldenthread.governance import queries as governance_queries
from goldenthread.legal import queries as legal_queries
from goldenthread.legalservices import queries as legalservices_queries
from goldenthread.planning import rules
from goldenthread.planning.models import ForecastRun, ReportRun, ReportSettings, Scenario
from goldenthread.referrals import queries as referral_queries

IN_PROGRAM = ("enrolled", "active", "inactive")
ENDED = ("exited", "terminated")


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_label(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


@dataclass(frozen=True)
class ForecastInputs:
    """The plain-data history of a site and a summary of where it came from."""

    history: rules.History
    first_month: date
    months: list[str]
    caseload_history: list[int]
    summary: dict[str, object]


def forecast_inputs(
    site_id: int, as_of: date, *, tz: tzinfo, queue_at: datetime | None = None
) -> ForecastInputs:
    """The site's history up to the end of the month before ``as_of``, as plain data.

    Arrivals are the site's referrals per door per month, and each door converts at its
    referrals' enrolled ÷ decided (enrolled, ineligible, declined or intake expired), both from
    ``referrals.queries.counts_by_door_month_state`` (one grouped query). A site with no
    referrals falls back to its enrollments (door "unknown", conversion 1) and the summary's
    note says so. Time in program runs from enrollment to exit; anyone still enrolled at
    ``as_of`` is right-censored there. The capacity queue is demand at the start: today's
    (``referrals.queries.waiting_by_door``), or, for a forecast as of an earlier day, the queue
    as it stood at ``queue_at`` (the end of that day: ``waiting_by_door_at``, from the
    referrals' recorded history). Referrals fall in the months of the site's time zone,
    ``tz``. Three queries."""
    end = month_start(as_of)  # the history stops before the current, partial month
    rows = list(
        Participant.objects.filter(site_id=site_id, enrolled_on__lt=end)
        .values_list("enrolled_on", "exited_on", "state")
        .order_by()
    )
    referral_counts = referral_queries.counts_by_door_month_state(site_id, before=end, tz=tz)
    if referral_counts:
        first = min(month for _, month, _, _ in referral_counts)
    elif rows:
        first = month_start(min(r[0] for r in rows))
    else:
        first = add_months(end, -rules.MIN_MONTHS)
    n_months = (end.year - first.year) * 12 + end.month - first.month
    durations: list[float] = []
    exited: list[bool] = []
    enrollments = [0] * n_months
    for enrolled_on, exited_on, state in rows:
        index = (enrolled_on.year - first.year) * 12 + enrolled_on.month - first.month
        if index >= 0:
            enrollments[index] += 1
        ended = state in ENDED and exited_on is not None and exited_on < end
        stop = exited_on if ended and exited_on is not None else end
        durations.append(max((stop - enrolled_on).days, 0) / rules.DAYS_PER_MONTH)
        exited.append(ended)
    in_program = [r for r, e in zip(rows, exited, strict=True) if not e]
    inactive = sum(1 for r in in_program if r[2] == "inactive")
    month_starts = [add_months(first, i) for i in range(n_months)]
    caseload_history = [
        sum(
            1
            for enrolled_on, exited_on, _ in rows
            if enrolled_on < add_months(m, 1)
            and (exited_on is None or exited_on >= add_months(m, 1))
        )
        for m in month_starts[-12:]
    ]
    summary: dict[str, object] = {
        "first_month": month_label(first),
        "last_month": month_label(add_months(end, -1)),
        "months": n_months,
        "enrollments": len(rows),
        "exits": sum(exited),
        "still_enrolled": len(in_program),
        "inactive": inactive,
    }
    queue_when = f"at the end of {as_of.isoformat()}" if queue_at is not None else "today"
    if referral_counts:
        arrivals, doors = rules.referral_history(
            [
                (door, _month_index(first, month), state, n)
                for door, month, state, n in referral_counts
            ],
            n_months,
        )
        conversions = {door: (d.enrolled, d.decided) for door, d in doors.items()}
        intake = {
            door: (d.enrolled, d.decided - (d.screened - d.passed)) for door, d in doors.items()
        }
        summary |= {
            "source": "referrals",
            "note": (
                "Arrivals are this site's referrals per door and month; each door converts at "
                "its referrals' enrolled ÷ decided (screening, then intake). Those waiting in "
                f"the capacity queue {queue_when} are demand now, enrolling at their door's "
                "intake conversion."
            ),
            "referrals": sum(d.referred for d in doors.values()),
            "doors": {door: d.as_dict() for door, d in doors.items()},
        }
    else:
        arrivals = {rules.UNKNOWN_DOOR: enrollments}
        conversions = {}
        intake = {}
        summary |= {
            "source": "enrollments",
            "note": (
                "This site has no referrals recorded: arrivals are its enrollments (door "
                "unknown, conversion 1)."
            ),
        }
    waiting = (
        referral_queries.waiting_by_door_at(site_id, queue_at)
        if queue_at is not None
        else referral_queries.waiting_by_door(site_id)
    )
    queued = {w.door: w.waiting for w in waiting}
    summary["queue"] = {
        w.door: {"waiting": w.waiting, "median_days": w.median_days, "longest_days": w.longest_days}
        for w in waiting
    }
    history = rules.History(
        queued=queued,
        intake=intake,
        arrivals=arrivals,
        durations=durations,
        exited=exited,
        start_month=first.month,
        conversions=conversions,
        inactive=inactive,
        enrolled=len(in_program),
    )
    return ForecastInputs(
        history, first, [month_label(m) for m in month_starts[-12:]], caseload_history, summary
    )


def _month_index(first: date, month: date) -> int:
    return (month.year - first.year) * 12 + month.month - first.month


def case_manager_count(site_id: int) -> int:
    return Membership.objects.filter(site_id=site_id, role=Role.CM, active=True).count()


# --- the capacity page ---------------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadRow:
    name: str
    username: str
    caseload: int
    active: int
    inactive: int
    # Against the site's target and cap (casework.rules.caseload_level): "over", "high", "ok".
    level: str


# Read on every dashboard view, kept compiled (core.compiled, ADR 15), in two queries run
# together: the site's active case managers by name ((user id, first name, last name, user
# name)), and each case manager's participants at the site by state ((user id, active,
# inactive, enrolled)), counted by case manager before any join. One query grouping the joined
# rows by name sorted every participant of the site (3.7 ms of PostgreSQL's at 2,000).
_CM_NAMES: Compiled[tuple[int, str, str, str]] = Compiled(
    lambda site_id: (
        Membership.objects.filter(site_id=site_id, role=Role.CM, active=True)
        .order_by("user__last_name", "user__username")
        .values_list("user_id", "user__first_name", "user__last_name", "user__username")
    )
)
_CM_COUNTS: Compiled[tuple[int, int, int, int]] = Compiled(
    lambda site_id: (
        Participant.objects.filter(site_id=site_id, case_manager_id__isnull=False)
        .order_by()
        .values("case_manager_id")
        .annotate(
            n_active=Count("pk", filter=Q(state="active")),
            n_inactive=Count("pk", filter=Q(state="inactive")),
            n_enrolled=Count("pk", filter=Q(state="enrolled")),
        )
        .values_list("case_manager_id", "n_active", "n_inactive", "n_enrolled")
    )
)


def caseload_by_case_manager(actor: Actor) -> list[CaseloadRow]:
    """Each case manager's caseload (active and inactive) against the site's target and cap.
    Staff names only, no participant's; one query."""
    return run_steps(caseload_by_case_manager_steps(actor))


def caseload_by_case_manager_steps(actor: Actor) -> Steps[list[CaseloadRow]]:
    """``caseload_by_case_manager`` as steps (core.compiled): its kept query beside others."""
    actor.require("planning.capacity.view")
    names, counts = yield (
        _CM_NAMES.bind(site_id=actor.site_id),
        _CM_COUNTS.bind(site_id=actor.site_id),
    )
    site = actor.site
    by_cm = {user_id: rest for user_id, *rest in counts}
    out = []
    for user_id, first_name, last_name, username in names:
        n_active, n_inactive, n_enrolled = by_cm.get(user_id, (0, 0, 0))
        caseload = n_active + n_inactive + n_enrolled
        out.append(
            CaseloadRow(
                name=user_label(first_name, last_name, username),
                username=username,
                caseload=caseload,
                active=n_active + n_enrolled,
                inactive=n_inactive,
                level=casework_rules.caseload_level(
                    caseload, site.caseload_target, site.caseload_cap
                ),
            )
        )
    return out


def state_counts(site_id: int, filters: rules.Filters | None = None) -> dict[str, int]:
    """Participants per state at the site (those enrolled through a referral of the filters'
    region or door, when they name one); one query."""
    rows = (
        _per_state(_filtered_participants(site_id, filters))
        if filters is not None
        else _STATE_COUNTS(site_id=site_id)
    )
    return _state_counts(rows)


def _state_counts(rows: Any) -> dict[str, int]:
    counts = dict.fromkeys(("enrolled", "active", "inactive", "exited", "terminated"), 0)
    for row in rows:
        counts[row["state"]] = row["n"]
    return counts


def _per_state(people: QuerySet[Participant]) -> QuerySet[Any]:
    return people.order_by().values("state").annotate(n=Count("id"))


# The dashboard's and the PCG report's fixed reads, kept compiled (ADR 15).
_STATE_COUNTS: Compiled[dict[str, Any]] = Compiled(
    lambda site_id: _per_state(Participant.objects.filter(site_id=site_id))
)
_UNASSIGNED: Compiled[int] = Compiled(
    lambda site_id: site_count(
        Participant.objects.filter(site_id=site_id, state__in=IN_PROGRAM, case_manager__isnull=True)
    )
)


def unassigned_count(site_id: int) -> int:
    return sum(_UNASSIGNED(site_id=site_id))


def unassigned_count_steps(site_id: int) -> Steps[int]:
    """``unassigned_count`` as steps (core.compiled)."""
    (counts,) = yield (_UNASSIGNED.bind(site_id=site_id),)
    return sum(counts)


def state_counts_steps(site_id: int) -> Steps[dict[str, int]]:
    """``state_counts`` of the whole site (no filters) as steps (core.compiled)."""
    (rows,) = yield (_STATE_COUNTS.bind(site_id=site_id),)
    return _state_counts(rows)


# --- forecasts and scenarios ---------------------------------------------------------------


def forecast_runs_for(actor: Actor) -> QuerySet[ForecastRun]:
    actor.require("planning.capacity.view")
    return ForecastRun.objects.filter(site_id=actor.site_id).select_related("requested_by")


def forecast_run_for(actor: Actor, run_id: int) -> ForecastRun:
    """One run of the actor's site, or the same 404 as a missing one."""
    run = forecast_runs_for(actor).filter(pk=run_id).first()
    if run is None:
        raise NotFound()
    return run


def report_runs_for(actor: Actor) -> QuerySet[ReportRun]:
    """The PCG report builds the actor may see: their own, and, for the PM (who holds every
    permission a section of the report reads), every build at the site. Another site's
    builds, and other people's for any other role, are not there (404)."""
    actor.require("planning.report.export")
    qs = ReportRun.objects.filter(site_id=actor.site_id).select_related("requested_by")
    if not actor.can("planning.report.settings"):
        qs = qs.filter(requested_by_id=actor.user_id)
    return qs


def report_run_for(actor: Actor, run_id: int) -> ReportRun:
    run = report_runs_for(actor).filter(pk=run_id).first()
    if run is None:
        raise NotFound()
    return run


def report_run_file(actor: Actor, run_id: int, *, path: str = "") -> ReportRun:
    """A built report to download: one the actor may see and that is ready (404 otherwise).
    The download is in the access log (the report is aggregates, but a file leaving the
    system is recorded)."""
    run = report_run_for(actor, run_id)
    if run.status != ReportRun.Status.SUCCEEDED or not run.file:
        raise NotFound()
    access_record(
        actor=actor,
        subject=run,
        categories=[Category.AGGREGATES],
        purpose=f"PCG report {run.pk} download",
        path=path,
    )
    return run


_LATEST_FORECAST: Compiled[ForecastRun] = Compiled(
    lambda site_id: ForecastRun.objects.filter(
        site_id=site_id, status=ForecastRun.Status.DONE
    ).order_by("-finished_at", "-id")[:1]
)


def latest_forecast(site_id: int) -> ForecastRun | None:
    found = _LATEST_FORECAST(site_id=site_id)
    return found[0] if found else None


def latest_forecast_steps(site_id: int) -> Steps[ForecastRun | None]:
    """``latest_forecast`` as steps (core.compiled): its kept query beside others."""
    (found,) = yield (_LATEST_FORECAST.bind(site_id=site_id),)
    return found[0] if found else None


# The dashboard lists the site's newest runs.
RECENT_RUNS = 5
_RECENT_RUNS: Compiled[ForecastRun] = Compiled(
    lambda site_id: ForecastRun.objects.filter(site_id=site_id).select_related("requested_by")[
        :RECENT_RUNS
    ]
)


def recent_forecast_runs(actor: Actor) -> list[ForecastRun]:
    """The newest RECENT_RUNS of ``forecast_runs_for``."""
    actor.require("planning.capacity.view")
    return _RECENT_RUNS(site_id=actor.site_id)


def recent_forecast_runs_steps(actor: Actor) -> Steps[list[ForecastRun]]:
    """``recent_forecast_runs`` as steps (core.compiled)."""
    actor.require("planning.capacity.view")
    (runs,) = yield (_RECENT_RUNS.bind(site_id=actor.site_id),)
    return runs


def scenarios_for(actor: Actor) -> QuerySet[Scenario]:
    actor.require("planning.capacity.view")
    return Scenario.objects.filter(site_id=actor.site_id)


_SCENARIOS: Compiled[Scenario] = Compiled(lambda site_id: Scenario.objects.filter(site_id=site_id))


def scenario_list(actor: Actor) -> list[Scenario]:
    """``scenarios_for``, read."""
    actor.require("planning.capacity.view")
    return _SCENARIOS(site_id=actor.site_id)


def scenario_list_steps(actor: Actor) -> Steps[list[Scenario]]:
    """``scenario_list`` as steps (core.compiled)."""
    actor.require("planning.capacity.view")
    (scenarios,) = yield (_SCENARIOS.bind(site_id=actor.site_id),)
    return scenarios


def scenario_for(actor: Actor, scenario_id: int) -> Scenario:
    scenario = scenarios_for(actor).filter(pk=scenario_id).first()
    if scenario is None:
        raise NotFound()
    return scenario


# --- filters and report settings ---------------------------------------------------------


def report_settings(site_id: int) -> ReportSettings:
    """The site's report settings; the defaults until the PM saves them."""
    found = ReportSettings.objects.filter(site_id=site_id).first()
    return found or ReportSettings(site_id=site_id)


def regions_of(site_id: int) -> list[str]:
    """The OWG regions a filter may name: the areas recorded on the site's referrals."""
    return referral_queries.areas_of(site_id)


def regions_of_steps(site_id: int) -> Steps[list[str]]:
    """``regions_of`` as steps (core.compiled)."""
    return (yield from referral_queries.areas_of_steps(site_id))


def filters_from(
    actor: Actor, params: Any, today: date, *, default_months: int = 12
) -> rules.Filters:
    """The ``period``, ``region`` and ``door`` parameters of a page or API call, validated; a
    bad one is refused naming the parameter (422). ``quarter`` is the period's older name."""
    values = {k: params.get(k) or "" for k in ("period", "region", "door")}
    try:
        if not values["period"] and params.get("quarter"):
            # The older parameter keeps its own name and messages.
            year, q = rules.parse_quarter(params["quarter"], quarter_of(today))
            values["period"] = f"{year}Q{q}"
        # Only ask the database for the regions when one is named.
        regions = regions_of(actor.site_id) if values["region"].strip() else []
        return rules.parse_filters(values, today, regions=regions, default_months=default_months)
    except rules.FilterError as exc:
        raise Refused(exc.message, field=exc.field) from exc


# --- the PCG report ------------------------------------------------------------------------


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _filtered_participants(site_id: int, filters: rules.Filters) -> QuerySet[Participant]:
    qs = Participant.objects.filter(site_id=site_id)
    if filters.region or filters.door:
        qs = qs.filter(
            pk__in=referral_queries.enrolled_through(
                site_id, area=filters.region, door=filters.door
            )
        )
    return qs


def _narrowed_to(site_id: int, filters: rules.Filters, field: str) -> QuerySet[Any] | None:
    """The ids (``"pk"``: participants; ``"person_id"``: their people) of the participants
    enrolled through a referral of the filters' region or door, as a subquery for another
    area's counts; None when the filters name neither (no narrowing)."""
    if not (filters.region or filters.door):
        return None
    return _filtered_participants(site_id, filters).values(field)


def _referral_counts(
    site_id: int, filters: rules.Filters, tz: tzinfo
) -> list[tuple[str, str, str, int]]:
    return referral_queries.counts_by_area_door_state(
        site_id,
        tz=tz,
        since=filters.period.start,
        before=filters.period.end,
        area=filters.region,
        door=filters.door,
    )


def pcg_report(
    actor: Actor,
    today: date,
    quarter: str | None = None,
    *,
    filters: rules.Filters | None = None,
) -> dict[str, object]:
    """The aggregate report the PM brings the PCG, which PCG, CLT members and evaluators may
    also read: counts only, cells under the site's threshold suppressed, no participant named.
    A fixed number of queries whatever the size of the site.

    ``filters`` (or ``quarter``, "2026Q3") choose the period, default this quarter; the
    quarterly table ends with the period's last quarter, and enrollments, exits, referrals,
    decisions and the budget year are those of the period. Region and door narrow the
    referral and participant counts (participants through the referral that enrolled them)."""
    actor.require("planning.report.view")
    if filters is None:
        year, q = quarter_of(today)
        params = {"quarter": quarter} if quarter else {"period": f"{year}Q{q}"}
        filters = filters_from(actor, params, today)
    period = filters.period
    last_day = period.end - timedelta(days=1)
    this_quarter = min(quarter_of(last_day), quarter_of(today))
    site = actor.site
    cell = report_settings(site.pk).small_cell

    def hide(n: int) -> str:
        return rules.suppress(n, cell)

    states = state_counts(site.pk, filters)
    rows = list(
        _filtered_participants(site.pk, filters).order_by().values_list("enrolled_on", "exited_on")
    )
    quarters: list[tuple[int, int]] = []
    year, q = this_quarter
    for _ in range(4):
        quarters.insert(0, (year, q))
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    per_quarter = []
    for year, q in quarters:
        enrolled = sum(1 for e, _ in rows if quarter_of(e) == (year, q))
        exits = sum(1 for _, x in rows if x is not None and quarter_of(x) == (year, q))
        per_quarter.append(
            {"quarter": f"{year}Q{q}", "enrolled": hide(enrolled), "exited": hide(exits)}
        )
    in_period = sum(1 for e, _ in rows if period.start <= e < period.end)
    exited_in_period = sum(1 for _, x in rows if x is not None and period.start <= x < period.end)
    in_program = states["enrolled"] + states["active"] + states["inactive"]
    cms = case_manager_count(site.pk)
    caseloads = [
        c["n"]
        for c in Participant.objects.filter(
            site_id=site.pk, state__in=IN_PROGRAM, case_manager__isnull=False
        )
        .order_by()
        .values("case_manager")
        .annotate(n=Count("id"))
    ]
    run = latest_forecast(site.pk)
    referral_rows = _referral_counts(site.pk, filters, site.tz)
    return {
        "site": site.name,
        "as_of": today.isoformat(),
        "quarter": f"{this_quarter[0]}Q{this_quarter[1]}",
        "period": {
            "label": period.label or f"{period.start} to {last_day}",
            "start": period.start.isoformat(),
            "end": last_day.isoformat(),
        },
        "filters": filters.query(),
        "region": filters.region or "all",
        "door": filters.door or "all",
        "small_cell": cell,
        "states": {k: hide(v) for k, v in states.items()},
        "in_program": hide(in_program),
        "inactive_share": (
            round(100 * states["inactive"] / in_program) if in_program >= cell else None
        ),
        "enrolled_in_period": hide(in_period),
        "exited_in_period": hide(exited_in_period),
        "quarters": per_quarter,
        "referrals": referral_tables(referral_rows, cell),
        "queue": queue_summary(site.pk, cell, door=filters.door),
        "case_managers": cms,
        "caseload_target": site.caseload_target,
        "caseload_cap": site.caseload_cap,
        "average_caseload": round(in_program / cms, 1) if cms else None,
        "highest_caseload": max(caseloads, default=0),
        "over_cap": sum(1 for c in caseloads if c > site.caseload_cap),
        "unassigned": hide(unassigned_count(site.pk)),
        "forecast": forecast_summary(run) if run is not None else None,
        "budget": budget_section(actor, period),
        "governance": governance_section(actor, period, today),
        "reviews": (
            {
                k: hide(n)
                for k, n in legal_queries.review_counts(
                    actor,
                    since=period.start,
                    before=period.end,
                    people=_narrowed_to(site.pk, filters, "person_id"),
                ).items()
            }
            if actor.can("legal.review")
            else None
        ),
        "data_quality": data_quality_section(site, today, referral_rows, cell),
    }


def referral_tables(rows: list[tuple[str, str, str, int]], cell: int) -> dict[str, object]:
    """Referrals in the period by door and outcome and by region, small cells suppressed."""
    by_door: dict[str, dict[str, int]] = {}
    by_region: dict[str, int] = {}
    for area, door, state, n in rows:
        by_door.setdefault(door, {}).setdefault(state, 0)
        by_door[door][state] += n
        key = area or "not recorded"
        by_region[key] = by_region.get(key, 0) + n
    return {
        "total": rules.suppress(sum(n for *_, n in rows), cell),
        "by_door": {
            door: {s: rules.suppress(n, cell) for s, n in sorted(states.items())}
            for door, states in sorted(by_door.items())
        },
        "by_region": {k: rules.suppress(n, cell) for k, n in sorted(by_region.items())},
    }


def queue_summary(site_id: int, cell: int, *, door: str = "") -> dict[str, object]:
    """The referrals area's capacity queue per door: how many wait and for how long. The
    waits of a door with fewer than ``cell`` people waiting are left out with its count."""
    doors = [d for d in referral_queries.waiting_by_door(site_id) if not door or d.door == door]
    return {
        "waiting": rules.suppress(sum(d.waiting for d in doors), cell),
        "doors": [
            {
                "door": d.door,
                "waiting": rules.suppress(d.waiting, cell),
                "median_days": d.median_days if d.waiting >= cell else None,
                "longest_days": d.longest_days if d.waiting >= cell else None,
            }
            for d in doors
        ],
    }


def budget_section(actor: Actor, period: rules.Period) -> dict[str, object] | None:
    """The governance budget of the period's last year: planned against actual per category
    and per funding source (governance.queries; two queries). None when the actor's role may
    not read governance, ``{"year": ..., "missing": True}`` when no budget is recorded."""
    if not actor.can("governance.view"):
        return None
    year = (period.end - timedelta(days=1)).year
    try:  # the site's governance settings decide which roles see budgets
        budgets = governance_queries.budgets_for(actor)
    except NotFound:
        return None
    budget_id = budgets.filter(year=year).values_list("pk", flat=True).first()
    if budget_id is None:
        return {"year": year, "missing": True}
    # budget_for gives each line its actual, from casework's ledger where the line is linked.
    found = governance_queries.budget_for(actor, budget_id)
    by_category, by_source = governance_queries.budget_vs_actual(found)

    def lines(totals: dict[str, tuple[int, int]]) -> list[dict[str, object]]:
        return [
            {"name": k, "planned": p, "actual": a, "left": p - a}
            for k, (p, a) in sorted(totals.items())
        ]

    planned = sum(p for p, _ in by_category.values())
    actual = sum(a for _, a in by_category.values())
    return {
        "year": year,
        "missing": False,
        "approved": found.approved_by_id is not None,
        "planned": planned,
        "actual": actual,
        "by_category": lines(by_category),
        "by_source": lines(by_source),
    }


def governance_section(actor: Actor, period: rules.Period, today: date) -> dict[str, object] | None:
    """Decisions made in the period (date, body, summary) and the open action items
    (governance.queries; two queries). None when the role may not read governance."""
    if not actor.can("governance.view"):
        return None
    decisions = (
        governance_queries.decisions_for(actor)
        .filter(decided_on__gte=period.start, decided_on__lt=period.end)
        .order_by("decided_on", "id")
    )
    open_items, overdue = governance_queries.open_action_counts(actor, due_before=today)
    return {
        "decisions": [
            {"on": d.decided_on.isoformat(), "body": d.body.name, "summary": d.summary}
            for d in decisions
        ],
        "open_actions": open_items,
        "overdue_actions": overdue,
    }


def data_quality_section(
    site: Any, today: date, referral_rows: list[tuple[str, str, str, int]], cell: int
) -> dict[str, object]:
    """What the PCG should know about the data behind the figures: participants in program
    without a recent monthly status, without a recent contact (stale), without an open goal
    or a case manager (casework.queries.record_gaps, one query), and referrals in the period
    with no region recorded. Counts, small cells suppressed."""
    gaps = casework_queries.record_gaps(site.pk, today, site.inactive_after_days, site.tz)
    no_area = sum(n for area, *_, n in referral_rows if not area)
    return {
        "in_program": rules.suppress(gaps.in_program, cell),
        "status_missing": rules.suppress(gaps.status_missing, cell),
        "status_every_days": gaps.status_every_days,
        "no_recent_contact": rules.suppress(gaps.no_recent_contact, cell),
        "contact_within_days": gaps.contact_within_days,
        "no_open_goal": rules.suppress(gaps.no_open_goal, cell),
        "no_case_manager": rules.suppress(gaps.no_case_manager, cell),
        "referrals_without_region": rules.suppress(no_area, cell),
    }


def community_view(actor: Actor, filters: rules.Filters, today: date) -> dict[str, object]:
    """The CLT's community-level view (CLT members, and every role that reads the PCG
    report): referrals by region and by door and outcome in the period, participants in
    program, enrollments and exits, the capacity queue and the governance decisions made.
    Aggregates only, no record of a person, small cells suppressed at the site's threshold.
    A fixed number of queries."""
    actor.require("planning.report.view")
    cell = report_settings(actor.site_id).small_cell
    period = filters.period
    rows = _referral_counts(actor.site_id, filters, actor.site.tz)
    states = state_counts(actor.site_id, filters)
    people = list(
        _filtered_participants(actor.site_id, filters)
        .order_by()
        .values_list("enrolled_on", "exited_on")
    )
    in_program = states["enrolled"] + states["active"] + states["inactive"]
    decisions = None
    if actor.can("governance.view"):
        decisions = (
            governance_queries.decisions_for(actor)
            .filter(decided_on__gte=period.start, decided_on__lt=period.end)
            .order_by()
            .values_list("body__name")
            .annotate(n=Count("id"))
            .order_by("body__name")
        )
    return {
        "site": actor.site.name,
        "period": {
            "label": period.label or "the last twelve months",
            "start": period.start.isoformat(),
            "end": (period.end - timedelta(days=1)).isoformat(),
        },
        "filters": filters.query(),
        "small_cell": cell,
        "referrals": referral_tables(rows, cell),
        "in_program": rules.suppress(in_program, cell),
        "active": rules.suppress(states["enrolled"] + states["active"], cell),
        "inactive": rules.suppress(states["inactive"], cell),
        "enrolled": rules.suppress(
            sum(1 for e, _ in people if period.start <= e < period.end), cell
        ),
        "exited": rules.suppress(
            sum(1 for _, x in people if x is not None and period.start <= x < period.end), cell
        ),
        "queue": queue_summary(actor.site_id, cell, door=filters.door),
        "decisions": [(body, n) for body, n in decisions] if decisions is not None else None,
    }


def forecast_summary(run: ForecastRun) -> dict[str, object] | None:
    """Key figures of a finished run, per scenario: median caseload in 12 months, probability
    of exceeding the cap then, and the case managers needed."""
    outlooks = run.results.get("outlooks") or []
    if not outlooks:
        return None
    at = min(12, run.horizon_months) - 1
    return {
        "run_id": run.pk,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "month": run.results["months"][at],
        "scenarios": [
            {
                "name": o["name"],
                "case_managers": o["case_managers"],
                "target": o["target"],
                "caseload_p50": o["caseload"][1][at],
                "caseload_p90": o["caseload"][2][at],
                "p_exceed_cap": o["p_exceed_cap"][at],
                "waitlist_p50": o["waitlist_p50"][at],
                "case_managers_needed": o["case_managers_needed"],
            }
            for o in outlooks
        ],
    }


# --- the PM's dashboard: the other areas' aggregates, each through its own queries ----------


@dataclass(frozen=True)
class Panels:
    """What the dashboard shows beyond caseloads, each None when the actor's role may not
    read it: counts only, no participant named. ``since``/``until`` bound the period (until
    excluded); ``filters`` are those the PM chose."""

    since: date
    referrals: dict[str, dict[str, int]] | None
    contacts: list[tuple[date, int, int]] | None
    flex_by_pool: list[tuple[str, float, int]] | None
    legal_services: dict[str, dict[str, int]] | None
    reviews: dict[str, int] | None
    decisions: list[tuple[str, int]] | None
    until: date | None = None
    filters: rules.Filters | None = None
    flex_by_category: list[tuple[str, float, int]] | None = None
    days_to_intake: dict[str, list[int]] | None = None
    legal_events: list[tuple[date, str, int]] | None = None
    small_cell: int = 5


# How long the dashboard's panels are kept at most (each group is dropped at once by a write
# it depends on: see dashboard_panels_kept).
PANELS_KEPT_SECONDS = 300


def _kept_key(*identity: Any) -> str:
    return "planning.panels." + hashlib.sha256(repr(identity).encode()).hexdigest()


def dashboard_panels_kept(
    actor: Actor, today: date, write: Callable[[Panels], str], *, filters: rules.Filters | None
) -> str:
    """``dashboard_panels_kept_steps``, run."""
    return run_steps(dashboard_panels_kept_steps(actor, today, write, filters=filters))


def dashboard_panels_kept_steps(
    actor: Actor, today: date, write: Callable[[Panels], str], *, filters: rules.Filters | None
) -> Steps[str]:
    """``dashboard_panels`` as the page shows them (``write(panels)``: charts and tables),
    kept in the cache for this user, day and filters: each group of panels
    (``rules.PANEL_GROUPS``) while nothing it reads has been written, and the written page
    while no group has changed. A group's version (``rules.panel_versions``) is the audit
    chain's position of the last write of a kind it reads (``audit.queries.object_versions``),
    which every action moves in the transaction of its write, so a write made before this read
    began is always seen. The versions are read before the panels, so panels read after a later
    write are kept under the older version and never outlive it. At national scale the panels
    are half the dashboard's time (nine grouped queries over the year); under the bench's load,
    with a write every few requests, a contact logged since reads the contacts again and not
    the other eight (ADR 19)."""
    actor.require("planning.capacity.view")  # on a kept answer too, as dashboard_panels does
    narrowed = bool(filters and (filters.region or filters.door))
    heads = yield from audit_queries.object_versions_steps(actor.site_id)
    versions = rules.panel_versions(heads, narrowed=narrowed)
    identity = (actor.site_id, actor.user.pk, str(actor.role), today, filters)
    key = _kept_key(*identity, sorted(versions.items()))
    html: str | None = cache.get(key)
    if html is not None:
        return html
    group_keys = {name: _kept_key(*identity, name, v) for name, v in versions.items()}
    found = cache.get_many(list(group_keys.values()))
    fields: dict[str, Any] = {}
    missing = []
    for name, group_key in group_keys.items():
        if group_key in found:
            fields.update(found[group_key])
        else:
            missing.append(name)
    if missing:
        fresh = dashboard_panels(actor, today, filters=filters, groups=missing)
        read = {
            group_keys[name]: {f: getattr(fresh, f) for f in rules.PANEL_GROUPS[name].fields}
            for name in missing
        }
        for values in read.values():
            fields.update(values)
        cache.set_many(read, PANELS_KEPT_SECONDS)
    period = _panels_filters(today, 12, filters)
    panels = Panels(since=period.period.start, until=period.period.end, filters=period, **fields)
    html = write(panels)
    cache.set(key, html, PANELS_KEPT_SECONDS)
    return html


def _panels_filters(today: date, months: int, filters: rules.Filters | None) -> rules.Filters:
    """The filters the panels are read with: the given ones, or the last ``months`` months."""
    if filters is not None:
        return filters
    start = add_months(month_start(today), -(months - 1))
    return rules.Filters(rules.Period(start, add_months(month_start(today), 1), ""))


def dashboard_panels(
    actor: Actor,
    today: date,
    months: int = 12,
    *,
    filters: rules.Filters | None = None,
    groups: Collection[str] | None = None,
) -> Panels:
    """The PM's aggregates from the merged areas over the filters' period (default the last
    ``months`` months), each through its area's queries and each dated by its own event:
    referrals by door and outcome and time to intake (referrals), contacts per month and
    flex-fund spend by pool and by category (casework: the contact's and the ledger entry's
    date), legal-services outcomes and statuses (legalservices: the day achieved or reached),
    Golden Rule reviews (legal: the day reviewed, or flagged while open), participants' legal
    events (evaluation) and governance decisions (governance: the day decided). Region and
    door narrow every panel about participants to those enrolled through a referral of that
    region or door (a subquery, ``_filtered_participants``); they do not apply to the
    governing bodies' decisions. A fixed number of grouped queries, whatever the site's size.
    ``groups`` (of ``rules.PANEL_GROUPS``) reads only those groups' panels; the others are None."""
    actor.require("planning.capacity.view")
    filters = _panels_filters(today, months, filters)
    since, until = filters.period.start, filters.period.end

    def wanted(group: str) -> bool:
        return groups is None or group in groups

    participants = _narrowed_to(actor.site_id, filters, "pk")
    persons = _narrowed_to(actor.site_id, filters, "person_id")
    legal_services = None
    if wanted("legal_services") and actor.can("legalservices.report"):
        outcomes, statuses = legalservices_queries.outcome_and_status_counts(
            actor, since=since, before=until, people=participants
        )
        legal_services = {
            "outcomes": {k: n for k, n in outcomes.items() if n},
            "status": statuses,
        }
    flex = by_category = None
    if wanted("flex") and actor.can("casework.flex.ledger"):
        ledger = casework_queries.ledger_report(
            actor, by="pool", since=since, before=until, people=participants, with_pools=False
        )
        flex = [(label, float(total), n) for label, total, n in ledger.rows]
        ledger = casework_queries.ledger_report(
            actor,
            by="category",
            since=since,
            before=until,
            people=participants,
            with_pools=False,
        )
        by_category = [(label, float(total), n) for label, total, n in ledger.rows]
    referrals: dict[str, dict[str, int]] | None = None
    intake: dict[str, list[int]] | None = None
    if wanted("referrals") and actor.can("referrals.view"):
        intake = {}
        for door, days in referral_queries.days_to_intake(
            actor.site_id,
            since=since,
            before=until,
            area=filters.region,
            door=filters.door,
            tz=actor.site.tz,
        ):
            intake.setdefault(door, []).append(days)
        referrals = {}
        for _, door, state, n in _referral_counts(actor.site_id, filters, actor.site.tz):
            by_state = referrals.setdefault(door, {})
            by_state[state] = by_state.get(state, 0) + n
    decisions = None
    if wanted("decisions") and actor.can("governance.view"):
        # The governing bodies' decisions are the site's, not a participant's: period only.
        decisions = list(
            governance_queries.decisions_for(actor)
            .filter(decided_on__gte=since, decided_on__lt=until)
            .order_by()
            .values_list("body__name")
            .annotate(n=Count("id"))
            .order_by("-n", "body__name")
        )
    legal_events = None
    if wanted("legal_events") and actor.can("evaluation.results"):
        legal_events = evaluation_queries.legal_event_counts(
            actor, since=since, before=until, people=persons
        )
    return Panels(
        since=since,
        until=until,
        filters=filters,
        legal_events=legal_events,
        small_cell=report_settings(actor.site_id).small_cell if legal_events is not None else 5,
        referrals=referrals,
        contacts=(
            casework_queries.contacts_per_month(
                actor, since=since, before=until, people=participants
            )
            if wanted("contacts") and actor.can("casework.team")
            else None
        ),
        flex_by_pool=flex,
        flex_by_category=by_category,
        days_to_intake=intake,
        legal_services=legal_services,
        reviews=(
            legal_queries.review_counts(actor, since=since, before=until, people=persons)
            if wanted("reviews") and actor.can("legal.review")
            else None
        ),
        decisions=decisions,
    )


@dataclass(frozen=True)
class QueueRow:
    """One place in the referrals area's capacity queue, for the capacity page: position,
    door, days waiting and the priority score with its terms. No name."""

    position: int
    referral_id: int
    door: str
    days_waiting: int
    score: int
    terms: tuple[Any, ...]


def capacity_queue(actor: Actor, now: Any = None) -> list[QueueRow] | None:
    """The capacity queue in priority order (referrals.queries.queue_for, one query), or None
    when the actor's role may not read it."""
    return run_steps(capacity_queue_steps(actor, now))


def capacity_queue_steps(actor: Actor, now: Any = None) -> Steps[list[QueueRow] | None]:
    """``capacity_queue`` as steps (core.compiled): its reads beside others."""
    if not actor.can("referrals.queue"):
        return None
    from django.utils import timezone

    now = now or timezone.now()
    entries = yield from referral_queries.queue_for_steps(actor, now)
    return [
        QueueRow(
            position=i,
            referral_id=e.referral.pk,
            door=e.referral.door,
            days_waiting=(now - e.referral.waiting_since).days if e.referral.waiting_since else 0,
            score=e.score,
            terms=e.terms,
        )
        for i, e in enumerate(entries, start=1)
    ]


def waiting_by_door(site_id: int) -> list[referral_queries.WaitingDoor]:
    """How many wait for capacity per door today, and how long (counts and days only)."""
    return referral_queries.waiting_by_door(site_id)


def waiting_by_door_steps(site_id: int) -> Steps[list[referral_queries.WaitingDoor]]:
    """``waiting_by_door`` as steps (core.compiled)."""
    return (yield from referral_queries.waiting_by_door_steps(site_id))
