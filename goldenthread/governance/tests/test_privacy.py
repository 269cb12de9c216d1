"""Members see governance and aggregates, never participants; sites never mix."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.tests.matrix import MAKERS
from goldenthread.testing import rls_queries

pytestmark = pytest.mark.django_db


def test_it_shows_governance_members_no_participant(world):
    participant = world.participant(first_name="Zelda", last_name="Quill")
    for role in (Role.PCG_MEMBER, Role.CLT_MEMBER):
        api = world.api(role)
        assert api.get("/api/v1/participants").status_code == 404
        assert api.get(f"/api/v1/participants/{participant.pk}").status_code == 404
        for url in ("/", "/governance/", "/governance/policies/"):
            page = world.client(role).get(url)
            assert page.status_code == 200 and b"Quill" not in page.content


def test_it_hides_another_sites_governance(world):
    proposal_id = MAKERS["gov_proposal"](world, world.beta)["proposal_id"]
    assert (
        world.client(Role.PCG_MEMBER).get(f"/governance/proposals/{proposal_id}/").status_code
        == 404
    )
    assert world.api(Role.PM).get("/api/v1/governance/proposals").json() == []


def test_it_keeps_drafts_from_the_public_view(world):
    MAKERS["gov_policy"](world, world.alpha)
    assert world.api(Role.OFFICER).get("/api/v1/governance/policies").json() == []
    drafts = world.api(Role.PCG_MEMBER).get("/api/v1/governance/policies").json()
    assert drafts[0]["in_force"] is None and len(drafts[0]["drafts"]) == 1


def test_it_lists_proposals_without_a_query_per_row(world, django_assert_max_num_queries):
    for _ in range(5):
        MAKERS["gov_proposal"](world, world.alpha)
    client = world.client(Role.PM)
    with django_assert_max_num_queries(15 + rls_queries()):
        assert client.get("/governance/").status_code == 200
