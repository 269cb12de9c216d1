"""The CLT's community view: aggregates only, small cells suppressed at the site's
configurable threshold."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.planning.tests.history import NAMES, build_history
from goldenthread.referrals.tests.makers import referral

JSON = "application/json"


def _referrals(site, north=7, south=2):
    for _ in range(north):
        referral(site, door="social", area="North", state="declined")
    for _ in range(south):
        referral(site, door="arrest", area="South", state="enrolled")


@pytest.mark.django_db
def test_a_clt_member_sees_community_figures_without_a_person(world):
    build_history(world, count=30)
    _referrals(world.alpha)
    _referrals(world.beta, north=20)  # another site never counts
    page = world.client(Role.CLT_MEMBER).get("/planning/community/")
    html = page.content.decode()
    assert page.status_code == 200 and "Community view" in html
    assert 'href="/planning/community/"' in html  # in the CLT member's navigation
    for name in NAMES:
        assert not any(part in html for part in name.split())
    assert "Quinn" not in html and "Okonkwo" not in html  # the referrals' names
    body = world.api(Role.CLT_MEMBER).get("/api/v1/planning/community").json()
    assert body["referrals"]["by_region"] == {"North": "7", "South": "<5"}
    assert body["referrals"]["by_door"] == {
        "arrest": {"enrolled": "<5"},
        "social": {"declined": "7"},
    }
    north = world.api(Role.CLT_MEMBER).get("/api/v1/planning/community?region=south").json()
    assert north["referrals"]["total"] == "<5" and north["filters"] == {"region": "South"}


def _numbers(value, key=""):
    """Every count in a report's JSON that shows as a number, with its key."""
    if isinstance(value, dict):
        return [c for k, v in value.items() for c in _numbers(v, k)]
    if isinstance(value, list):
        return [c for v in value for c in _numbers(v, key)]
    if isinstance(value, str) and value.isdigit():
        return [(key, int(value))]
    return []


@pytest.mark.django_db
def test_no_cell_below_the_threshold_ever_shows_a_number(world):
    build_history(world, count=3)
    _referrals(world.alpha, north=1, south=4)
    for path in ("/api/v1/planning/community", "/api/v1/planning/report"):
        cells = _numbers(world.api(Role.CLT_MEMBER).get(path).json())
        assert cells, path
        assert all(n == 0 or n >= 5 for _, n in cells), (path, cells)


@pytest.mark.django_db
def test_the_pm_raises_the_threshold_and_every_view_follows(world):
    _referrals(world.alpha, north=7, south=0)
    api = world.api(Role.PM)
    response = api.put("/api/v1/planning/report-settings", {"small_cell": 8}, content_type=JSON)
    assert response.status_code == 200 and response.json() == {"small_cell": 8}
    body = world.api(Role.CLT_MEMBER).get("/api/v1/planning/community").json()
    assert body["small_cell"] == 8 and body["referrals"]["by_region"] == {"North": "<8"}
    html = world.client(Role.PCG_MEMBER).get("/planning/report/").content.decode()
    assert "&lt;8" in html
    refused = api.put("/api/v1/planning/report-settings", {"small_cell": 2}, content_type=JSON)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "small_cell"
    page = world.client(Role.PM).post("/planning/report/settings/", {"small_cell": "3"})
    assert page.status_code == 302
    assert world.api(Role.CLT_MEMBER).get("/api/v1/planning/community").json()["small_cell"] == 8
    from goldenthread.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="report_settings.update").count() == 1
