"""An OWG administrative issue is escalated to the PCG as a draft proposal."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import Issue, Proposal
from goldenthread.governance.tests.matrix import MAKERS

pytestmark = pytest.mark.django_db


def test_it_drafts_a_pcg_proposal_and_keeps_the_issue(world):
    issue_id = MAKERS["gov_issue"](world, world.alpha)["issue_id"]
    response = world.client(Role.PM).post(f"/governance/issues/{issue_id}/escalate/")
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert (proposal.body.kind, proposal.status, proposal.escalated_from_id) == (
        "pcg",
        "draft",
        issue_id,
    )
    issue = Issue.objects.get(pk=issue_id)
    assert issue.status == "escalated"
    assert [h.status for h in issue.history.order_by("history_date")] == ["open", "escalated"]
    opened = world.api(Role.PM).post(f"/api/v1/governance/proposals/{proposal.pk}/open")
    assert opened.json()["status"] == "open"


def test_it_escalates_once(world):
    issue_id = MAKERS["gov_issue"](world, world.alpha)["issue_id"]
    world.client(Role.PM).post(f"/governance/issues/{issue_id}/escalate/")
    again = world.client(Role.PM).post(f"/governance/issues/{issue_id}/escalate/")
    assert again.status_code == 409
    assert Proposal.objects.count() == 1


def test_it_records_issues_only_on_an_owg(world):
    body_id = MAKERS["gov_body"](world, world.alpha)["body_id"]
    response = world.client(Role.PM).post(
        f"/governance/bodies/{body_id}/issues/", {"title": "X", "description": "Y"}
    )
    assert response.status_code == 422
    assert not Issue.objects.exists()
