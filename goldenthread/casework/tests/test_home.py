"""What case management needs today, on the home page."""

from __future__ import annotations

import pytest

from goldenthread.casework.tests.factories import contact, flex_request
from goldenthread.core.roles import Role


@pytest.mark.django_db
def test_it_tells_the_cm_who_is_in_the_wind(world):
    contact(world.alpha, world.participant(), days_ago=50)
    body = world.client(Role.CM).get("/").content.decode()
    assert "1 in the wind, proposed for inactive" in body


@pytest.mark.django_db
def test_it_tells_the_supervisor_what_waits_for_approval(world):
    flex_request(world.alpha, world)
    assert b"Flex funds waiting for approval" in world.client(Role.SUPERVISOR).get("/").content
    assert b"Flex funds waiting for approval" not in world.client(Role.CM).get("/").content
