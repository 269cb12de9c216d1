"""The participant page's timeline written here rather than by the template's loop:
``{{ page.timeline|timeline_items }}``.

The page is the case manager's most used (a quarter of the reads in the bench's mix), and its
30 newest entries took about 1.8 ms of the page's CPU through the template engine, most of it
in ``truncatechars`` (in process at synth-000, 2026-11-30). The HTML is the same as the loop
wrote: every value localised and escaped as the template does, a long detail cut by Django's
own ``Truncator`` (ADR 16; ``casework/tests/test_timeline_render.py`` compares the two).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from goldenthread.casework.queries import Event
from goldenthread.core.formats import localized
from goldenthread.core.widgets import escape_value as _e
from goldenthread.core.widgets import written_rows

register = template.Library()

EMPTY = "<li>Nothing yet.</li>"
# What the page shows of an entry's detail, in characters (truncatechars:240 before).
DETAIL_CHARS = 240


def _cut(detail: str) -> str:
    """``truncatechars:240``: Truncator counts characters after NFC normalisation, which leaves
    ASCII as it is, so a short ASCII detail needs none of its work."""
    if detail.isascii() and len(detail) <= DETAIL_CHARS:
        return detail
    return Truncator(detail).chars(DETAIL_CHARS)


@register.filter
def timeline_items(events: Iterable[Event]) -> SafeString:
    """Each entry: its day, kind and title, and the start of its detail when it has one; one
    item saying so when there are none."""
    days: dict[object, str] = {}
    parts = []
    for e in events:
        day = days.get(e.on)
        if day is None:
            day = days[e.on] = _e(localized(e.on))
        detail = f"<br><small>{_e(_cut(e.detail))}</small>" if e.detail else ""
        parts.append(f"<li><strong>{day}</strong> · {_e(e.kind)}: {_e(e.title)}{detail}</li>")
    return written_rows(parts, EMPTY)
