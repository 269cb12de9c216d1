"""What needs me today: the hand-off clock, caseloads, the filing queue, police statuses."""

from __future__ import annotations

from datetime import timedelta

import pytest

from goldenthread.core.roles import Role
from goldenthread.referrals.tests import makers
from goldenthread.testing import site_today

pytestmark = pytest.mark.django_db


def test_it_shows_the_case_manager_the_hand_off_clock(world):
    makers.referral(world.alpha)
    page = world.client(Role.CM).get("/").content.decode()
    assert "Arrest diversions awaiting a warm hand-off" in page and "Caseload" in page


def test_it_shows_the_prosecutor_only_the_filing_queue(world):
    makers.pending(world.alpha, intake_due=site_today() - timedelta(days=1))
    makers.referral(world.alpha)
    page = world.client(Role.PROSECUTOR).get("/").content.decode()
    assert "Filing queue" in page
    assert "warm hand-off" not in page and "Caseload" not in page


def test_it_shows_police_their_pending_count(world):
    makers.referral(world.alpha)
    page = world.client(Role.OFFICER).get("/").content.decode()
    assert "My agency&#x27;s referrals" in page and "1 pending" in page


# Minutes since the police contact, against the site's hand-off target: before it, at it,
# a second past it, long past it.
@pytest.mark.parametrize(
    "ages",
    [
        (),
        (5,),
        (5, 10, 29),
        ("target", "target+1s", 120, 3000),
        tuple(range(0, 240, 20)),
    ],
)
def test_the_hand_off_card_counts_what_the_on_call_list_lists(world, ages):
    from django.utils import timezone

    from goldenthread.referrals import queries

    target = world.alpha.site.handoff_target_minutes
    now = timezone.now()
    for age in ages:
        if age == "target":
            at = now - timedelta(minutes=target)
        elif age == "target+1s":
            at = now - timedelta(minutes=target, seconds=1)
        else:
            at = now - timedelta(minutes=age)
        makers.referral(world.alpha, contact_at=at)
    makers.referral(world.beta, contact_at=now - timedelta(minutes=500))  # another site's
    makers.referral(world.alpha, contact_at=now - timedelta(days=2), handoff_at=now)  # handed off
    actor = world.alpha.actor(Role.CM)
    listed = queries.oncall_for(actor, now=now)
    summary = queries.oncall_summary(actor, now=now, limit=3)
    assert summary.waiting == len(listed) == len(ages)
    assert summary.overdue == sum(1 for e in listed if e.minutes_left < 0)
    assert [e.referral.pk for e in summary.first] == [e.referral.pk for e in listed[:3]]
    page = world.client(Role.CM).get("/").content.decode()
    if ages:
        assert f'warm hand-off <span class="count">{len(ages)}</span>' in page
    else:
        assert "warm hand-off" not in page


def test_the_cm_home_reads_the_same_rows_however_many_await_a_hand_off(world):
    """The card shows a count and the five longest waiting: it builds those five, not every
    waiting referral (which it did, 1,688 of them on the bench database)."""
    from django.db.models.signals import post_init

    from goldenthread.referrals.models import Referral

    client = world.client(Role.CM)

    def referrals_built() -> int:
        built: list[object] = []

        def count(sender: object, **kwargs: object) -> None:
            built.append(sender)

        post_init.connect(count, sender=Referral)
        try:
            assert client.get("/").status_code == 200
        finally:
            post_init.disconnect(count, sender=Referral)
        return len(built)

    for _ in range(6):
        makers.referral(world.alpha)
    six = referrals_built()
    for _ in range(10):
        makers.referral(world.alpha)
    assert referrals_built() == six
