"""Filters by period, OWG region and door: validated (a bad value is refused naming the
parameter), in the URL, and the same in the API."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from goldenthread.core.roles import Role
from goldenthread.planning import rules
from goldenthread.referrals.tests.makers import referral

TODAY = date(2026, 8, 15)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("", date(2025, 9, 1), date(2026, 9, 1)),
        ("2025", date(2025, 1, 1), date(2026, 1, 1)),
        ("2026q1", date(2026, 1, 1), date(2026, 4, 1)),
        ("2026Q3", date(2026, 7, 1), date(2026, 10, 1)),
        ("2026-05", date(2026, 5, 1), date(2026, 6, 1)),
        ("2025-07..2026-06", date(2025, 7, 1), date(2026, 7, 1)),
    ],
)
def test_a_period_is_read_as_written(text, start, end):
    period = rules.parse_period(text, TODAY)
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027", "in the future"),
        ("2026Q4", "in the future"),
        ("2026-09", "in the future"),
        ("2026-13", "numbered 1 to 12"),
        ("2026Q5", "numbered 1 to 4"),
        ("2026-06..2026-01", "ends before it starts"),
        ("last spring", "Write the period"),
    ],
)
def test_a_bad_period_is_refused_naming_the_parameter(text, message):
    with pytest.raises(rules.FilterError) as caught:
        rules.parse_period(text, TODAY)
    assert caught.value.field == "period" and message in caught.value.message


def test_region_and_door_are_checked_against_what_the_site_has():
    found = rules.parse_filters({"region": "north", "door": "SOCIAL"}, TODAY, regions=["North"])
    assert (found.region, found.door) == ("North", "social")
    assert found.query() == {"region": "North", "door": "social"}
    for params, field in (({"region": "Atlantis"}, "region"), ({"door": "window"}, "door")):
        with pytest.raises(rules.FilterError) as caught:
            rules.parse_filters(params, TODAY, regions=["North"])
        assert caught.value.field == field


def _referrals(site):
    referral(site, door="arrest", area="North", state="enrolled")
    referral(site, door="social", area="North", state="declined")
    referral(site, door="social", area="South", state="ineligible")
    old = referral(site, door="arrest", area="South", state="ineligible")
    old.contact_at = timezone.now().replace(year=timezone.now().year - 3)
    old.save(update_fields=["contact_at"])


@pytest.mark.django_db
def test_the_dashboard_and_its_api_narrow_by_region_door_and_period(world):
    _referrals(world.alpha)
    _referrals(world.beta)  # another site never counts
    api = world.api(Role.PM)
    assert api.get("/api/v1/planning/dashboard").json()["referrals"] == {
        "arrest": {"enrolled": 1},
        "social": {"declined": 1, "ineligible": 1},
    }
    north = api.get("/api/v1/planning/dashboard?region=north").json()
    assert north["referrals"] == {"arrest": {"enrolled": 1}, "social": {"declined": 1}}
    assert north["filters"] == {"region": "North"}
    social_south = api.get("/api/v1/planning/dashboard?region=South&door=social").json()
    assert social_south["referrals"] == {"social": {"ineligible": 1}}
    three_years_ago = str(timezone.now().year - 3)
    old = api.get(f"/api/v1/planning/dashboard?period={three_years_ago}").json()
    assert old["referrals"] == {"arrest": {"ineligible": 1}}
    page = world.client(Role.PM).get("/planning/?region=North&door=social")
    html = page.content.decode()
    assert page.status_code == 200 and 'value="North"' in html
    assert "region North, door social" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [("period=2999", "period"), ("region=Atlantis", "region"), ("door=window", "door")],
)
def test_a_bad_filter_is_refused_by_name_on_pages_and_api(world, query, field):
    _referrals(world.alpha)
    for path in ("/api/v1/planning/dashboard", "/api/v1/planning/report"):
        response = world.api(Role.PM).get(f"{path}?{query}")
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == field
    for path in ("/planning/", "/planning/report/", "/planning/community/"):
        page = world.client(Role.PM).get(f"{path}?{query}")
        assert page.status_code == 422
        assert f"{field}: " in page.content.decode()
    for path in ("/planning/report.csv", "/planning/report.pdf"):
        response = world.client(Role.PM).get(f"{path}?{query}")
        assert response.status_code == 422 and response.content.decode().startswith(field)
