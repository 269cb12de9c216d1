"""URLs of named pages, reversed once per process (and script prefix and URLconf) rather than
on every use: ``{% url %}`` resolves the pattern again each time (about 0.1 ms; a 200-row list
with a link a row spends 20 ms on it).

``link_to(name, pk)`` reverses a one-id pattern once with a marker in place of the id and puts
the id where the marker was: the URL ``reverse(name, args=[pk])`` gives, for patterns with one
integer argument. ``url_of(name)`` is ``reverse(name)`` for patterns without arguments.

``row_links(name)`` is ``link_to`` for the rows of one list, already escaped for HTML: the
pattern's parts are found (two context-local lookups, the script prefix and the URLconf) and
escaped once for the list, and each row only puts its id between them. Per row, ``link_to``
and an escape cost more than the rest of a police list's row (200 rows a page).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from html import escape

from django.urls import get_script_prefix, get_urlconf, reverse

_MARK = 9_876_543_210_123


@lru_cache(maxsize=256)
def _parts(name: str, prefix: str, urlconf: object) -> tuple[str, str]:
    url = reverse(name, args=[_MARK], urlconf=urlconf)  # type: ignore[arg-type]
    before, found, after = url.partition(str(_MARK))
    if not found:
        raise ValueError(f"{name} does not take one id")
    return before, after


@lru_cache(maxsize=256)
def _url(name: str, prefix: str, urlconf: object) -> str:
    return reverse(name, urlconf=urlconf)  # type: ignore[arg-type]


def link_to(name: str, pk: int) -> str:
    before, after = _parts(name, get_script_prefix(), get_urlconf())
    return f"{before}{int(pk)}{after}"


def url_of(name: str) -> str:
    return _url(name, get_script_prefix(), get_urlconf())


def row_links(name: str) -> Callable[[int], str]:
    """``escape(link_to(name, pk))`` as a function of ``pk``, its parts found once: an id is
    digits, which escaping leaves as they are."""
    before, after = _parts(name, get_script_prefix(), get_urlconf())
    before, after = escape(before, quote=True), escape(after, quote=True)

    def link(pk: int) -> str:
        return f"{before}{int(pk)}{after}"

    return link
