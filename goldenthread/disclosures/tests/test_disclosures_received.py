"""The list of disclosures addressed to me."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AccessEvent
from goldenthread.core.roles import Role
from goldenthread.disclosures import rules
from goldenthread.disclosures.tests import factories
from goldenthread.disclosures.tests.querycount import assert_flat
from goldenthread.legal.tests import factories as legal_factories


@pytest.mark.django_db
def test_it_lists_live_disclosures_to_me_and_logs_the_read(world):
    for _ in range(3):
        factories.disclosure(world, world.alpha)
    factories.disclosure(world, world.alpha, audience=rules.DEFENCE)
    factories.disclosure(world, world.beta)
    client = world.client(Role.PROSECUTOR)
    response = client.get("/disclosures/")
    assert response.status_code == 200
    assert rules.PART2_NOTICE.encode() in response.content
    assert len(response.context["disclosures"]) == 3
    assert AccessEvent.objects.filter(role="prosecutor", categories=["disclosures"]).exists()
    assert_flat(
        lambda: client.get("/disclosures/"),
        lambda: [factories.disclosure(world, world.alpha) for _ in range(3)],
    )


@pytest.mark.django_db
def test_it_gives_defence_counsel_only_their_clients_with_the_notice(world):
    client = factories.disclosure(world, world.alpha, audience=rules.DEFENCE)
    legal_factories.case(world, world.alpha, client.participant)
    factories.disclosure(world, world.alpha, audience=rules.DEFENCE)  # someone else's client
    rows = world.api(Role.DEFENDER).get("/api/v1/disclosures/received").json()
    assert [r["id"] for r in rows] == [client.pk]
    assert rows[0]["notice"] == rules.PART2_NOTICE
    assert "progress" not in rows[0]
