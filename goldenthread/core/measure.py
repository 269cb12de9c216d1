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


# The measured command is started by this small process, which reports the command's peak.
# A process started straight from this one would not do: on Linux a child's peak memory
# (``ru_maxrss``) starts at its parent's peak at the time it was started, so every job started
# by a ``goldenthread bench`` grown to 400 MB "peaked" at 400 MB. The small starter's own peak
# is what its child starts with (about 10 MB), well under any command's.
_STARTER = """
import os, sys
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
os.write(3, str(usage.ru_maxrss).encode())
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(*args: str) -> Measured:
    """Run ``goldenthread *args`` (stdout kept, stderr dropped: progress bars); a failure raises
    CommandError with the end of what it printed. The CPU time is the command's (and its
    starter's, a few milliseconds); the peak memory is the command's own."""
    command = str(Path(sys.executable).parent / "goldenthread")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as peak:
        started = time.perf_counter()
        pid = os.posix_spawn(
            sys.executable,
            [sys.executable, "-S", "-c", _STARTER, command, *args],
            dict(os.environ),
            file_actions=[
                (os.POSIX_SPAWN_DUP2, out.fileno(), 1),
                (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_DUP2, peak.fileno(), 3),
            ],
        )
        _, status, usage = os.wait4(pid, 0)  # the starter, and the command it waited for
        seconds = time.perf_counter() - started
        out.seek(0)
        said = out.read().decode().strip().splitlines()
        peak.seek(0)
        peak_kb = int(peak.read().decode() or 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise CommandError(f"goldenthread {args[0]} failed: {' '.join(said)[-500:]}")
    return Measured(seconds, usage.ru_utime + usage.ru_stime, peak_kb / 1024, said)
