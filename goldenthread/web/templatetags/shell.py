"""The shell's navigation, ``{% nav_links %}``, and its links without arguments,
``{% page_url "name" %}``, for every page (web/base.html).

The navigation is the same for every page a role opens but for the item marked current, so its
list is written once per process for each role and page (and script prefix and URLconf, as the
URLs are) instead of by a template loop on every page: the loop of about twenty items, each
with its link, its label and the test of the current page, cost about half a millisecond of a
page's CPU (ADR 16). ``page_url`` is ``{% url %}`` for a pattern without arguments, reversed
once per process (web/links.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from goldenthread.core.roles import Role
from goldenthread.core.widgets import escape_value, written_rows
from goldenthread.web.links import url_of
from goldenthread.web.nav import nav_items

register = template.Library()

_CURRENT = ' aria-current="page"'


@lru_cache(maxsize=4096)
def _nav_html(
    role: Role, url_name: str | None, view_name: str | None, prefix: str, urlconf: object
) -> SafeString:
    home = _CURRENT if url_name == "home" else ""
    parts = [f'<li><a href="{escape(url_of("home"))}"{home}>Today</a></li>\n      ']
    for item in nav_items(role):
        current = _CURRENT if view_name == item.url_name else ""
        parts.append(f'<li><a href="{escape(item.url)}"{current}>{escape(item.label)}</a></li>')
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped  # nosec B308 B703


@register.simple_tag(takes_context=True)
def nav_links(context: Any) -> SafeString:
    """The navigation's items for the signed-in actor's role, with the current page's marked
    (``aria-current``): the Today link on the page named ``home``, an item on its own view."""
    match = getattr(context.get("request"), "resolver_match", None)
    return _nav_html(
        context["actor"].role,
        getattr(match, "url_name", None),
        getattr(match, "view_name", None),
        get_script_prefix(),
        get_urlconf(),
    )


@register.simple_tag
def page_url(name: str) -> str:
    """``{% url name %}`` for a pattern without arguments, reversed once per process."""
    return url_of(name)


@register.filter
def card_lines(lines: list[Any]) -> SafeString:
    """A home card's lines as ``<li>`` items, each localised and escaped as ``{{ line }}`` is:
    the loop it replaced wrote a variable node a line, and the CM's caseload card has a line
    for each of the site's case managers (web/home.html)."""
    return written_rows([f"<li>{escape_value(localize(line))}</li>" for line in lines], "")
