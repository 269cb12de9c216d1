"""The PM's Golden Rule review of flagged adverse actions."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.legal.models import Decision
from goldenthread.legal.tests import factories


@pytest.mark.django_db
def test_it_lists_flagged_actions_with_the_facts_and_records_the_outcome(world):
    decision = factories.flagged_decision(world, world.alpha)
    rows = world.api(Role.PM).get("/api/v1/legal/reviews").json()
    assert rows[0]["id"] == decision.pk and rows[0]["taint_facts"]
    assert rows[0]["basis"][0]["kind"] == "police_report"
    response = world.api(Role.PM).post(
        f"/api/v1/legal/reviews/{decision.pk}",
        data=json.dumps({"outcome": "cleared", "note": "Report predates the disclosure."}),
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["review_outcome"] == "cleared"
    decision.refresh_from_db()
    assert decision.kind == "file_charges", "the review never changes the prosecutor's decision"
    assert AuditEvent.objects.filter(action="decision.review").exists()


@pytest.mark.django_db
def test_it_needs_an_outcome_and_a_note_and_records_once(world):
    decision = factories.flagged_decision(world, world.alpha)
    client = world.client(Role.PM)
    bad = client.post(f"/legal/reviews/{decision.pk}/", {"outcome": "cleared"})
    assert bad.status_code == 422
    assert Decision.objects.get().review_outcome == ""
    ok = client.post(f"/legal/reviews/{decision.pk}/", {"outcome": "concern", "note": "x"})
    assert ok.status_code == 302
    again = client.post(f"/legal/reviews/{decision.pk}/", {"outcome": "cleared", "note": "y"})
    assert again.status_code == 422 and Decision.objects.get().review_outcome == "concern"
