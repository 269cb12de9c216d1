"""The PCG report: counts by matter type, status and outcome, amounts totalled, time to
resolution. Aggregates only."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from goldenthread.core.roles import Role
from goldenthread.legalservices.actions import matter_close, matter_decline, outcome_record
from goldenthread.legalservices.models import Matter
from goldenthread.legalservices.tests.matrix import open_matter, referred_matter


@pytest.mark.django_db
def test_it_totals_outcomes_and_times_resolution(world):
    ls = world.actor(Role.LEGAL_SERVICES)
    for amount in ("100.25", "200.75"):
        matter = open_matter(world, world.alpha)
        outcome_record(actor=ls, matter_id=matter.pk, kind="debt_relieved", amount=Decimal(amount))
        matter_close(actor=ls, matter_id=matter.pk)
        Matter.objects.filter(pk=matter.pk).update(
            referred_on=matter.referred_on - timedelta(days=20)
        )
    declined = referred_matter(world, world.alpha)
    matter_decline(actor=ls, matter_id=declined.pk, reason="Out of scope")
    open_matter(world, world.beta)
    body = world.api(Role.PM).get("/api/v1/legalservices/report").json()
    assert body["total"] == 3 and body["resolved"] == 3
    assert body["by_type"]["eviction"] == 3
    assert body["by_status"] == {
        "referred": 0,
        "open": 0,
        "declined": 1,
        "referred_out": 0,
        "closed": 2,
    }
    assert body["outcome_counts"]["debt_relieved"] == 2
    assert Decimal(body["outcome_totals"]["debt_relieved"]) == Decimal("301.00")
    assert body["median_days_to_resolution"] == 20.0
    page = world.client(Role.PM).get("/legalservices/report/")
    assert page.status_code == 200 and b"$301.00" in page.content
    assert b"Dana" not in page.content, "the report names no one"
