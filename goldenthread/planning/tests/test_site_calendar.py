"""The PM's "today" is the site's date, not the server's: at 03:00 UTC on 1 January it is
still 31 December in Seattle, so the default quarter is the old year's fourth, and an
as-of date of 1 January is in the future."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from unittest import mock

import pytest

from goldenthread.core.roles import Role
from goldenthread.planning.models import ForecastRun

NEW_YEAR_UTC = datetime(2027, 1, 1, 3, 0, tzinfo=UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "as_of", "quarter"),
    [
        ("America/Los_Angeles", "2026-12-31", "2026Q4"),  # 19:00 on 31 December
        ("Europe/Berlin", "2027-01-01", "2027Q1"),  # 04:00 on 1 January
    ],
)
def test_the_report_is_dated_in_the_sites_calendar(world, zone, as_of, quarter):
    site = world.alpha.site
    site.time_zone = zone
    site.save()
    with mock.patch("django.utils.timezone.now", return_value=NEW_YEAR_UTC):
        body = world.api(Role.PM).get("/api/v1/planning/report").json()
    assert (body["as_of"], body["quarter"]) == (as_of, quarter)


@pytest.mark.django_db
def test_a_forecast_as_of_the_servers_new_day_is_refused_while_the_site_is_still_in_the_old(
    world,
):
    with mock.patch("django.utils.timezone.now", return_value=NEW_YEAR_UTC):
        response = world.api(Role.PM).post(
            "/api/v1/planning/forecasts",
            data=json.dumps({"horizon_months": 12, "paths": 200, "as_of": "2027-01-01"}),
            content_type="application/json",
        )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "as_of"
    assert not ForecastRun.objects.exists()
