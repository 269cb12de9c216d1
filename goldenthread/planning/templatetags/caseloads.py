"""The dashboard's caseload table rows written here rather than by the template's loop:
``{{ rows|caseload_rows }}``.

A site's dashboard lists every case manager (100 at the bench's synth-000). Through the
template engine the rows took about 2 ms of the page's CPU, in process (2026-11-30). The HTML
is the same as the loop wrote: every value escaped as autoescape does (ADR 16;
``planning/tests/test_caseload_render.py`` compares the two).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString

from goldenthread.core.widgets import escape_value as _e
from goldenthread.core.widgets import written_rows
from goldenthread.planning.queries import CaseloadRow

register = template.Library()

EMPTY = '<tr><td colspan="5">No case managers at this site.</td></tr>'
# The badge of each level of casework.rules.caseload_level.
BADGES = {
    "over": '<span class="badge bad">over the cap</span>',
    "high": '<span class="badge">over the target</span>',
}
WITHIN = '<span class="badge ok">within the target</span>'


@register.filter
def caseload_rows(rows: Iterable[CaseloadRow]) -> SafeString:
    """Each case manager's row: name, caseload, active, inactive and the badge of the level
    against the site's target and cap; one row saying so when there are none."""
    parts = [
        f'<tr><th scope="row">{_e(r.name)}</th><td>{_e(r.caseload)}</td><td>{_e(r.active)}</td>'
        f"<td>{_e(r.inactive)}</td><td>{BADGES.get(r.level, WITHIN)}</td></tr>\n      "
        for r in rows
    ]
    return written_rows(parts, EMPTY)
