"""``run_measured``: a heavy job of ``make bench`` run in its own process, with its own peak
memory, however large the process that starts it has grown."""

from __future__ import annotations

import pytest
from django.core.management.base import CommandError

from goldenthread.core.measure import run_measured


def test_the_peak_is_the_commands_not_the_starting_process():
    # Grow this process by 300 MB (pages touched, so they count), then time a command that
    # needs far less: started straight from here, it "peaked" at this process's size.
    ballast = bytearray(300 * 1024 * 1024)
    ballast[::4096] = b"\x01" * len(range(0, len(ballast), 4096))
    run = run_measured("check")
    assert run.output and "no issues" in run.output[-1]
    assert 20 < run.peak_mb < 250, run.peak_mb
    assert run.cpu_seconds > 0 and run.seconds >= run.cpu_seconds * 0.5
    del ballast


def test_a_failing_command_says_what_it_printed():
    with pytest.raises(CommandError, match="goldenthread audit failed"):
        run_measured("audit", "no-such-action")
