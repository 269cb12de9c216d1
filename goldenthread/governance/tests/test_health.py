"""The governance health page: the core-principle checks, as warnings for the PM."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import Body, CommunityCheckin, Seat
from goldenthread.governance.tests.matrix import FORMED, pcg
from goldenthread.testing import site_today

pytestmark = pytest.mark.django_db


def _codes(world):  # type: ignore[no-untyped-def]
    return {w["code"] for w in world.api(Role.PM).get("/api/v1/governance/health").json()}


def test_it_warns_when_there_is_no_pcg_and_no_checkin(world):
    assert _codes(world) >= {"no_pcg", "checkin_overdue"}


def test_it_warns_when_the_pcg_came_after_launch(world):
    pcg(world.alpha)
    world.api(Role.PM).put(
        "/api/v1/governance/settings",
        data={"launch_on": "2024-01-01", "checkin_interval_days": 30},
        content_type="application/json",
    )
    assert "pcg_after_launch" in _codes(world)


def test_it_warns_about_seats_not_senior_and_authorised(world):
    body = pcg(world.alpha)
    Seat.objects.create(
        site=world.alpha.site,
        body=body,
        name="Deputy",
        agency=world.alpha.agencies["police"],
        start_on=FORMED,
    )
    response = world.client(Role.PM).get("/governance/health/")
    assert b"PCG member Deputy is not recorded as senior and authorised" in response.content


def test_it_warns_when_a_convened_clt_is_not_on_the_pcg(world):
    site = world.alpha.site
    pcg(world.alpha)
    clt = Body.objects.create(site=site, kind="clt", name="CLT", formed_on=FORMED)
    Seat.objects.create(
        site=site,
        body=clt,
        name="Organiser",
        agency=world.alpha.agencies["defender"],
        start_on=FORMED,
        sector="civil_rights",
    )
    codes = _codes(world)
    assert {"clt_not_on_pcg", "clt_sectors_missing", "clt_most_affected"} <= codes
    assert "checkin_overdue" not in codes, "a convened CLT replaces check-ins"


def test_it_checks_the_pm_safeguards_when_the_pm_org_is_not_independent(world):
    pcg(world.alpha)
    CommunityCheckin.objects.create(site=world.alpha.site, leader="A", held_on=site_today())
    assert "pm_not_independent" in _codes(world)  # the world's PM org is not independent
    world.api(Role.PM).put(
        "/api/v1/governance/settings",
        data={"pcg_oversees_pm": True, "checkin_interval_days": 30},
        content_type="application/json",
    )
    Body.objects.create(
        site=world.alpha.site,
        kind="committee",
        name="PM oversight",
        formed_on=FORMED,
        oversees_pm=True,
    )
    assert _codes(world) == set()


def test_it_shows_the_pm_a_card_on_the_home_page(world):
    response = world.client(Role.PM).get("/")
    assert b"Governance warnings" in response.content
