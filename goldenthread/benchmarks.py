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
import threading
import time
import urllib.error
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


@dataclass(frozen=True)
class BenchWrite:
    """A write path: its name, the role that writes, and ``prepare(site, n)``, which sets up
    what ``n`` writes need and returns the i-th request as ``(path, JSON body)``; each request
    writes a new record."""

    name: str
    role: str
    prepare: Callable[[Site, int], Callable[[int], tuple[str, dict[str, Any]]]]


@dataclass
class WriteResult:
    name: str
    median_ms: float
    p95_ms: float
    tps: float
    clients: int
    errors: int


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


@dataclass
class Scaling:
    """One read path at site and at national scale, against the same site (synth-000): the
    national figure over the site figure. A page that reads only its own site's rows stays
    near 1 however many other sites there are."""

    name: str
    site_median_ms: float
    site_p95_ms: float
    national_median_ms: float
    national_p95_ms: float
    ratio: float  # national median / site median
    p95_ratio: float


def scaling(site: list[Result], national: list[Result]) -> list[Scaling]:
    """The read paths measured at both scales, matched by name (a path measured at only one
    scale is left out), in the national run's order."""
    before = {r.name: r for r in site}
    out = []
    for r in national:
        b = before.get(r.name)
        if b is None or not b.median_ms or not b.p95_ms:
            continue
        out.append(
            Scaling(
                r.name,
                b.median_ms,
                b.p95_ms,
                r.median_ms,
                r.p95_ms,
                round(r.median_ms / b.median_ms, 2),
                round(r.p95_ms / b.p95_ms, 2),
            )
        )
    return out


def results_from(path: Path) -> tuple[str, list[Result]]:
    """The scale and read results of an earlier run's results.json."""
    data = json.loads(path.read_text())
    reads = [Result(**r) for r in data.get("reads", [])]
    return (reads[0].scale if reads else ""), reads


def data_size() -> dict[str, int]:
    """How big the data set is: synthetic sites, participants and the largest tables' rows."""
    from goldenthread.casework.models import Contact, StatusRecord
    from goldenthread.core.models import Participant
    from goldenthread.evaluation.models import LegalSystemEvent

    return {
        "sites": Site.objects.filter(slug__startswith="synth-").count(),
        "participants": Participant.objects.count(),
        "contacts": Contact.objects.count(),
        "status_records": StatusRecord.objects.count(),
        "legal_events": LegalSystemEvent.objects.count(),
    }


def _registered(name: str) -> list[Any]:
    out: list[Any] = []
    for area in AREAS:
        try:
            module = import_module(f"goldenthread.{area}.bench")
        except ModuleNotFoundError as exc:
            if exc.name != f"goldenthread.{area}.bench":
                raise
            continue
        out += getattr(module, name, [])
    return out


def reads() -> list[BenchRead]:
    return _registered("READS")


def writes() -> list[BenchWrite]:
    return _registered("WRITES")


CLIENTS = 8


def _api_token(site: Site, role: str) -> str:
    from goldenthread.access.actions import token_create

    membership = (
        Membership.objects.filter(site=site, role=role, active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise RuntimeError(f"the site has no active {role}")
    return token_create(user=membership.user, site=site, name="bench", days=1)[1]


def _measure_write(write: BenchWrite, site: Site, base: str, n: int, seconds: float) -> WriteResult:
    token = _api_token(site, write.role)
    request_for = write.prepare(site, n + 200 * CLIENTS)
    numbers = iter(range(10**9))
    lock = threading.Lock()
    errors = done = 0

    def send() -> int:
        with lock:
            i = next(numbers)
        path, body = request_for(i)
        return post_json(base + path, token, body)[0]

    times = []
    for _ in range(n):
        started = time.perf_counter()
        errors += send() >= 300
        times.append((time.perf_counter() - started) * 1000)
    stop = time.perf_counter() + seconds

    def client() -> None:
        nonlocal errors, done
        while time.perf_counter() < stop:
            status = send()
            with lock:
                done += 1
                errors += status >= 300

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return WriteResult(
        write.name,
        round(statistics.median(times), 2),
        round(statistics.quantiles(times, n=20)[-1], 2),
        round(done / elapsed, 1),
        CLIENTS,
        errors,
    )


def run_writes(site: Site, n: int = 40, seconds: float = 5.0) -> list[WriteResult]:
    """Each registered write over HTTP against gunicorn: ``n`` one at a time for latency, then
    CLIENTS clients at once for ``seconds`` for throughput. Answers other than 2xx count as
    errors."""
    port = free_port()
    server = serve(port)
    try:
        return [_measure_write(w, site, f"http://127.0.0.1:{port}", n, seconds) for w in writes()]
    finally:
        server.terminate()
        server.wait(timeout=10)


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


def post_json(url: str, token: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """POST as an API client to a loopback server; (status, JSON body). A dead connection
    raises OSError. Used by the write benchmarks and the reliability drills."""
    request = urllib.request.Request(  # noqa: S310 - loopback
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310 - loopback  # nosec B310
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, {}


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


def write(
    results: list[Result],
    out_dir: Path,
    heavy: list[str] | None = None,
    writes: list[Any] | None = None,
    scaled: dict[str, Any] | None = None,
) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "results.json"
    path.write_text(
        json.dumps(
            {
                "machine": machine(),
                "reads": [asdict(r) for r in results],
                "writes": [asdict(w) for w in writes or []],
                "heavy_jobs": heavy or [],
                "scaling": scaled or {},
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
