"""What case management needs today, on the home page."""

from __future__ import annotations

from datetime import timedelta

import pytest

from goldenthread.casework.models import StatusRecord
from goldenthread.casework.queries import caseload_for
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


@pytest.mark.django_db
def test_its_caseload_card_counts_what_the_caseload_flags(world):
    """The card reads its own narrow query: it must agree with the caseload page's flags."""
    today = world.alpha.today()
    cm = world.alpha.users[Role.CM]
    # (state, days since the last contact or None, days since the last status or None)
    table = [
        ("active", 50, 10),  # in the wind, status fresh
        ("enrolled", None, None),  # never contacted (enrolled long ago), never a status
        ("inactive", 90, 40),  # in the wind but already inactive: not proposed; status due
        ("active", 2, 31),  # seen lately; status due
        ("active", 3, 5),  # nothing to do
        ("exited", 90, None),  # not on the caseload
    ]
    for state, contact_ago, status_ago in table:
        p = world.participant(state=state)
        if contact_ago is not None:
            contact(world.alpha, p, days_ago=contact_ago)
        if status_ago is not None:
            StatusRecord.objects.create(
                site=world.alpha.site,
                participant=p,
                domain="housing",
                value="sheltered",
                recorded_on=today - timedelta(days=status_ago),
                recorded_by=cm,
            )
    other = world.participant(state="active")
    other.case_manager = None  # unassigned: not this CM's
    other.save()
    rows = caseload_for(world.actor(Role.CM))
    wind = sum(r.propose_inactive for r in rows)
    due = sum(r.status_due for r in rows)
    assert (len(rows), wind, due) == (5, 2, 3)
    body = world.client(Role.CM).get("/").content.decode()
    assert f"{wind} in the wind, proposed for inactive" in body
    assert f"{due} with a monthly status due" in body
