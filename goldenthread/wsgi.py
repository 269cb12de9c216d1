"""WSGI entry point for gunicorn.

Once the application is loaded, the objects it made (modules, URL patterns, templates,
settings: hundreds of thousands) are moved out of the garbage collector's generations
(``gc.freeze``), and the youngest generation is collected every 50,000 allocations instead of
700: a page that builds a few thousand objects no longer sets off full collections that walk
everything the process has loaded. Reference counting still frees what requests leave behind
at once; the collector is for cycles. See docs/adr/0009-garbage-collection-in-workers.md.

Before that, the worker loads what its first requests would otherwise load (``warm``): every
URL pattern, with the views and the API they import, and matplotlib for the charts. A worker's
first dashboard took 1.1 s, 0.9 s of it these imports (docs/adr/0011-warm-workers.md).

Each request's connection sends without Nagle's delay (``TCP_NODELAY``): gunicorn writes a
response's headers and its body apart, and the body then waited for the client's delayed
acknowledgement of the headers (docs/adr/0012-tcp-nodelay.md).
"""

import contextlib
import gc
import os
import socket
from collections.abc import Callable, Iterable
from typing import Any

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goldenthread.settings")
django_application = get_wsgi_application()


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """Django's application, on a connection set to send at once (gunicorn's sync workers do
    not set ``TCP_NODELAY`` themselves)."""
    no_delay(environ.get("gunicorn.socket"))
    return django_application(environ, start_response)  # type: ignore[no-any-return]


def no_delay(sock: Any) -> None:
    """Send what is written at once, on a TCP socket (a Unix socket, or none, is left as it
    is)."""
    if getattr(sock, "family", None) in (socket.AF_INET, socket.AF_INET6):
        # A socket the client closed already: the response fails later, as it would have.
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def warm() -> None:
    """Import, once per worker at start, what the first requests would: the URL patterns
    (every view module and the API) and the charts' matplotlib."""
    from django.urls import get_resolver

    from goldenthread.planning import charts

    get_resolver().url_patterns  # noqa: B018 - loading them imports every view module
    charts.pyplot_loaded()


warm()

gc.freeze()
gc.set_threshold(50_000, 20, 100)
