"""Shape a forecast run's stored results for the pages: charts and side-by-side rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from goldenthread.planning import charts, rules
from goldenthread.planning.models import ForecastRun


def forecast_view(run: ForecastRun) -> dict[str, Any] | None:
    """The chart, the scenarios side by side, and the month-by-month table of a done run."""
    if run.status != ForecastRun.Status.DONE:
        return None
    months = run.results["months"]
    outlooks = run.results["outlooks"]
    base = outlooks[0]
    inputs = run.inputs
    p10, p50, p90 = base["caseload"]
    chart = charts.fan_chart(
        chart_id=f"fan-{run.pk}",
        months=months,
        p10=p10,
        p50=p50,
        p90=p90,
        capacity=base["cap"] * base["case_managers"],
        target_total=base["target"] * base["case_managers"],
        history_months=inputs.get("history_months", []),
        history=inputs.get("caseload_history", []),
        scenarios=[(o["name"], o["caseload"][1]) for o in outlooks[1:]],
    )
    last = len(months) - 1
    at12 = min(12, len(months)) - 1
    side_by_side = [
        {
            "name": o["name"],
            "case_managers": o["case_managers"],
            "target": o["target"],
            "p50_12": o["caseload"][1][at12],
            "p90_12": o["caseload"][2][at12],
            "p50_end": o["caseload"][1][last],
            "per_cm_end": o["per_cm_p50"][last] if o["per_cm_p50"] else None,
            "max_p_exceed": max(o["p_exceed_cap"]),
            "p_exceed_end": o["p_exceed_cap"][last],
            "waitlist_end": o["waitlist_p90"][last],
            "wait_months_end": (o.get("wait_months_p50") or [None] * len(months))[last],
            "needed": o["case_managers_needed"],
            "mean_months": o["mean_months_in_program"],
        }
        for o in outlooks
    ]
    table = [
        {
            "month": months[i],
            "p10": p10[i],
            "p50": p50[i],
            "p90": p90[i],
            "active": base["active"][1][i],
            "p_exceed": base["p_exceed_cap"][i],
            "waitlist_p50": base["waitlist_p50"][i],
            "waitlist_p90": base["waitlist_p90"][i],
            "wait_months": (base.get("wait_months_p50") or [None] * len(months))[i],
        }
        for i in range(len(months))
    ]
    return {
        "chart": chart,
        "side_by_side": side_by_side,
        "table": table,
        "baseline": side_by_side[0],
        "months_ahead": len(months),
        "month_12": months[at12],
        "month_end": months[last],
    }


def caseload_chart(rows: list[Any], target: int, cap: int) -> str:
    return charts.bar_chart(
        chart_id="caseload-per-cm",
        title="Caseload per case manager",
        labels=[r.name for r in rows],
        values=[r.caseload for r in rows],
        limits=[("Target", target), ("Cap", cap)],
        ylabel="Participants",
    )


PERIOD_REGION_DOOR = "For the period, region and door chosen."
PERIOD_ONLY = (
    "For the period chosen. Region and door don't apply to the governing bodies' decisions."
)


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize() if key else "—"


def panels_view(panels: Any) -> list[dict[str, Any]]:
    """Each dashboard panel the actor may read as a chart and the table behind it."""
    out: list[dict[str, Any]] = []
    if panels.referrals is not None:
        doors = sorted(panels.referrals)
        states = sorted({s for d in panels.referrals.values() for s in d})
        table = [[_label(d), *[panels.referrals[d].get(s, 0) for s in states]] for d in doors]
        out.append(
            {
                "id": "referrals-by-door",
                "applies": PERIOD_REGION_DOOR,
                "title": "Referrals by door and outcome",
                "columns": ["Door", *[_label(s) for s in states]],
                "rows": table,
                "chart": charts.stacked_bar_chart(
                    chart_id="referrals-by-door",
                    title="Referrals by door and outcome",
                    labels=[_label(d) for d in doors],
                    series=[
                        (_label(s), [panels.referrals[d].get(s, 0) for d in doors]) for s in states
                    ],
                    ylabel="Referrals",
                )
                if doors
                else None,
            }
        )
    if panels.contacts is not None:
        months = [m.strftime("%Y-%m") for m, _, _ in panels.contacts]
        per = [round(n / people, 1) if people else 0 for _, n, people in panels.contacts]
        out.append(
            {
                "id": "contacts-per-month",
                "applies": PERIOD_REGION_DOOR,
                "title": "Contacts per participant per month",
                "columns": ["Month", "Contacts", "Participants contacted", "Per participant"],
                "rows": [
                    [m, n, people, p]
                    for m, (_, n, people), p in zip(months, panels.contacts, per, strict=True)
                ],
                "chart": charts.bar_chart(
                    chart_id="contacts-per-month",
                    title="Contacts per participant per month",
                    labels=months,
                    values=per,
                    ylabel="Contacts per participant",
                )
                if months
                else None,
            }
        )
    for panel_id, what, rows in (
        ("flex-by-pool", "Pool", panels.flex_by_pool),
        ("flex-by-category", "Category", panels.flex_by_category),
    ):
        if rows is not None:
            out.append(_flex_panel(panel_id, what, rows))
    if panels.days_to_intake is not None:
        doors = sorted(panels.days_to_intake)
        medians = [rules.median(panels.days_to_intake[d]) for d in doors]
        out.append(
            {
                "id": "time-to-intake",
                "applies": PERIOD_REGION_DOOR,
                "title": "Time from referral to enrolment (median days)",
                "columns": ["Door", "Enrolled", "Median days", "Longest"],
                "rows": [
                    [_label(d), len(panels.days_to_intake[d]), m, max(panels.days_to_intake[d])]
                    for d, m in zip(doors, medians, strict=True)
                ],
                "chart": charts.bar_chart(
                    chart_id="time-to-intake",
                    title="Time from referral to enrolment (median days)",
                    labels=[_label(d) for d in doors],
                    values=medians,
                    ylabel="Days",
                )
                if doors
                else None,
            }
        )
    for key, panel_id, title, column in (
        ("reviews", "golden-rule-reviews", "Golden Rule reviews", "Reviews"),
        ("decisions", "governance-decisions", "Governance decisions by body", "Decisions"),
    ):
        data = getattr(panels, key)
        if data is None:
            continue
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        out.append(
            {
                "id": panel_id,
                "applies": PERIOD_ONLY if key == "decisions" else PERIOD_REGION_DOOR,
                "title": title,
                "columns": ["", column],
                "rows": [[_label(k) if key == "reviews" else k, n] for k, n in pairs],
                "chart": charts.bar_chart(
                    chart_id=panel_id,
                    title=title,
                    labels=[_label(k) if key == "reviews" else k for k, _ in pairs],
                    values=[n for _, n in pairs],
                    ylabel=column,
                )
                if pairs
                else None,
            }
        )
    if panels.legal_events is not None:
        out.append(_legal_events_panel(panels))
    if panels.legal_services is not None:
        outcomes = panels.legal_services["outcomes"]
        out.append(
            {
                "id": "legal-services-outcomes",
                "applies": PERIOD_REGION_DOOR,
                "title": "Legal-services outcomes",
                "columns": ["Outcome", "Matters"],
                "rows": [[_label(k), n] for k, n in outcomes.items()],
                "chart": charts.bar_chart(
                    chart_id="legal-services-outcomes",
                    title="Legal-services outcomes",
                    labels=[_label(k) for k in outcomes],
                    values=list(outcomes.values()),
                    ylabel="Matters",
                )
                if outcomes
                else None,
            }
        )
    return out


LEGAL_EVENT_KINDS = (
    "arrest",
    "booking",
    "release",
    "charge",
    "filing",
    "warrant",
    "conviction",
)


def _legal_events_panel(panels: Any) -> dict[str, Any]:
    """Participants' legal-system events per month and type (the evaluation area's imports).
    Counts from 1 to the site's threshold − 1 show as "<threshold" in the table and are left
    out of the chart; no total is shown, so a hidden cell cannot be worked out from it."""
    threshold = panels.small_cell
    counts: dict[tuple[date, str], int] = {(m, k): n for m, k, n in panels.legal_events}
    present = {k for _, k in counts}
    kinds = [k for k in LEGAL_EVENT_KINDS if k in present] + sorted(
        present - set(LEGAL_EVENT_KINDS)
    )
    months: list[date] = []
    month = panels.since.replace(day=1)
    until = panels.until or max((m for m, _ in counts), default=month)
    while month < until:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    cells = {
        (m, k): rules.suppress(counts.get((m, k), 0), threshold) for m in months for k in kinds
    }
    title = "Participants’ legal events by month and type"
    labels = [m.strftime("%Y-%m") for m in months]
    return {
        "id": "legal-events",
        "applies": PERIOD_REGION_DOOR + f" Counts under {threshold} show as “<{threshold}”.",
        "title": title,
        "columns": ["Month", *[_label(k) for k in kinds]],
        "rows": [[m.strftime("%Y-%m"), *[cells[(m, k)] for k in kinds]] for m in months],
        "chart": charts.stacked_bar_chart(
            chart_id="legal-events",
            title=f"{title} (small cells left out)",
            labels=labels,
            series=[
                (
                    _label(k),
                    [float(cells[(m, k)]) if cells[(m, k)].isdigit() else 0.0 for m in months],
                )
                for k in kinds
            ],
            ylabel="Events",
        )
        if kinds
        else None,
    }


def counted(cells: dict[str, str]) -> tuple[list[str], list[float]]:
    """The labels and values of the cells that are numbers: a suppressed cell ("<5") is left
    out of a chart (its table says "<5"), so a picture never reveals a small count."""
    pairs = [(k, float(v)) for k, v in cells.items() if v.isdigit()]
    return [k for k, _ in pairs], [v for _, v in pairs]


def region_chart(referrals: dict[str, Any], chart_id: str) -> str | None:
    labels, values = counted(referrals["by_region"])
    if not labels:
        return None
    return charts.bar_chart(
        chart_id=chart_id,
        title="Referrals by OWG region (small cells left out)",
        labels=labels,
        values=values,
        ylabel="Referrals",
    )


def report_context(report: dict[str, Any], run: ForecastRun | None) -> dict[str, Any]:
    """What the report page and its PDF both show: the figures, the forecast and charts."""
    return {
        "report": report,
        "forecast": forecast_view(run) if run else None,
        "referral_chart": region_chart(report["referrals"], "report-regions-chart"),
    }


def _flex_panel(panel_id: str, what: str, rows: list[tuple[str, Any, int]]) -> dict[str, Any]:
    """A flex-fund spending panel (by pool or by category): label, dollars spent, entries."""
    title = f"Flex-fund spending by {what.lower()}"
    return {
        "id": panel_id,
        "applies": PERIOD_REGION_DOOR,
        "title": title,
        "columns": [what, "Spent ($)", "Entries"],
        "rows": [[label, f"{total:,.2f}", n] for label, total, n in rows],
        "chart": charts.bar_chart(
            chart_id=panel_id,
            title=title,
            labels=[label for label, _, _ in rows],
            values=[total for _, total, _ in rows],
            ylabel="Dollars",
        )
        if rows
        else None,
    }
