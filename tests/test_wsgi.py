"""The WSGI entry point (what gunicorn loads) leaves the objects it loaded out of the garbage
collector's walks and collects the youngest generation less often (ADR 0009), and loads its
views and matplotlib before its first request (ADR 0011)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any


def _run(probe: str) -> Any:
    """What a fresh Python that runs ``probe`` prints last, as JSON."""
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_the_worker_freezes_what_it_loaded_and_raises_the_youngest_threshold():
    probe = (
        "import gc, json; before = gc.get_threshold();"
        " import goldenthread.wsgi;"
        " print(json.dumps([before, gc.get_threshold(), gc.get_freeze_count()]))"
    )
    before, after, frozen = _run(probe)
    assert before == [700, 10, 10]
    assert after == [50_000, 20, 100]
    assert frozen > 50_000  # Django and the app as loaded (about 97,000 objects today)


def test_the_worker_loads_its_views_and_matplotlib_before_its_first_request():
    # A fresh worker's first dashboard took 1.1 s, 0.9 s of it these imports (ADR 0011).
    probe = (
        "import json, sys; loaded = lambda: ['goldenthread.api' in sys.modules,"
        " 'goldenthread.planning.views' in sys.modules, 'matplotlib.pyplot' in sys.modules];"
        " import django.core.wsgi; before = loaded();"
        " import goldenthread.wsgi; print(json.dumps([before, loaded()]))"
    )
    before, after = _run(probe)
    assert before == [False, False, False]
    assert after == [True, True, True]


def test_each_request_s_tcp_connection_sends_without_nagle_s_delay():
    # gunicorn writes a response's headers, then its body, and the body waited for the
    # client's delayed acknowledgement of the headers: the OWG roster's median over HTTP was
    # 44 ms, 30 of them in the worker (ADR 0012). In a fresh Python: importing the entry point
    # changes the process's garbage collector.
    probe = """
import io, json, socket
from goldenthread import wsgi
with socket.create_server(("127.0.0.1", 0)) as server:
    client = socket.create_connection(server.getsockname())
    conn, _ = server.accept()
    with client, conn:
        before = conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        answered = []
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": "/accounts/login/", "SERVER_NAME": "x",
            "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(), "gunicorn.socket": conn,
        }
        wsgi.application(environ, lambda status, headers: answered.append(status)).close()
        after = conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
a, b = socket.socketpair()  # a Unix socket, and no socket at all, are left as they are
wsgi.no_delay(a)
wsgi.no_delay(None)
print(json.dumps([before, answered, after]))
"""
    before, answered, after = _run(probe)
    assert before == 0
    assert answered == ["200 OK"]
    assert after != 0
