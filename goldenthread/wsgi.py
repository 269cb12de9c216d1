"""WSGI entry point for gunicorn.

Once the application is loaded, the objects it made (modules, URL patterns, templates,
settings: hundreds of thousands) are moved out of the garbage collector's generations
(``gc.freeze``), and the youngest generation is collected every 50,000 allocations instead of
700: a page that builds a few thousand objects no longer sets off full collections that walk
everything the process has loaded. Reference counting still frees what requests leave behind
at once; the collector is for cycles. See docs/adr/0009-garbage-collection-in-workers.md.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goldenthread.settings")
application = get_wsgi_application()

gc.freeze()
gc.set_threshold(50_000, 20, 100)
