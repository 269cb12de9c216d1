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
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goldenthread.settings")
application = get_wsgi_application()


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
