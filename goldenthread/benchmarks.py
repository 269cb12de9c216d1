"""`make bench`: read paths over HTTP against gunicorn, with their query counts and a floor.

Areas register read paths in ``goldenthread/<area>/bench.py`` as ``READS`` (BenchRead). Each
path is requested over real HTTP with an authenticated session; its queries are counted
in-process; its floor is the same rows fetched by one hand-written SQL query and serialised
with ``json``, in this process.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goldenthread.core.models import Membership, Site
from goldenthread.web.nav import AREAS


@dataclass(frozen=True)
class BenchRead:
    """A read path: its name, the role that reads it, how to build its URL for a site, and the
    hand-written SQL (with ``%(site)s`` and ``%(user)s``, the reader) that fetches the same rows,
    for the floor."""

    name: str
    role: str
    url: Callable[[Site, Any], str]
    floor_sql: str | None = None


@dataclass
class Result:
    name: str
    scale: str
    median_ms: float
    p95_ms: float
    queries: int
    floor_ms: float | None
    ratio: float | None
    status: int


def reads() -> list[BenchRead]:
    out: list[BenchRead] = []
    for area in AREAS:
        try:
            module = import_module(f"goldenthread.{area}.bench")
        except ModuleNotFoundError as exc:
            if exc.name != f"goldenthread.{area}.bench":
                raise
            continue
        out += getattr(module, "READS", [])
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(port: int, workers: int = 2, **env_vars: str) -> subprocess.Popen:
    """gunicorn on a loopback port, in production mode with DEBUG off; returns once it answers.
    ``env_vars`` override the environment (e.g. DATABASE_URL)."""
    env = dict(os.environ, GOLDENTHREAD_ENV="development", DEBUG="false", **env_vars)
    proc = subprocess.Popen(  # noqa: S603 - fixed argv  # nosec B603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "goldenthread.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--log-level",
            "critical",
        ],
        env=env,
        start_new_session=True,  # its own process group, so a drill can kill it whole
    )
    for _ in range(100):
        try:
            # Loopback only: the gunicorn this function started.
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)  # nosec B310
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def _session_for(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _time(url: str, cookie: str, n: int) -> tuple[list[float], int]:
    req = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
    times, status = [], 0
    for i in range(n + 3):
        started = time.perf_counter()
        with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - loopback only  # nosec B310
            resp.read()
            status = resp.status
        if i >= 3:  # warm-up
            times.append((time.perf_counter() - started) * 1000)
    return times, status


def _floor(sql: str, site: Site, user: Any, n: int) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(sql, {"site": site.pk, "user": user.pk})
            cols = [c[0] for c in cur.description or []]
            json.dumps([dict(zip(cols, row, strict=False)) for row in cur.fetchall()], default=str)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(site: Site, scale: str, n: int = 30) -> list[Result]:
    results = []
    port = free_port()
    server = serve(port)
    try:
        for read in reads():
            membership = (
                Membership.objects.filter(site=site, role=read.role, active=True)
                .select_related("user")
                .first()
            )
            if membership is None:
                continue
            path = read.url(site, membership.user)
            client = Client()
            client.force_login(membership.user)
            with CaptureQueriesContext(connection) as ctx:
                client.get(path, HTTP_HOST="127.0.0.1")
            times, status = _time(
                f"http://127.0.0.1:{port}{path}", _session_for(membership.user), n
            )
            floor = _floor(read.floor_sql, site, membership.user, n) if read.floor_sql else None
            median = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[-1]
            results.append(
                Result(
                    read.name,
                    scale,
                    round(median, 2),
                    round(p95, 2),
                    len(ctx.captured_queries),
                    round(floor, 2) if floor else None,
                    round(median / floor, 1) if floor else None,
                    status,
                )
            )
    finally:
        server.terminate()
        server.wait(timeout=10)
    return results


def machine() -> dict[str, Any]:
    import django

    mem = None
    try:
        with open("/proc/meminfo") as fh:
            mem = fh.readline().split()[1] + " kB"
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "memory": mem,
        "python": platform.python_version(),
        "django": django.get_version(),
        "database": connection.vendor,
        "date": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }


def write(results: list[Result], out_dir: Path, heavy: list[str] | None = None) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "results.json"
    path.write_text(
        json.dumps(
            {
                "machine": machine(),
                "reads": [asdict(r) for r in results],
                "heavy_jobs": heavy or [],
            },
            indent=2,
        )
    )
    _chart(results, out_dir / "results.svg")
    return path


def _chart(results: list[Result], target: Path) -> None:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 0.5 + 0.4 * max(1, len(results))))
    names = [r.name for r in results]
    ax.barh(names, [r.p95_ms for r in results], color="#b0c4de", label="p95")
    ax.barh(names, [r.median_ms for r in results], color="#0b5cad", label="median")
    ax.axvline(50, color="#a4161a", linestyle="--", label="target p95 50 ms")
    ax.set_xlabel("ms")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
