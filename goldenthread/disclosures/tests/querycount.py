"""A list page's query count must not grow with its rows (no query per row)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(fetch: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fetch()
    return len(ctx)


def assert_flat(fetch: Callable[[], Any], add_rows: Callable[[], Any]) -> None:
    """The same number of queries before and after adding rows (after one warm-up request:
    the first one creates sessions and access-log chain heads)."""
    fetch()
    before = queries_of(fetch)
    add_rows()
    assert queries_of(fetch) == before
