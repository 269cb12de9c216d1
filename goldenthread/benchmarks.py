"""`make bench`: read paths over HTTP against gunicorn, with their query counts and a floor;
write paths; and a mixed load test.

Areas register read paths in ``goldenthread/<area>/bench.py`` as ``READS`` (BenchRead). Each
path is requested over real HTTP with an authenticated session; its queries are counted
in-process; its floor is the same rows fetched by one hand-written SQL query and serialised
with ``orjson`` (the fastest JSON encoder), in this process. Write paths (``WRITES``,
BenchWrite) are sent over HTTP with an API token. The load test (``run_load``) mixes both by
their weights, with more and more concurrent clients (docs/adr/0005-load-generator.md).
"""

from __future__ import annotations

import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from importlib import import_module
from pathlib import Path
from typing import Any

import orjson
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from goldenthread.core.models import Membership, Site
from goldenthread.web.nav import AREAS


@dataclass(frozen=True)
class BenchRead:
    """A read path: its name, the role that reads it, how to build its URL for a site, and the
    hand-written SQL (with ``%(site)s`` and ``%(user)s``, the reader) that fetches the same rows,
    for the floor; ``weight`` is its share of the reads in the load test's mix."""

    name: str
    role: str
    url: Callable[[Site, Any], str]
    floor_sql: str | None = None
    weight: float = 1.0


@dataclass(frozen=True)
class BenchWrite:
    """A write path: its name, the role that writes, and ``prepare(site, n)``, which sets up
    what ``n`` writes need and returns the i-th request as ``(path, JSON body)``; each request
    writes a new record. ``weight`` is its share of the writes in the load test's mix.
    ``forget(site)``, when given, removes what the writes made that would otherwise pile up
    from run to run in what the read paths read (``forget_writes``), and returns how many."""

    name: str
    role: str
    prepare: Callable[[Site, int], Callable[[int], tuple[str, dict[str, Any]]]]
    weight: float = 1.0
    forget: Callable[[Site], int] | None = None


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
    from django.apps import apps  # by name: the foundation imports no domain area

    from goldenthread.core.models import Participant

    Contact, StatusRecord = (
        apps.get_model("casework.Contact"),
        apps.get_model("casework.StatusRecord"),
    )
    LegalSystemEvent = apps.get_model("evaluation.LegalSystemEvent")
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

    elapsed = _run_clients(lambda n: client(), CLIENTS)
    return WriteResult(
        write.name,
        round(statistics.median(times), 2),
        round(statistics.quantiles(times, n=20)[-1], 2),
        round(done / elapsed, 1),
        CLIENTS,
        errors,
    )


def _run_clients(client: Callable[[int], object], n: int) -> float:
    """Run ``client(0..n-1)`` in ``n`` threads at once; the wall time until all are done."""
    threads = [threading.Thread(target=client, args=(i,)) for i in range(n)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started


def run_writes(site: Site, n: int = 40, seconds: float = 5.0) -> list[WriteResult]:
    """Each registered write over HTTP against gunicorn: ``n`` one at a time for latency, then
    CLIENTS clients at once for ``seconds`` for throughput. Answers other than 2xx count as
    errors."""
    port = free_port()
    server = serve(port)
    try:
        return [_measure_write(w, site, f"http://127.0.0.1:{port}", n, seconds) for w in writes()]
    finally:
        stop(server)


def forget_writes(site: Site) -> dict[str, int]:
    """What each write path's ``forget`` removed at ``site`` after the writes and the load, by
    the path's name: the bench database is used again run after run, and the read paths must
    not slow down with the bench's own writes."""
    return {w.name: w.forget(site) for w in writes() if w.forget is not None}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# gunicorn's sync workers in the read and write timings (the load test sets its own).
SERVE_WORKERS = 2


def serve(
    port: int, workers: int = SERVE_WORKERS, threads: int = 1, **env_vars: str
) -> subprocess.Popen:
    """gunicorn on a loopback port, in production mode with DEBUG off; returns once it answers.
    ``threads`` above 1 runs the gthread worker. ``env_vars`` override the environment (e.g.
    DATABASE_URL)."""
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
            *(["-k", "gthread", "--threads", str(threads)] if threads > 1 else []),
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


def stop(server: subprocess.Popen, grace: float = 10.0) -> None:
    """Stop a gunicorn that ``serve`` started: TERM, then, if its workers are still busy after
    ``grace`` seconds, KILL its whole process group, so that the results measured before it
    are written rather than lost to a timeout."""
    server.terminate()
    try:
        server.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


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


def _browser_cookie(user: Any) -> str:
    """The ``Cookie`` header of a browser signed in as ``user``: its session, and the CSRF
    cookie a browser keeps from its first page with a form. Without the CSRF cookie every page
    with a form made a new secret (64 calls of the system's random source) and set the cookie
    again, which no browser makes a server do on every page."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={_csrf_secret()}"


def _csrf_secret() -> str:
    from django.middleware.csrf import _get_new_csrf_string

    return _get_new_csrf_string()


# Untimed requests before a path is timed: rounds of as many at once as the server has workers.
WARM_ROUNDS = 3


def _get(req: urllib.request.Request) -> int:
    with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 - loopback only  # nosec B310
        resp.read()
        return int(resp.status)


def _time(url: str, cookie: str, n: int, workers: int = SERVE_WORKERS) -> tuple[list[float], int]:
    """``n`` timed requests one after another, after a warm-up that reaches every worker: a
    sync worker serves one request at a time, so ``workers`` requests sent at once go to as
    many workers. One by one, a worker could see a path first while it was timed (its
    templates, its charts: one dashboard request of 30 took 500 ms, which was its p95)."""
    req = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310
    with ThreadPoolExecutor(workers) as pool:
        for _ in range(WARM_ROUNDS):
            list(pool.map(_get, [req] * workers))
    times, status = [], 0
    for _ in range(n):
        started = time.perf_counter()
        status = _get(req)
        times.append((time.perf_counter() - started) * 1000)
    return times, status


def _floor(sql: str, site: Site, user: Any, n: int) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute(sql, {"site": site.pk, "user": user.pk})
            cols = [c[0] for c in cur.description or []]
            rows = [dict(zip(cols, row, strict=False)) for row in cur.fetchall()]
            orjson.dumps(rows, default=str)
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
                .order_by("pk")  # the same user every run, as the load mix picks
                .first()
            )
            if membership is None:
                continue
            path = read.url(site, membership.user)
            client = Client()
            client.force_login(membership.user)
            # Counted on the session's second request: the first also pays for the session's
            # own state (it varied the worklist's count from 23 to 28 on the same data).
            client.get(path, HTTP_HOST="127.0.0.1")
            with CaptureQueriesContext(connection) as ctx:
                client.get(path, HTTP_HOST="127.0.0.1")
            times, status = _time(
                f"http://127.0.0.1:{port}{path}", _browser_cookie(membership.user), n
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
        stop(server)
    return results


LOAD_P95_MS = 200.0
LOAD_TARGET_RPS = 300.0
LOAD_CLIENTS = (2, 4, 8, 16, 32)
# An upper bound on what a closed-loop client mix can reach here, to prepare enough writes.
_LOAD_RPS_BOUND = 1500


@dataclass
class LoadStep:
    clients: int
    seconds: float
    requests: int
    writes: int
    rps: float
    median_ms: float
    p95_ms: float
    errors: int
    error_kinds: dict[str, int]


@dataclass
class LoadResult:
    workers: int
    threads: int
    write_share: float
    p95_limit_ms: float
    target_rps: float
    steps: list[LoadStep]
    sustained_clients: int | None
    sustained_rps: float | None
    errors: int


@dataclass(frozen=True)
class _LoadRequest:
    name: str
    url: str
    headers: dict[str, str]
    body: bytes | None = None


class _Mix:
    """The weighted workload: read paths over their role's session, write paths over their
    role's API token, each write a new record."""

    def __init__(self, site: Site, base: str, write_share: float, n_writes: int) -> None:
        self.reads: list[_LoadRequest] = []
        read_weights: list[float] = []
        sessions: dict[str, str] = {}
        for read in reads():
            membership = (
                Membership.objects.filter(site=site, role=read.role, active=True)
                .select_related("user")
                .order_by("pk")
                .first()
            )
            if membership is None:
                continue
            if read.role not in sessions:
                sessions[read.role] = _browser_cookie(membership.user)
            cookie = {"Cookie": sessions[read.role]}
            self.reads.append(
                _LoadRequest(read.name, base + read.url(site, membership.user), cookie)
            )
            read_weights.append(read.weight)
        self.read_weights = read_weights
        self.writes = writes()
        total = sum(w.weight for w in self.writes) or 1.0
        self.capacity = [max(10, int(n_writes * w.weight / total) + 10) for w in self.writes]
        tokens: dict[str, str] = {}
        self.request_for = []
        for w, cap in zip(self.writes, self.capacity, strict=True):
            if w.role not in tokens:
                tokens[w.role] = _api_token(site, w.role)
            self.request_for.append((w.prepare(site, cap), tokens[w.role]))
        self.write_weights = [w.weight for w in self.writes]
        self.write_share = write_share if self.writes else 0.0
        self.base = base
        self._next = [0] * len(self.writes)
        self._lock = threading.Lock()

    def pick(self, rng: random.Random) -> _LoadRequest:
        if rng.random() >= self.write_share:
            return rng.choices(self.reads, weights=self.read_weights)[0]
        k = rng.choices(range(len(self.writes)), weights=self.write_weights)[0]
        with self._lock:
            i = self._next[k]
            self._next[k] += 1
        if i >= self.capacity[k]:
            raise RuntimeError(f"only {self.capacity[k]} writes were prepared")
        make, token = self.request_for[k]
        path, body = make(i)
        return _LoadRequest(
            self.writes[k].name,
            self.base + path,
            {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            json.dumps(body).encode(),
        )


def _send(req: _LoadRequest) -> int:
    request = urllib.request.Request(  # noqa: S310 - loopback
        req.url, data=req.body, headers=req.headers, method="POST" if req.body else "GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310 - loopback  # nosec B310
            resp.read()
            return int(resp.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _load_step(mix: _Mix, clients: int, seconds: float, seed: int) -> LoadStep:
    lock = threading.Lock()
    times: list[float] = []
    kinds: dict[str, int] = {}
    writes_done = 0
    stop = time.perf_counter() + seconds

    def client(n: int) -> None:
        nonlocal writes_done
        rng = random.Random(seed * 1000 + n)  # noqa: S311 - a workload mix, not a secret  # nosec B311
        while time.perf_counter() < stop:
            started = time.perf_counter()
            kind = None
            is_write = False
            try:
                req = mix.pick(rng)
                is_write = req.body is not None
                status = _send(req)
                if status >= 400:
                    kind = f"{status} {req.name}"
            except Exception as exc:  # any exception is an error of the run, counted
                kind = type(exc).__name__
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                times.append(elapsed)
                writes_done += is_write
                if kind:
                    kinds[kind] = kinds.get(kind, 0) + 1

    wall = _run_clients(client, clients)
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else (times or [0.0])[0]
    return LoadStep(
        clients,
        round(wall, 2),
        len(times),
        writes_done,
        round(len(times) / wall, 1),
        round(statistics.median(times), 2) if times else 0.0,
        round(p95, 2),
        sum(kinds.values()),
        kinds,
    )


def run_load(
    site: Site,
    seconds: float = 5.0,
    clients: tuple[int, ...] = LOAD_CLIENTS,
    write_share: float = 0.1,
    workers: int = 2,
    threads: int = 1,
    on_step: Callable[[LoadStep], None] | None = None,
    env: dict[str, str] | None = None,
) -> LoadResult:
    """The mixed workload against gunicorn: for each number of concurrent clients in turn,
    closed-loop clients (no think time) send weighted reads over sessions and, ``write_share``
    of the time, weighted writes over API tokens, for ``seconds``. The sustained rate is the
    highest step whose p95 stays within LOAD_P95_MS. Any answer of 400 or above, or any
    exception, is an error. ``env`` overrides gunicorn's environment (e.g. DATABASE_URL)."""
    port = free_port()
    server = serve(port, workers=workers, threads=threads, **(env or {}))
    try:
        n_writes = int(_LOAD_RPS_BOUND * seconds * len(clients) * write_share)
        mix = _Mix(site, f"http://127.0.0.1:{port}", write_share, n_writes)
        # Warm every worker's caches (a chart drawn once per process, for one) before the
        # first step: as many clients as workers, each through every read path, at once.
        _run_clients(lambda n: [_send(req) for req in mix.reads], workers)
        steps = []
        for seed, n in enumerate(clients):
            step = _load_step(mix, n, seconds, seed)
            steps.append(step)
            if on_step:
                on_step(step)
    finally:
        stop(server)
    within = [s for s in steps if s.p95_ms <= LOAD_P95_MS and not s.errors]
    best = max(within, key=lambda s: s.clients, default=None)
    return LoadResult(
        workers,
        threads,
        write_share,
        LOAD_P95_MS,
        LOAD_TARGET_RPS,
        steps,
        best.clients if best else None,
        best.rps if best else None,
        sum(s.errors for s in steps),
    )


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
    load: LoadResult | None = None,
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
                "load": asdict(load) if load else None,
                "scaling": scaled or {},
            },
            indent=2,
        )
    )
    _chart(results, out_dir / "results.svg")
    if load and load.steps:
        _load_chart(load, out_dir / "load.svg")
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


def _load_chart(load: LoadResult, target: Path) -> None:
    import matplotlib

    matplotlib.use("svg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4))
    clients = [s.clients for s in load.steps]
    ax.plot(clients, [s.rps for s in load.steps], "o-", color="#0b5cad", label="requests/s")
    ax.axhline(load.target_rps, color="#0b5cad", linestyle=":", label="target rps")
    ax.set_xscale("log", base=2)
    ax.set_xticks(clients, [str(c) for c in clients])
    ax.set_xlabel("concurrent clients")
    ax.set_ylabel("requests per second")
    p95 = ax.twinx()
    p95.plot(clients, [s.p95_ms for s in load.steps], "s--", color="#a4161a", label="p95 ms")
    p95.axhline(load.p95_limit_ms, color="#a4161a", linestyle=":", label="p95 limit")
    p95.set_ylabel("p95 ms")
    lines = ax.get_legend_handles_labels()
    more = p95.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], loc="upper left")
    fig.tight_layout()
    fig.savefig(target)
    plt.close(fig)
