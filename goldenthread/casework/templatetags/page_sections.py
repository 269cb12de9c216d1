"""The participant page's service referrals and flex requests written here rather than by the
template's loops: ``{% service_referral_rows page.referrals can.service_refer %}`` and
``{% flex_items page.flex can.flex_view %}``.

The participant page is a quarter of the reads in the bench's mix; its two sections of up to
ten rows each were, after the base template, most of its template work (each cell a variable
node: a lookup, a localisation, an escape). The HTML is the same as the loops wrote: every
value localised and escaped as the template does, each label the field's choice label as
``get_FOO_display`` gives it (ADR 16; ``casework/tests/test_page_sections_render.py``
compares the two).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django import template
from django.utils.formats import localize
from django.utils.safestring import SafeString

from goldenthread.casework.models import FlexFundRequest, ServiceReferral
from goldenthread.core.formats import choice_labels, local_date, localized
from goldenthread.core.widgets import escape_value as _e
from goldenthread.core.widgets import written_rows
from goldenthread.web.links import row_links

register = template.Library()

NO_REFERRALS = '<tr><td colspan="7">None.</td></tr>'
NO_FLEX = "<li>None.</li>"
_KINDS = choice_labels(ServiceReferral, "kind")
_REFERRAL_STATES = choice_labels(ServiceReferral, "status")
_CATEGORIES = choice_labels(FlexFundRequest, "category")
_FLEX_STATES = choice_labels(FlexFundRequest, "status")


def _day(value: date | None) -> str:
    """``{{ value|default_if_none:"" }}`` of a date: localised, or nothing."""
    return "" if value is None else _e(local_date(value))


@register.filter
def day(value: object) -> object:
    """``{{ value|day }}`` writes what ``{{ value }}`` writes: ``core.formats.localized``, a
    date's text made once per process; the template escapes it as before."""
    return localized(value)


@register.simple_tag
def service_referral_rows(referrals: Iterable[ServiceReferral], may_update: bool) -> SafeString:
    """A table row per referral: its kind (a link to update it, for who may), provider, status
    and the days it was sent, accepted, declined and completed."""
    update = row_links("casework:service_update")
    parts = []
    for r in referrals:
        kind = _e(_KINDS.get(r.kind, r.kind))
        if may_update:
            kind = f'<a href="{update(r.pk)}">{kind}</a>'
        parts.append(
            f"<tr><td>{kind}</td><td>{_e(r.provider)}</td>"
            f"<td>{_e(_REFERRAL_STATES.get(r.status, r.status))}</td>"
            f"<td>{_day(r.sent_on)}</td><td>{_day(r.accepted_on)}</td>"
            f"<td>{_day(r.declined_on)}</td><td>{_day(r.completed_on)}</td></tr>\n"
        )
    return written_rows(parts, NO_REFERRALS)


@register.simple_tag
def flex_items(requests: Iterable[FlexFundRequest], may_view: bool) -> SafeString:
    """A list item per request: category, amount and vendor (a link to it, for who may view),
    and its status."""
    detail = row_links("casework:flex_detail")
    parts = []
    for f in requests:
        what = (
            f"{_e(_CATEGORIES.get(f.category, f.category))} {_e(localize(f.amount))} — "
            f"{_e(f.vendor)}"
        )
        if may_view:
            what = f'<a href="{detail(f.pk)}">{what}</a>'
        parts.append(f"<li>{what} ({_e(_FLEX_STATES.get(f.status, f.status))})</li>")
    return written_rows(parts, NO_FLEX)
