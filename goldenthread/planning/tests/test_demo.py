"""The demo site comes with scenarios and a finished forecast."""

from __future__ import annotations

import pytest

from goldenthread.core.demo import build_demo
from goldenthread.planning.models import ForecastRun, Scenario


@pytest.mark.django_db
def test_it_builds_a_finished_forecast_for_the_demo_site():
    site = build_demo()
    run = ForecastRun.objects.get(site=site)
    assert run.status == "done" and run.horizon_months == 24
    names = [o["name"] for o in run.results["outlooks"]]
    assert names[0] == "Baseline" and len(names) == 1 + Scenario.objects.filter(site=site).count()
    assert run.inputs["enrollments"] > 20
