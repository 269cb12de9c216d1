"""The API's participant list: the participants the actor may see, in name order, and a query
count that does not grow with them."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.testing import rls_queries


def _list(world, role=Role.PM):
    response = world.api(role).get("/api/v1/participants")
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db
def test_it_lists_the_sites_participants_by_name(world):
    world.participant(first_name="Zoe", last_name="Adams")
    world.participant(first_name="Al", last_name="Baker")
    world.participant(world.beta, first_name="Other", last_name="Site")
    rows = _list(world)
    assert [r["name"] for r in rows] == ["Zoe Adams", "Al Baker"]
    cm = world.alpha.users[Role.CM].get_username()
    assert rows[0]["state"] == "active" and rows[0]["case_manager"] == cm
    assert set(rows[0]) == {"id", "name", "state", "enrolled_on", "case_manager"}


@pytest.mark.django_db
def test_it_answers_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    _list(world)  # the token's first use is recorded once
    world.participant(first_name="First")
    # The token and the list; on PostgreSQL the site is bound and unset (access/rls.py).
    with django_assert_max_num_queries(2 + rls_queries()) as few:
        assert len(_list(world)) == 1
    for i in range(20):
        world.participant(first_name=f"P{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_list(world)) == 21
