"""The demo site gives every participant a believable case-management history."""

from __future__ import annotations

from decimal import Decimal

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
from goldenthread.core.models import Participant


def test_it_builds_a_history_for_every_demo_participant(demo_site):
    site = demo_site
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
