"""The meeting's agenda (before it closes) or minutes (after) as a PDF (WeasyPrint), from the
same role-filtered roster as the page: a viewer's PDF holds only what that viewer may see, the
read is access-logged like the page, and the §2.32 notice goes on it where Part 2 information
appears."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from goldenthread.access.actor import Actor
from goldenthread.conferencing import queries, rules


def html_for(actor: Actor, meeting_id: int, *, path: str = "") -> tuple[str, str]:
    """The PDF's HTML for this actor, and its file name. Reading it logs the access."""
    meeting = queries.meeting_for(actor, meeting_id)
    roster = queries.roster_for_meeting(actor, meeting, path=path)
    with timezone.override(actor.site.tz):
        html = render_to_string(
            "conferencing/meeting_pdf.html",
            {"meeting": meeting, "roster": roster, "site": actor.site, "role": actor.role.label},
        )
        day = timezone.localtime(meeting.scheduled_for)
    kind = "minutes" if meeting.status == rules.CLOSED else "agenda"
    return html, f"owg-{kind}-{day:%Y-%m-%d}-{meeting.pk}.pdf"


def agenda_or_minutes(actor: Actor, meeting_id: int, *, path: str = "") -> tuple[bytes, str]:
    """The PDF and its file name."""
    from weasyprint import HTML

    html, name = html_for(actor, meeting_id, path=path)
    return HTML(string=html).write_pdf(), name
