"""The ``?page=`` of an API list that answers a page at a time."""

from __future__ import annotations

from goldenthread.access.actor import Refused


def checked_page(page: int, last: int | None = None) -> int:
    """``page`` when it is a whole number from 1 (to ``last``, where there is a last page the
    query can reach); otherwise refused, naming the field (422)."""
    if page < 1 or (last is not None and page > last):
        reach = f" to {last}" if last is not None else ""
        raise Refused(f"the page is a whole number from 1{reach}", field="page")
    return page
