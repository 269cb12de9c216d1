"""The demo site gives every participant a believable case-management history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum

from goldenthread.casework.models import (
    Contact,
    FlexFundRequest,
    FundingPool,
    Goal,
    LedgerEntry,
    StaffProfile,
    StatusRecord,
)
from goldenthread.core.models import Participant, Site


@pytest.mark.django_db
def test_it_builds_a_history_for_every_demo_participant():
    call_command("demo")
    site = Site.objects.get(slug="seattle")
    participants = Participant.objects.filter(site=site)
    assert participants.count() == 40
    for p in participants:
        assert Contact.objects.filter(participant=p).exists(), p
        assert Goal.objects.filter(participant=p).exists(), p
        assert StatusRecord.objects.filter(participant=p, at_intake=True).count() == 4, p
    assert FlexFundRequest.objects.filter(site=site).count() >= 10
    assert StaffProfile.objects.filter(site=site).count() == 5
    for pool in FundingPool.objects.filter(site=site):
        spent = LedgerEntry.objects.filter(pool=pool).aggregate(s=Sum("amount"))["s"]
        assert Decimal("0") < spent <= pool.budget, "demo pools are used and never overdrawn"
