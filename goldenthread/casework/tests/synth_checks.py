"""`goldenthread synth` builds case management for each synthetic participant, in bulk."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, F, Max, Sum

from goldenthread.casework.models import (
    Contact,
    FlexFundRequest,
    FundingPool,
    Goal,
    LedgerEntry,
    StatusRecord,
)
from goldenthread.core.models import Participant


def test_it_builds_contacts_goals_statuses_and_flex_funds(synth):
    site, n = synth.site, synth.participants
    participants = Participant.objects.filter(site=site)
    assert participants.count() == n
    contacts = Contact.objects.filter(site=site)
    # About weekly while active: many more contacts than participants.
    assert contacts.count() > n * 10
    assert contacts.values("participant").distinct().count() == n
    assert Goal.objects.filter(site=site).values("participant").distinct().count() == n
    assert StatusRecord.objects.filter(site=site).count() > n * 4
    pools = FundingPool.objects.filter(site=site)
    assert pools.count() == 5
    assert (
        LedgerEntry.objects.filter(site=site).count()
        == (FlexFundRequest.objects.filter(site=site, status="disbursed").count())
        > 100
    )
    for pool in pools.annotate(spent=Sum("entries__amount")):
        assert (pool.spent or 0) <= pool.budget, pool.name
    # Each contact is the participant's own case manager's, at the participant's site.
    assert not contacts.exclude(participant__site=site).exists()
    assert not contacts.exclude(author_id=F("participant__case_manager_id")).exists()


def test_it_leaves_inactive_participants_quiet_for_longer_than_the_site_allows(synth):
    site = synth.site
    last = {
        row["participant"]: row["last"]
        for row in Contact.objects.filter(site=site)
        .values("participant")
        .annotate(last=Max("occurred_at"), n=Count("id"))
    }
    inactive = Participant.objects.filter(site=site, state="inactive")
    assert inactive.exists()
    today_ish = max(last.values())
    quiet = timedelta(days=site.inactive_after_days)
    recent_enrolment = timedelta(days=site.inactive_after_days + 130)
    for p in inactive:
        if p.pk in last and today_ish.date() - p.enrolled_on > recent_enrolment:
            assert today_ish - last[p.pk] > quiet, p.pk


def test_its_contact_counters_equal_a_count_of_its_contacts(synth):
    """The bulk insert sends no signals: synth writes the counters itself, and they must be
    the ones the contacts make (the recount gives the same rows)."""
    from goldenthread.casework import counters
    from goldenthread.casework.models import ContactMonth

    site = synth.site

    def counted() -> set[tuple[int, object, int]]:
        rows = ContactMonth.objects.filter(site=site)
        return set(rows.values_list("participant_id", "month", "contacts"))

    built = counted()
    assert sum(n for _, _, n in built) == Contact.objects.filter(site=site).count()
    counters.recount(site)
    assert counted() == built
