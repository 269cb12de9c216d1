"""Two approvals racing on the last dollars of a pool: one wins, the other is refused, and the
pool is never overdrawn. Real concurrent transactions need PostgreSQL (SQLite serialises
writers at BEGIN IMMEDIATE, so the race cannot happen there)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum

from goldenthread.access.actor import Refused
from goldenthread.casework import actions
from goldenthread.casework.models import FlexFundRequest, LedgerEntry
from goldenthread.casework.tests.factories import flex_request, pool
from goldenthread.core.roles import Role
from goldenthread.testing import build_world


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    return build_world()


@pytest.mark.postgres
def test_it_lets_one_of_two_racing_approvals_win(world):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL")
    last = pool(world.alpha, budget="500.00")
    requests = [flex_request(world.alpha, world, pool=last, amount="300.00") for _ in range(2)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(request: FlexFundRequest) -> None:
        actor = world.actor(Role.SUPERVISOR)
        try:
            start.wait()
            actions.flex_request_decide(actor=actor, request_id=request.pk, approve=True)
            outcomes.append("approved")
        except Refused as exc:
            outcomes.append(f"refused:{exc.field}")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(r,)) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["approved", "refused:amount"]
    spent = LedgerEntry.objects.filter(pool=last).aggregate(s=Sum("amount"))["s"]
    assert spent == Decimal("300.00")
    assert sorted(FlexFundRequest.objects.values_list("status", flat=True)) == [
        "approved",
        "pending",
    ]
