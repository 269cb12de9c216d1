"""The PM's home page warns when the forecast sees the cap being exceeded."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.planning.tests.history import build_history


@pytest.mark.django_db
def test_it_shows_the_pm_the_forecasts_warning(world):
    client = world.client(Role.PM)
    assert b"No forecast yet." in client.get("/").content
    build_history(world, count=80)
    client.post("/planning/forecasts/", {"horizon_months": 12, "paths": 300})
    html = client.get("/").content.decode()
    assert "Chance the caseload exceeds the cap" in html
    assert "Case managers needed" in html


@pytest.mark.django_db
def test_it_shows_no_forecast_card_to_a_pcg_member(world):
    assert b"Caseload forecast" not in world.client(Role.PCG_MEMBER).get("/").content
