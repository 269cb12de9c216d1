"""Reads of legal-case detail (the filing queue, a full referral) are in the access log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from goldenthread.audit.models import AccessEvent
from goldenthread.core.roles import Role
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import get
from goldenthread.testing import site_today

pytestmark = pytest.mark.django_db


def test_it_logs_the_prosecutors_filing_queue_reads(world):
    lapsed = makers.pending(world.alpha, intake_due=site_today() - timedelta(days=1))
    world.client(Role.PROSECUTOR).get("/referrals/filing-queue/")
    event = AccessEvent.objects.get(subject_id=str(lapsed.pk))
    assert (event.role, event.categories, event.purpose) == (
        "prosecutor",
        ["legal_cases"],
        "filing queue",
    )


def test_it_logs_a_full_referral_read(world):
    referral = makers.referral(world.alpha)
    get(world, Role.CM, f"/{referral.pk}")
    world.client(Role.PM).get(f"/referrals/{referral.pk}/")
    assert list(
        AccessEvent.objects.filter(subject_id=str(referral.pk)).values_list("role", flat=True)
    ) == ["cm", "pm"]


def test_it_logs_nothing_for_a_police_status_read(world):
    referral = makers.referral(world.alpha)
    get(world, Role.OFFICER, f"/{referral.pk}/status")
    assert not AccessEvent.objects.exists()
