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
