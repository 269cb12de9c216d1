"""The PM builds a PCG agenda from pending items."""

from __future__ import annotations

from datetime import date

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import ActionItem, Body, Issue, Meeting
from goldenthread.governance.tests.matrix import FORMED, pcg, proposal

pytestmark = pytest.mark.django_db


def test_it_adds_proposals_escalations_and_overdue_items_once(world):
    site = world.alpha.site
    body = pcg(world.alpha)
    proposal(world.alpha, topic="funding")
    owg = Body.objects.create(site=site, kind="owg", name="OWG", scope="citywide", formed_on=FORMED)
    issue = Issue.objects.create(site=site, body=owg, title="Weekend hand-offs", description="…")
    world.api(Role.PM).post(f"/api/v1/governance/issues/{issue.pk}/escalate")
    earlier = Meeting.objects.create(site=site, body=body, held_on=date(2026, 1, 1))
    ActionItem.objects.create(
        site=site,
        meeting=earlier,
        title="Send the data",
        owner_agency=world.alpha.memberships[Role.PM].agency,
        due_on=date(2026, 1, 15),
    )
    meeting = Meeting.objects.create(site=site, body=body, held_on=date(2026, 2, 1))
    url = f"/api/v1/governance/meetings/{meeting.pk}/agenda/build"
    agenda = world.api(Role.PM).post(url).json()["agenda"]
    titles = [a["title"] for a in agenda]
    assert any(t.startswith("Decision: Raise the threshold") for t in titles)
    assert any("Escalated from OWG: Weekend hand-offs" in t for t in titles)
    assert any(t.startswith("Overdue: Send the data") for t in titles)
    assert {a["topic"] for a in agenda} >= {"funding", "operations"}
    again = world.api(Role.PM).post(url).json()["agenda"]
    assert len(again) == len(agenda)
