"""An administrative issue raised at the OWG meeting is escalated to the PCG through
governance's escalation path (an OWG issue → a draft PCG proposal)."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.conferencing.tests.matrix import meeting, owg_bodies
from goldenthread.core.roles import Role
from goldenthread.governance import queries as governance_queries

API = "/api/v1/conferencing"
ISSUE = {"title": "No shelter beds after 9 pm", "description": "Outreach cannot place people."}


def _escalate(world, meeting_id, body=ISSUE, role=Role.PM):
    return world.api(role).post(
        f"{API}/meetings/{meeting_id}/escalate",
        data=json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_records_the_issue_on_the_owg_body_and_drafts_a_pcg_proposal(world):
    pcg, owg = owg_bodies(world.alpha)
    m = meeting(world.alpha, "open", governance_body_id=owg.pk)

    response = _escalate(world, m.pk)

    assert response.status_code == 201
    out = response.json()
    assert out["title"] == ISSUE["title"] and out["status"] == "draft"
    pm = world.actor(Role.PM)
    proposal = governance_queries.proposal_for(pm, out["proposal_id"])
    assert proposal.body_id == pcg.pk
    assert ISSUE["description"] in proposal.text and m.title in proposal.text
    [issue] = governance_queries.issues_for(pm, owg)
    assert issue.status == "escalated" and issue.title == ISSUE["title"]
    actions = set(
        AuditEvent.objects.filter(site_id_ref=world.alpha.site.pk).values_list("action", flat=True)
    )
    assert {"meeting.escalate_issue", "issue.create", "issue.escalate"} <= actions


@pytest.mark.django_db
def test_it_refuses_a_meeting_not_linked_to_an_owg_body_and_saves_nothing(world):
    owg_bodies(world.alpha)
    m = meeting(world.alpha, "open")
    response = _escalate(world, m.pk)
    assert response.status_code == 422
    assert "governance_body_id" in response.content.decode()
    assert governance_queries.proposals_for(world.actor(Role.PM)).count() == 0


@pytest.mark.django_db
def test_it_names_a_missing_description(world):
    _pcg, owg = owg_bodies(world.alpha)
    m = meeting(world.alpha, "open", governance_body_id=owg.pk)
    response = _escalate(world, m.pk, {"title": "Beds", "description": " "})
    assert response.status_code == 422 and "description" in response.content.decode()


@pytest.mark.django_db
def test_it_escalates_from_the_meeting_page(world):
    _pcg, owg = owg_bodies(world.alpha)
    m = meeting(world.alpha, "open", governance_body_id=owg.pk)
    client = world.client(Role.PM)
    page = client.get(f"/conferencing/{m.pk}/")
    assert owg.name in page.content.decode() and "Escalate to the PCG" in page.content.decode()

    form = {f"escalate-{k}": v for k, v in ISSUE.items()}
    bad = client.post(f"/conferencing/{m.pk}/escalate/", {**form, "escalate-description": ""})
    assert bad.status_code == 422
    done = client.post(f"/conferencing/{m.pk}/escalate/", form)
    assert done.status_code == 302
    assert governance_queries.proposals_for(world.actor(Role.PM)).count() == 1
    # Partners at the table see the body's name, not the escalation form.
    seen = world.client(Role.PROSECUTOR).get(f"/conferencing/{m.pk}/").content.decode()
    assert owg.name in seen and "Escalate to the PCG" not in seen
