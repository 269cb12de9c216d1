"""The evaluation report: one context for the page and the PDF (WeasyPrint, as in
goldenthread/governance/pdf.py). Aggregates only: no person appears."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from goldenthread.access.actor import Actor
from goldenthread.evaluation import queries
from goldenthread.evaluation.models import OutcomeRun


def report_context(run: OutcomeRun) -> dict[str, Any]:
    results = run.results
    tables = {name: _pivot(rows) for name, rows in results.get("tables", {}).items()}
    return {
        "run": run,
        "results": results,
        "six": tables.get("six_months", []),
        "long": tables.get("long_term", []),
        "chart": _chart_bars(tables.get("six_months", [])),
        "indicators": _indicator_rows(results.get("indicators", [])),
        "indicator_months": INDICATOR_COLUMNS,
    }


def report_document(actor: Actor, run_id: int) -> Any:
    """The laid-out report (a WeasyPrint document) of one outcome run, for the roles that
    may read the run."""
    from weasyprint import HTML

    run = queries.outcome_run_for(actor, run_id)
    html = render_to_string(
        "evaluation/outcome_pdf.html", {**report_context(run), "site": actor.site}
    )
    return HTML(string=html).render()


def report_pdf(actor: Actor, run_id: int) -> bytes:
    return bytes(report_document(actor, run_id).write_pdf())


MEASURE_LABELS = {
    "arrests": "Arrests (all)",
    "nonwarrant_arrests": "Arrests (non-warrant)",
    "felony_charges": "Felony charges",
    "misdemeanor_charges": "Misdemeanour charges",
    "jail_bookings": "Jail bookings",
    "jail_days": "Jail days",
    "prison": "Prison sentences",
}


def _pivot(rows: list[dict]) -> list[dict]:
    """Table rows: one per group × measure, with before and after side by side."""
    out: dict[tuple[str, str], dict] = {}
    for r in rows:
        key = (r["group"], r["measure"])
        item = out.setdefault(
            key, {"group": r["group"], "n": r["n"], "measure": MEASURE_LABELS[r["measure"]]}
        )
        item[r["period"]] = r
    return list(out.values())


INDICATOR_COLUMNS = (0, 1, 6, 12, 18)


def _indicator_rows(table: list[dict]) -> list[dict]:
    """One row per indicator: the share (and the share relative to the month before
    referral) in month 0 and months 1, 6, 12 and 18."""
    rows: dict[str, dict[str, Any]] = {}
    for cell in table:
        row = rows.setdefault(cell["indicator"], {"label": cell["label"], "cells": {}})
        row["cells"][cell["month"]] = cell
    return [
        {"label": r["label"], "cells": [r["cells"].get(k) for k in INDICATOR_COLUMNS]}
        for r in rows.values()
    ]


def _chart_bars(rows: list[dict]) -> list[dict]:
    """Arrests per person-year before and after, per group: drawn as CSS-free SVG bars."""
    bars: list[dict[str, Any]] = []
    for row in rows:
        if row["measure"] != MEASURE_LABELS["arrests"]:
            continue
        for period in ("before", "after"):
            rate = float((row.get(period) or {}).get("per_person_year") or 0)
            bars.append({"label": f"{row['group']} {period}", "rate": rate})
    top = max((float(b["rate"]) for b in bars), default=0.0) or 1.0
    for i, b in enumerate(bars):
        b["width"] = round(260 * float(b["rate"]) / top)
        b["y"] = 10 + i * 34
    return bars
