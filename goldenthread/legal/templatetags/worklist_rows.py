"""The legal worklist's lists written here rather than by their templates' loops (ADR 16):
``{{ rows|queue_rows }}``, ``hold_items``, ``court_date_items``, ``case_rows`` and
``disclosure_items``.

The worklist shows five lists of up to 20 rows each (and the liaison prosecutor's disclosures,
all of them), each row a few display values and a link: through the template engine about
7 ms of a 15 ms page's CPU at the bench site (2026-11-30). The rows are the display values
``legal.queries`` made (``Worklist``); the HTML is the same as the loops wrote, every value
escaped as autoescape does (``legal/tests/test_worklist_render.py`` compares the two).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString

from goldenthread.core.widgets import escape_value as _e
from goldenthread.core.widgets import written_rows
from goldenthread.web.links import row_links

register = template.Library()

Row = Mapping[str, Any]


def _before_enrolment(predates: bool | None) -> str:
    if predates is None:
        return "—"
    return "Yes: incident before enrolment" if predates else "No"


Link = Callable[[int], str]


def _rows(
    empty: str, link: str = "legal:case_detail"
) -> Callable[[Callable[[Row, Link], str]], Callable[[Iterable[Row]], SafeString]]:
    """A filter named as the function it wraps, which writes one row given the escaped URL of
    the ``link`` page for an id (``row_links``, found once a list): the rows of a list, or
    ``empty`` (the loop's ``{% empty %}`` text) when there are none."""

    def register_rows(write: Callable[[Row, Link], str]) -> Callable[[Iterable[Row]], SafeString]:
        def rows(found: Iterable[Row]) -> SafeString:
            url = row_links(link)
            return written_rows((write(r, url) for r in found), empty)

        rows.__doc__ = write.__doc__
        return register.filter(write.__name__, rows)  # type: ignore[no-any-return]

    return register_rows


@_rows('<tr><td colspan="5">Nothing in the filing queue.</td></tr>\n')
def queue_rows(r: Row, case: Link) -> str:
    """The filing queue's table rows: person (a link to the case), source, charges, whether
    the incident came before enrolment, the latest decision."""
    return (
        f'\n<tr><td><a href="{case(r["case_id"])}">{_e(r["person"])}</a></td>'
        f"<td>{_e(r['source'])}</td>\n<td>{_e(r['charges'])}</td>\n"
        f"<td>{_before_enrolment(r['predates_enrollment'])}</td>\n"
        f"<td>{_e(r['latest'] or '—')}</td></tr>\n"
    )


@_rows("<li>No holds due.</li>")
def hold_items(r: Row, case: Link) -> str:
    """Holds due for review: person and case (a link), and the review's date."""
    return (
        f'<li><a href="{case(r["case_id"])}">{_e(r["person"])} — {_e(r["case"])}</a>: '
        f"review on {_e(r['review_on'])}</li>"
    )


@_rows("<li>None in the next 30 days.</li>")
def court_date_items(r: Row, case: Link) -> str:
    """Court dates: the day, person, court and case (a link), and the kind of hearing."""
    return (
        f'<li>{_e(r["on"])} — <a href="{case(r["case_id"])}">{_e(r["person"])}, {_e(r["court"])} '
        f"{_e(r['case'])}</a> ({_e(r['kind'])})</li>"
    )


@_rows('<tr><td colspan="4">No cases.</td></tr>')
def case_rows(r: Row, case: Link) -> str:
    """The cases' table rows: case (a link), person, court, status."""
    return (
        f'<tr><td><a href="{case(r["case_id"])}">{_e(r["case"])}</a></td><td>{_e(r["person"])}</td>'
        f"<td>{_e(r['court'])}</td><td>{_e(r['status'])}</td></tr>\n"
    )


def _day(value: datetime | None) -> str:
    """``{{ value|date:"Y-m-d" }}``: the day in the active time zone."""
    if value is None:
        return ""
    day = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


@_rows("<li>Nothing addressed to you.</li>", link="disclosures:disclosure_detail")
def disclosure_items(r: Row, disclosure: Link) -> str:
    """Disclosures addressed to the reader: person and what was shared (a link to the
    disclosure), and the day it was shared."""
    shared = ", ".join(_e(c) for c in r["categories"]) or "nothing to share"
    return (
        f'<li><a href="{disclosure(r["pk"])}">'
        f"{_e(r['person'])}: {shared}</a> ({_day(r['shared_at'])})</li>"
    )
