"""The PCG report as a PDF (WeasyPrint), from the same query and templates as the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from goldenthread.planning import presenters, queries, rules


def pcg_report_pdf(
    actor: Any,
    today: date,
    filters: rules.Filters,
    on_progress: Callable[[int, str], None] | None = None,
) -> tuple[dict[str, Any], bytes]:
    """The report's figures and its PDF: cover, key figures, charts, forecast and staffing,
    budget against actual, governance, Golden Rule reviews and data quality. Aggregates only,
    small cells suppressed (``queries.pcg_report``)."""
    from weasyprint import HTML

    def step(percent: int, what: str) -> None:
        if on_progress is not None:
            on_progress(percent, what)

    step(5, "reading the figures")
    data = queries.pcg_report(actor, today, filters=filters)
    step(35, "drawing the charts")
    context = presenters.report_context(data, queries.latest_forecast(actor.site_id))
    html = render_to_string("planning/report_pdf.html", context)
    step(60, "laying out the PDF")
    pdf = HTML(string=html).write_pdf()
    step(100, "done")
    return data, pdf
