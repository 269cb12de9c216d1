"""The meeting's agenda pack as a PDF (WeasyPrint), from the same query as the page."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from goldenthread.governance import queries


def agenda_pack(actor: Any, meeting_id: int) -> bytes:
    """Agenda, proposals awaiting decision with their text, attendance, carried-forward action
    items and minutes of one meeting. Aggregates only: no participant appears."""
    from weasyprint import HTML

    meeting = queries.meeting_for(actor, meeting_id)
    html = render_to_string(
        "governance/meeting_pdf.html",
        {
            "meeting": meeting,
            "quorum": queries.meeting_quorum(meeting),
            "carried": queries.carried_forward(actor, meeting),
            "site": actor.site,
        },
    )
    return HTML(string=html).write_pdf()
