"""Every role's home page reads its cards in a fixed number of statements, however much the
site holds; on PostgreSQL the areas' cards ask for their kept queries together (ADR 23), so the
case manager's and the PM's home pages are one statement beside the request's own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from goldenthread.core.roles import Role
from goldenthread.testing import rls_queries
from goldenthread.testing_matrix import makers

pytestmark = pytest.mark.django_db

# The session and the signed-in user with their memberships.
SIGNED_IN = 2


def _statements(client) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    client.get("/")  # a connection asks each kept query's column types once
    with override_settings(COMPILED_QUERIES_CHECK=False), CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_every_roles_home_page_reads_a_fixed_number_of_statements(world):
    clients = {role: world.client(role) for role in Role}
    before = {role: _statements(client)[0] for role, client in clients.items()}
    # One of everything the areas make, and more participants.
    for make in makers().values():
        make(world, world.alpha)
    for i in range(5):
        world.participant(first_name=f"P{i}")
    after = {role: _statements(client) for role, client in clients.items()}
    assert {role: n for role, (n, _) in after.items()} == before
    # The cards did read the new rows.
    assert "My caseload" in after[Role.CM][1] and "Caseload" in after[Role.PM][1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one statement is PostgreSQL's")
@pytest.mark.parametrize("role", [Role.CM, Role.PM, Role.SUPERVISOR, Role.OUTREACH])
def test_on_postgresql_the_cards_are_one_statement(world, role):
    for make in makers().values():
        make(world, world.alpha)
    count, body = _statements(world.client(role))
    assert count == SIGNED_IN + 1 + rls_queries(), body
