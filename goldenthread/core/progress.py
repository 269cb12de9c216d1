"""A small progress bar for long commands, written to stderr so output stays clean."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """``with Progress("people", total) as bar: bar.advance(n)``; redraws at most 10× a second."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label, self.total, self.done = label, max(total, 1), 0
        self.stream = stream or sys.stderr
        self._last = 0.0
        self._started = time.monotonic()

    def __enter__(self) -> Progress:
        self._draw(force=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.done = self.total if exc[0] is None else self.done
        self._draw(force=True)
        self.stream.write("\n")

    def advance(self, n: int = 1) -> None:
        self.done = min(self.total, self.done + n)
        self._draw()

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        share = self.done / self.total
        bar = "#" * int(share * 30)
        elapsed = now - self._started
        self.stream.write(
            f"\r{self.label:<14} [{bar:<30}] {self.done}/{self.total} {share:>4.0%} {elapsed:5.1f}s"
        )
        self.stream.flush()
