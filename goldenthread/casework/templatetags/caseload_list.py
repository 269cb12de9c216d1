"""The caseload's rows written here rather than by the template's loop:
``{% caseload_rows rows cm_id inactive_after %}``.

The caseload is a fifth of the reads in the bench's mix, a case manager's 17 rows at
synth-000 and every open participant of the site when "everyone" is asked for. Through the
template engine each row cost about 0.1 ms of CPU (in process, 2026-11-30). The HTML is the
same as the loop wrote: every value localised and escaped as the template does, dates by
Django's own ``date`` filter, the CSRF field by Django's own node (ADR 16;
``casework/tests/test_caseload_render.py`` compares the two).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.safestring import SafeString

from goldenthread.casework.queries import CaseloadRow
from goldenthread.core.formats import date_text
from goldenthread.core.widgets import escape_value as _e
from goldenthread.core.widgets import written_rows
from goldenthread.web.links import row_links

register = template.Library()

# ``get_state_display`` without its per-call work over the field's choices.
EMPTY = '\n    <tr><td colspan="7">No participants.</td></tr>\n  '


class _Links:
    """The row's three links, each pattern found once for the list (``row_links``)."""

    def __init__(self) -> None:
        self.participant = row_links("casework:participant")
        self.contact_new = row_links("casework:contact_new")
        self.inactive = row_links("casework:participant_inactive")


def _row(r: CaseloadRow, everyone: bool, inactive_form: str, links: _Links) -> str:
    p = r.participant
    whose = ""
    if everyone:
        whose = f"<br><small>{_e(p.case_manager or 'unassigned')}</small>"
    if r.last_contact:
        last = f"{_e(date_text(r.last_contact, 'M j'))} ({_e(r.days_since_contact)} d)"
    else:
        last = "never"
    substantive = "—" if r.days_since_substantive is None else _e(r.days_since_substantive)
    court = _e(date_text(r.next_court_date, "M j, Y") or "—")
    flags = "".join(
        f'<span class="badge{" bad" if i == 0 and r.in_the_wind else ""}">{_e(f)}</span> '
        for i, f in enumerate(r.flags)
    )
    inactive = ""
    if r.propose_inactive:
        action = links.inactive(p.pk)
        inactive = f'\n        <form method="post" action="{action}">{inactive_form}\n        '
    return (
        "\n    <tr>\n"
        f'      <td><a href="{links.participant(p.pk)}">{_e(p)}</a>{whose}</td>\n'
        f"      <td>{_e(p.get_state_display())}</td>\n"
        f"      <td>{last}</td>\n"
        f"      <td>{substantive}</td>\n"
        f"      <td>{court}</td>\n"
        f"      <td>{flags}</td>\n"
        "      <td>\n"
        f'        <a href="{links.contact_new(p.pk)}">Log contact</a>\n'
        f"        {inactive}\n"
        "      </td>\n"
        "    </tr>\n  "
    )


@register.simple_tag(takes_context=True)
def caseload_rows(
    context: Any, rows: Iterable[CaseloadRow], cm_id: int | None, inactive_after: int
) -> SafeString:
    """Each participant's row: name (and case manager, for the whole site), state, last
    contact, days since a substantive one, next court date, flags, and the actions (log a
    contact; confirm inactive when proposed); one row saying so when there are none."""
    inactive_form = (
        f"{CsrfTokenNode().render(context)}\n"
        f'          <input type="hidden" name="reason" value="No contact in {_e(inactive_after)} '
        'days: in the wind">\n'
        '          <button type="submit" class="secondary">Confirm inactive</button>\n'
        "        </form>"
    )
    links = _Links()
    parts = [_row(r, cm_id == 0, inactive_form, links) for r in rows]
    return written_rows(parts, EMPTY)
