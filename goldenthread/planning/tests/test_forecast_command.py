"""``goldenthread forecast``: the same computation, with a progress bar on stderr."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from goldenthread.planning.models import ForecastRun
from goldenthread.planning.tests.history import build_history


@pytest.mark.django_db
def test_it_forecasts_with_a_progress_bar(world):
    build_history(world)
    out, err = StringIO(), StringIO()
    call_command(
        "forecast",
        "--site",
        "alpha",
        "--user",
        "pm",
        "--months",
        "12",
        "--paths",
        "300",
        stdout=out,
        stderr=err,
    )
    run = ForecastRun.objects.get()
    assert run.status == "done"
    assert "100%" in err.getvalue() and "[#" in err.getvalue()
    assert "Baseline: median caseload" in out.getvalue()


@pytest.mark.django_db
def test_it_only_queues_when_asked(world, monkeypatch):
    from goldenthread.planning import tasks

    queued: list[int] = []

    class Recorder:
        enqueue = staticmethod(queued.append)

    monkeypatch.setattr(tasks, "forecast_compute", Recorder)
    call_command("forecast", "--site", "alpha", "--user", "pm", "--queue", stdout=StringIO())
    assert ForecastRun.objects.get().status == "queued" and len(queued) == 1


@pytest.mark.django_db
def test_it_refuses_a_user_who_may_not_forecast(world):
    with pytest.raises(CommandError, match="may not run forecasts"):
        call_command("forecast", "--site", "alpha", "--user", "officer", stdout=StringIO())
    with pytest.raises(CommandError, match="may not run forecasts"):
        call_command("forecast", "--site", "beta", "--user", "pm", stdout=StringIO())


@pytest.mark.django_db
def test_it_reports_why_a_forecast_failed(world):
    with pytest.raises(CommandError, match="failed: No arrivals"):
        call_command(
            "forecast", "--site", "alpha", "--user", "pm", stdout=StringIO(), stderr=StringIO()
        )
