"""The demo site comes with scenarios and a finished forecast."""

from __future__ import annotations

from goldenthread.planning.models import ForecastRun, Scenario


def test_it_builds_a_finished_forecast_for_the_demo_site(demo_site):
    site = demo_site
    run = ForecastRun.objects.get(site=site)
    assert run.status == "done" and run.horizon_months == 24
    names = [o["name"] for o in run.results["outlooks"]]
    assert names[0] == "Baseline" and len(names) == 1 + Scenario.objects.filter(site=site).count()
    assert run.inputs["enrollments"] > 20
    # The demo's forecast reads its referrals: every door, with referrals that did not enrol.
    assert run.inputs["source"] == "referrals"
    doors = run.inputs["doors"]
    assert {"arrest", "social", "community"} <= set(doors)
    assert 0 < doors["arrest"]["conversion"] < 1 and 0 < doors["social"]["conversion"] < 1
