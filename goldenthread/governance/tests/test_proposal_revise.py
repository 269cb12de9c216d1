"""After a block, the PM revises the proposal: a new version, fresh positions, history kept."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import Proposal
from goldenthread.governance.tests.matrix import consensus

pytestmark = pytest.mark.django_db


def test_it_makes_a_new_version_that_starts_without_positions(world):
    old = consensus(world.alpha)
    old.positions.update(stance="block")
    response = world.api(Role.PM).post(
        f"/api/v1/governance/proposals/{old.pk}/revise",
        data={"text": "Lower threshold", "options": ["3 g"]},
        content_type="application/json",
    )
    assert response.status_code == 201
    new = Proposal.objects.get(pk=response.json()["id"])
    assert (new.version, new.revises_id, new.status) == (2, old.pk, "open")
    assert new.positions.count() == 0
    old.refresh_from_db()
    assert old.status == "superseded" and old.positions.count() == 2
    page = world.client(Role.PCG_MEMBER).get(f"/governance/proposals/{new.pk}/")
    assert b"Version 1" in page.content


def test_it_refuses_to_revise_a_decided_proposal(world):
    p = consensus(world.alpha)
    Proposal.objects.filter(pk=p.pk).update(status="decided")
    response = world.client(Role.PM).post(f"/governance/proposals/{p.pk}/revise/", {"text": "x"})
    assert response.status_code == 409
    assert Proposal.objects.count() == 1
