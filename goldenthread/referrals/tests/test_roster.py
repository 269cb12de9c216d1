"""The referrals roster source (docs/conferencing.md): building an OWG roster brings in new
referrals since the last meeting with their status, and pending intakes (about to expire
flagged), in a fixed number of queries; of the police, only the referring agency's see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.models import Agency
from goldenthread.core.roles import Role
from goldenthread.referrals import roster
from goldenthread.referrals.models import Referral, ReferralStateChange
from goldenthread.referrals.tests import makers
from goldenthread.testing import site_today

pytestmark = pytest.mark.django_db

API = "/api/v1/conferencing/meetings"


def _backdate(referral, days):  # type: ignore[no-untyped-def]
    Referral.objects.filter(pk=referral.pk).update(created_at=timezone.now() - timedelta(days=days))


def _setup(world):  # type: ignore[no-untyped-def]
    now = timezone.now()
    meeting(world.alpha, "closed", scheduled_for=now - timedelta(days=7))
    upcoming = meeting(world.alpha, scheduled_for=now + timedelta(hours=1))
    new = makers.referral(world.alpha, state="screening")  # created now: since last meeting
    old_pending = makers.pending(world.alpha, intake_due=site_today() + timedelta(days=1))
    _backdate(old_pending, 20)
    later = makers.pending(world.alpha, intake_due=site_today() + timedelta(days=6))
    _backdate(later, 20)
    old_closed = makers.referral(world.alpha, state="declined")
    _backdate(old_closed, 20)
    makers.referral(world.beta)  # another site
    return upcoming, new, old_pending, later, old_closed


def _titles(world, role, meeting_id):  # type: ignore[no-untyped-def]
    response = world.api(role).get(f"{API}/{meeting_id}")
    assert response.status_code == 200
    return {i["title"]: i for i in response.json()["items"] if i["source"].startswith("referrals")}


def test_it_adds_new_referrals_and_pending_intakes_to_the_roster(world):
    upcoming, new, old_pending, later, _old_closed = _setup(world)
    response = world.api(Role.PM).post(f"{API}/{upcoming.pk}/roster")
    assert response.status_code == 200
    items = _titles(world, Role.PM, upcoming.pk)
    assert set(items) == {
        f"New referral: {new.name} (arrest diversion)",
        f"Intake about to expire: {old_pending.name}",
        f"Intake pending: {later.name}",
    }
    assert "screening" in items[f"New referral: {new.name} (arrest diversion)"]["detail"]
    assert (
        str(old_pending.intake_due)
        in items[f"Intake about to expire: {old_pending.name}"]["detail"]
    )
    # Built again: nothing is repeated.
    world.api(Role.PM).post(f"{API}/{upcoming.pk}/roster")
    assert len(_titles(world, Role.PM, upcoming.pk)) == 3


def test_it_shows_case_management_and_the_referring_police_agency_only(world):
    """Issue 8: an officer sees the referral outcomes of the people their agency referred;
    prosecutors and defence counsel do not see referral items at all."""
    upcoming, *_ = _setup(world)
    world.api(Role.PM).post(f"{API}/{upcoming.pk}/roster")
    assert len(_titles(world, Role.CM, upcoming.pk)) == 3
    for role in (Role.OFFICER, Role.POLICE_SUPERVISOR):  # the referring agency's police
        assert len(_titles(world, role, upcoming.pk)) == 3
    for role in (Role.PROSECUTOR, Role.DEFENDER):
        assert _titles(world, role, upcoming.pk) == {}


def test_it_reads_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    upcoming, *_ = _setup(world)
    for _ in range(40):
        makers.pending(world.alpha)
        makers.referral(world.alpha)
    actor = world.actor(Role.PM)
    since = upcoming.scheduled_for - timedelta(days=7)
    with django_assert_max_num_queries(2):  # the new and pending referrals; the outcomes
        found = roster.items(actor, upcoming, since)
    assert len(found) == 83


def test_it_builds_the_whole_roster_in_a_pinned_number_of_queries(
    world, django_assert_max_num_queries
):
    upcoming, *_ = _setup(world)
    for _ in range(40):
        makers.pending(world.alpha)
    from goldenthread.conferencing import actions

    actor = world.actor(Role.PM)
    with django_assert_max_num_queries(40):
        created = actions.roster_build(actor=actor, meeting_id=upcoming.pk)
    assert len([c for c in created if c.source.startswith("referrals")]) == 43


def test_it_brings_outcomes_reached_since_the_last_meeting_to_the_referring_agency(world):
    """An older referral whose outcome came since the last meeting is on the roster, for case
    management and the referring agency's police, not another agency's; one decided before
    the last meeting is not."""
    upcoming, *_ = _setup(world)
    now = timezone.now()
    other_police = Agency.objects.create(
        site=world.alpha.site, name="Sheriff", kind=Agency.Kind.POLICE
    )
    ours = makers.referral(world.alpha, state="enrolled")
    theirs = makers.referral(world.alpha, state="declined", referring_agency=other_police)
    stale = makers.referral(world.alpha, state="enrolled")
    for r, days_ago in ((ours, 2), (theirs, 3), (stale, 10)):
        _backdate(r, 30)
        ReferralStateChange.objects.create(
            site=world.alpha.site,
            referral=r,
            from_state="intake_pending",
            to_state=r.state,
            changed_at=now - timedelta(days=days_ago),
        )
    world.api(Role.PM).post(f"{API}/{upcoming.pk}/roster")
    cm = _titles(world, Role.CM, upcoming.pk)
    assert f"Referral outcome: {ours.name} (arrest diversion)" in cm
    assert f"Referral outcome: {theirs.name} (arrest diversion)" in cm
    assert not any(stale.name in title for title in cm)
    officer = _titles(world, Role.OFFICER, upcoming.pk)
    assert "enrolled" in officer[f"Referral outcome: {ours.name} (arrest diversion)"]["detail"]
    assert not any(theirs.name in title for title in officer)
