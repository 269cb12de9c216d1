"""Running a ``goldenthread`` command in its own process and measuring it, for the heavy jobs
of ``make bench`` (an import, ``audit verify``): its wall time, its CPU time and its own peak
memory, not this process's."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import CommandError


@dataclass(frozen=True)
class Measured:
    seconds: float
    cpu_seconds: float  # user + system: on a shared machine the wall time also counts waiting
    peak_mb: float
    output: list[str]


def run_measured(*args: str) -> Measured:
    """Run ``goldenthread *args`` (stdout kept, stderr dropped: progress bars); a failure raises
    CommandError with the end of what it printed."""
    command = str(Path(sys.executable).parent / "goldenthread")
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        pid = os.posix_spawn(
            command,
            [command, *args],
            dict(os.environ),
            file_actions=[
                (os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
            ],
        )
        _, status, usage = os.wait4(pid, 0)  # this child's own peak, not the largest child's
        seconds = time.perf_counter() - started
        out.seek(0)
        said = out.read().decode().strip().splitlines()
    if os.waitstatus_to_exitcode(status) != 0:
        raise CommandError(f"goldenthread {args[0]} failed: {' '.join(said)[-500:]}")
    return Measured(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, said)
