"""Synthetic legal-system events: participants and a comparison group, with a heavy-tailed
jail history (domain.md: one person with 14 bookings and 681 jail days in 3 years)."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta

import pytest
from django.db.models import Count

from goldenthread.core.models import Participant
from goldenthread.evaluation import synth
from goldenthread.evaluation.models import ComparisonMember, LegalSystemEvent


def test_it_builds_events_for_participants_and_a_comparison_group(synth):
    events = LegalSystemEvent.objects.filter(site=synth.site)
    assert set(events.values_list("kind", flat=True)) == {"arrest", "booking", "charge", "warrant"}
    members = ComparisonMember.objects.filter(site=synth.site)
    assert members.count() == synth.participants // 2
    participants = set(
        Participant.objects.filter(site=synth.site).values_list("person_id", flat=True)
    )
    comparison = set(members.values_list("person_id", flat=True))
    people = set(events.values_list("person_id", flat=True))
    assert people & participants and people & comparison
    # Every booking has a release date on or after it.
    bookings = events.filter(kind="booking")
    assert not bookings.filter(released_on__isnull=True).exists()
    assert all(r >= b for b, r in bookings.values_list("incident_date", "released_on"))
    # The heavy tail: one person with 14 bookings and 681 jail days.
    per_person = Counter(bookings.values_list("person_id", flat=True))
    heavy = [p for p, n in per_person.items() if n == 14]
    assert any(
        sum(
            (r - b).days
            for b, r in bookings.filter(person_id=p).values_list("incident_date", "released_on")
        )
        == 681
        for p in heavy
    )
    # Heavy-tailed: the top tenth of people hold far more than a tenth of the bookings.
    counts = sorted(per_person.values(), reverse=True)
    assert sum(counts[: len(counts) // 10]) > 0.3 * sum(counts)
    assert (
        not events.values("site", "source", "external_key_hash")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )


def test_the_heavy_tail_plan_is_exactly_14_bookings_and_681_days_in_3_years():
    for seed in range(20):
        entry = date(2025, 6, 1)
        plan = synth.heavy_tail_plan(random.Random(seed), entry=entry)
        assert len(plan) == 14 and sum(d for _, d in plan) == 681
        assert all(entry - timedelta(days=3 * 365) <= b < entry for b, _ in plan)
        assert all(b + timedelta(days=d) <= entry for b, d in plan)


def test_participants_book_less_after_entry_than_before():
    rng = random.Random(3)
    entry, today = date(2023, 1, 1), date(2026, 1, 1)
    before = after = 0
    for _ in range(3000):
        for booked, _ in synth.booking_plan(
            rng, entry=entry, today=today, after_factor=synth.LEAD_FACTOR_AFTER_ENTRY
        ):
            before += booked < entry
            after += booked >= entry
    assert after / before == pytest.approx(synth.LEAD_FACTOR_AFTER_ENTRY, rel=0.1)
