"""The clinical supervisor approves or refuses; approval locks and charges the pool."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.casework.models import FlexFundRequest, LedgerEntry
from goldenthread.casework.tests.factories import flex_request, pool
from goldenthread.core.roles import Role


def _decide(world, request, body, role=Role.SUPERVISOR):
    return world.api(role).post(
        f"/api/v1/casework/flex/requests/{request.pk}/decide",
        data=json.dumps(body),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_approves_and_posts_the_spend(world):
    request = flex_request(world.alpha, world)
    response = _decide(world, request, {"approve": True, "note": "Bridge to move-in"})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert response.json()["decided_by"] == "supervisor"
    assert LedgerEntry.objects.get().amount == request.amount
    assert AuditEvent.objects.filter(action="flex_request.approve").exists()


@pytest.mark.django_db
def test_it_refuses_with_a_reason_and_posts_nothing(world):
    request = flex_request(world.alpha, world)
    assert _decide(world, request, {"approve": False}).status_code == 422
    response = _decide(world, request, {"approve": False, "note": "Housing authority can pay"})
    assert response.json()["status"] == "refused"
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_it_never_overdraws_the_pool(world):
    small = pool(world.alpha, budget="300.00")
    first = flex_request(world.alpha, world, pool=small, amount="200.00")
    second = flex_request(world.alpha, world, pool=small, amount="200.00")
    assert _decide(world, first, {"approve": True}).status_code == 200
    response = _decide(world, second, {"approve": True})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "amount"
    assert FlexFundRequest.objects.get(pk=second.pk).status == "pending"
    assert LedgerEntry.objects.count() == 1


@pytest.mark.django_db
def test_it_decides_only_once(world):
    request = flex_request(world.alpha, world)
    _decide(world, request, {"approve": True})
    assert _decide(world, request, {"approve": True}).status_code == 409
    assert LedgerEntry.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CM, Role.PM, Role.OUTREACH])
def test_it_lets_only_the_clinical_supervisor_approve(world, role):
    request = flex_request(world.alpha, world)
    assert _decide(world, request, {"approve": True}, role=role).status_code == 404
    assert not LedgerEntry.objects.exists()


@pytest.mark.django_db
def test_it_approves_through_the_page(world):
    request = flex_request(world.alpha, world, amount="120.50")
    client = world.client(Role.SUPERVISOR)
    assert b"Record decision" in client.get(f"/casework/flex/{request.pk}/").content
    response = client.post(f"/casework/flex/{request.pk}/decide/", {"decision": "approve"})
    assert response.status_code == 302
    assert LedgerEntry.objects.get().amount == Decimal("120.50")


@pytest.mark.django_db
def test_it_refuses_to_approve_for_someone_who_exited_since_the_request(world):
    request = flex_request(world.alpha, world)
    request.participant.state = "exited"
    request.participant.save()
    response = _decide(world, request, {"approve": True})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "participant"
    assert FlexFundRequest.objects.get(pk=request.pk).status == "pending"
    assert not LedgerEntry.objects.exists()
