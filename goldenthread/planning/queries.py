"""Reads of the planning area, always for the actor's site and what its role may see.

Nothing here returns a participant's identity: planning works on counts and durations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from goldenthread.access.actor import Actor, NotFound, Refused
from goldenthread.casework import queries as casework_queries
from goldenthread.core.models import Membership, Participant
from goldenthread.core.roles import Role
from goldenthread.governance import queries as governance_queries
from goldenthread.legal import queries as legal_queries
from goldenthread.legalservices import queries as legalservices_queries
from goldenthread.planning import rules
from goldenthread.planning.models import ForecastRun, Scenario
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


def forecast_inputs(site_id: int, as_of: date) -> ForecastInputs:
    """The site's history up to the end of the month before ``as_of``, as plain data.

    Arrivals are the site's referrals per door per month, and each door converts at its
    referrals' enrolled ÷ decided (enrolled, ineligible, declined or intake expired), both from
    ``referrals.queries.counts_by_door_month_state`` (one grouped query). A site with no
    referrals falls back to its enrollments (door "unknown", conversion 1) and the summary's
    note says so. Time in program runs from enrollment to exit; anyone still enrolled at
    ``as_of`` is right-censored there. Two queries."""
    end = month_start(as_of)  # the history stops before the current, partial month
    rows = list(
        Participant.objects.filter(site_id=site_id, enrolled_on__lt=end)
        .values_list("enrolled_on", "exited_on", "state")
        .order_by()
    )
    referral_counts = referral_queries.counts_by_door_month_state(site_id, before=end)
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
    if referral_counts:
        arrivals, doors = rules.referral_history(
            [
                (door, _month_index(first, month), state, n)
                for door, month, state, n in referral_counts
            ],
            n_months,
        )
        conversions = {door: (d.enrolled, d.decided) for door, d in doors.items()}
        summary |= {
            "source": "referrals",
            "note": (
                "Arrivals are this site's referrals per door and month; each door converts at "
                "its referrals' enrolled ÷ decided (screening, then intake)."
            ),
            "referrals": sum(d.referred for d in doors.values()),
            "doors": {door: d.as_dict() for door, d in doors.items()},
        }
    else:
        arrivals = {rules.UNKNOWN_DOOR: enrollments}
        conversions = {}
        summary |= {
            "source": "enrollments",
            "note": (
                "This site has no referrals recorded: arrivals are its enrollments (door "
                "unknown, conversion 1)."
            ),
        }
    history = rules.History(
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


def caseload_by_case_manager(actor: Actor) -> list[CaseloadRow]:
    """Each case manager's caseload (active and inactive) against the site's target and cap.
    Staff names only, no participant's; one query."""
    actor.require("planning.capacity.view")
    on_site = Q(user__caseload__site_id=actor.site_id)
    rows = (
        Membership.objects.filter(site_id=actor.site_id, role=Role.CM, active=True)
        .select_related("user")
        .annotate(
            n_active=Count("user__caseload", filter=on_site & Q(user__caseload__state="active")),
            n_inactive=Count(
                "user__caseload", filter=on_site & Q(user__caseload__state="inactive")
            ),
            n_enrolled=Count(
                "user__caseload", filter=on_site & Q(user__caseload__state="enrolled")
            ),
        )
        .order_by("user__last_name", "user__username")
    )
    return [
        CaseloadRow(
            name=m.user.get_full_name() or m.user.get_username(),
            username=m.user.get_username(),
            caseload=m.n_active + m.n_inactive + m.n_enrolled,
            active=m.n_active + m.n_enrolled,
            inactive=m.n_inactive,
        )
        for m in rows
    ]


def state_counts(site_id: int) -> dict[str, int]:
    """Participants per state at the site; one query."""
    counts = dict.fromkeys(("enrolled", "active", "inactive", "exited", "terminated"), 0)
    for row in (
        Participant.objects.filter(site_id=site_id)
        .order_by()
        .values("state")
        .annotate(n=Count("id"))
    ):
        counts[row["state"]] = row["n"]
    return counts


def unassigned_count(site_id: int) -> int:
    return Participant.objects.filter(
        site_id=site_id, state__in=IN_PROGRAM, case_manager__isnull=True
    ).count()


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


def latest_forecast(site_id: int) -> ForecastRun | None:
    return (
        ForecastRun.objects.filter(site_id=site_id, status=ForecastRun.Status.DONE)
        .order_by("-finished_at", "-id")
        .first()
    )


def scenarios_for(actor: Actor) -> QuerySet[Scenario]:
    actor.require("planning.capacity.view")
    return Scenario.objects.filter(site_id=actor.site_id)


def scenario_for(actor: Actor, scenario_id: int) -> Scenario:
    scenario = scenarios_for(actor).filter(pk=scenario_id).first()
    if scenario is None:
        raise NotFound()
    return scenario


# --- the PCG report ------------------------------------------------------------------------


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def pcg_report(actor: Actor, today: date, quarter: str | None = None) -> dict[str, object]:
    """The aggregate report the PM brings the PCG, which PCG, CLT members and evaluators may
    also read: counts only, cells under 5 suppressed, no participant named. A fixed number of
    queries whatever the size of the site. ``quarter`` ("2026Q3") ends the quarterly table
    there; the other figures are as of today."""
    actor.require("planning.report.view")
    this_quarter = quarter_of(today)
    if quarter:
        try:
            this_quarter = rules.parse_quarter(quarter, this_quarter)
        except ValueError as exc:
            raise Refused(str(exc), field="quarter") from exc
    site = actor.site
    states = state_counts(site.pk)
    rows = list(
        Participant.objects.filter(site_id=site.pk)
        .order_by()
        .values_list("enrolled_on", "exited_on")
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
            {
                "quarter": f"{year}Q{q}",
                "enrolled": rules.suppress(enrolled),
                "exited": rules.suppress(exits),
            }
        )
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
    forecast = None
    if run is not None:
        forecast = forecast_summary(run)
    return {
        "site": site.name,
        "as_of": today.isoformat(),
        "quarter": f"{this_quarter[0]}Q{this_quarter[1]}",
        "states": {k: rules.suppress(v) for k, v in states.items()},
        "in_program": rules.suppress(in_program),
        "inactive_share": (
            round(100 * states["inactive"] / in_program) if in_program >= rules.SMALL_CELL else None
        ),
        "quarters": per_quarter,
        "case_managers": cms,
        "caseload_target": site.caseload_target,
        "caseload_cap": site.caseload_cap,
        "average_caseload": round(in_program / cms, 1) if cms else None,
        "highest_caseload": max(caseloads, default=0),
        "over_cap": sum(1 for c in caseloads if c > site.caseload_cap),
        "unassigned": rules.suppress(unassigned_count(site.pk)),
        "forecast": forecast,
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
    read it: counts only, no participant named."""

    since: date
    referrals: dict[str, dict[str, int]] | None
    contacts: list[tuple[date, int, int]] | None
    flex_by_pool: list[tuple[str, float, int]] | None
    legal_services: dict[str, dict[str, int]] | None
    reviews: dict[str, int] | None
    decisions: list[tuple[str, int]] | None


def dashboard_panels(actor: Actor, today: date, months: int = 12) -> Panels:
    """The PM's aggregates from the merged areas, over the last ``months`` months: referrals by
    door and outcome (referrals), contacts per month and flex-fund spend by pool (casework),
    legal-services outcomes (legalservices), Golden Rule reviews (legal) and governance
    decisions (governance). A fixed number of grouped queries, whatever the site's size."""
    actor.require("planning.capacity.view")
    since = add_months(month_start(today), -(months - 1))
    legal_services = None
    if actor.can("legalservices.report"):
        report = legalservices_queries.report_for(actor, since=since)
        legal_services = {
            "outcomes": {k: n for k, n in report.outcome_counts.items() if n},
            "status": dict(report.by_status),
        }
    flex = None
    if actor.can("casework.flex.ledger"):
        ledger = casework_queries.ledger_report(actor, by="pool")
        flex = [(label, float(total), n) for label, total, n in ledger.rows]
    return Panels(
        since=since,
        referrals=(
            referral_queries.outcomes_by_door(actor, since=since)
            if actor.can("referrals.view")
            else None
        ),
        contacts=(
            casework_queries.contacts_per_month(actor, since=since)
            if actor.can("casework.team")
            else None
        ),
        flex_by_pool=flex,
        legal_services=legal_services,
        reviews=legal_queries.review_counts(actor) if actor.can("legal.review") else None,
        decisions=(
            governance_queries.decision_counts(actor, since=since)
            if actor.can("governance.view")
            else None
        ),
    )
