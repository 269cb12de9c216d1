"""The WSGI entry point (what gunicorn loads) leaves the objects it loaded out of the garbage
collector's walks and collects the youngest generation less often (ADR 0009)."""

from __future__ import annotations

import json
import subprocess
import sys


def test_the_worker_freezes_what_it_loaded_and_raises_the_youngest_threshold():
    probe = (
        "import gc, json; before = gc.get_threshold();"
        " import goldenthread.wsgi;"
        " print(json.dumps([before, gc.get_threshold(), gc.get_freeze_count()]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    before, after, frozen = json.loads(out.strip().splitlines()[-1])
    assert before == [700, 10, 10]
    assert after == [50_000, 20, 100]
    assert frozen > 50_000  # Django and the app as loaded (about 97,000 objects today)
