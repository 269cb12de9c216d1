"""Shape a forecast run's stored results for the pages: charts and side-by-side rows."""

from __future__ import annotations

from typing import Any

from goldenthread.planning import charts
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
