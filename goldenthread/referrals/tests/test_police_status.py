"""Police see, for their own and their agency's referrals, only the status and enrollment."""

from __future__ import annotations

import pytest

from goldenthread.core.models import Agency
from goldenthread.core.roles import Role
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import get
from goldenthread.testing import rls_queries

pytestmark = pytest.mark.django_db


def test_it_shows_the_officer_only_status_and_enrollment(world):
    referral = makers.referral(world.alpha, state="ineligible", charge="Secret charge detail")
    body = get(world, Role.OFFICER, f"/{referral.pk}/status").json()
    assert body == {
        "id": referral.pk,
        "door": "arrest",
        "status": "not eligible",
        "enrolled": False,
    }
    page = world.client(Role.OFFICER).get(f"/referrals/{referral.pk}/").content.decode()
    assert "not eligible" in page
    assert "Secret charge detail" not in page and referral.last_name not in page


def test_it_tells_police_when_the_person_enrolled(world):
    referral = makers.pending(world.alpha)
    world.api(Role.CM).post(f"/api/v1/referrals/{referral.pk}/enroll")
    body = get(world, Role.POLICE_SUPERVISOR, f"/{referral.pk}/status").json()
    assert (body["status"], body["enrolled"]) == ("accepted", True)


def test_it_hides_another_agencys_referrals(world):
    partner = world.alpha.agencies[Agency.Kind.COMMUNITY]
    theirs = makers.referral(
        world.alpha, referring_agency=partner, referred_by=world.alpha.users[Role.PM]
    )
    ours = makers.referral(world.alpha)
    assert get(world, Role.OFFICER, f"/{theirs.pk}/status").status_code == 404
    assert [r["id"] for r in get(world, Role.OFFICER, "/mine").json()] == [ours.pk]
    assert world.client(Role.OFFICER).get(f"/referrals/{theirs.pk}/").status_code == 404


def test_it_hides_the_full_record_and_the_lists_from_police(world):
    referral = makers.referral(world.alpha)
    for path in (f"/{referral.pk}", "/", "/queue", "/filing-queue", f"/{referral.pk}/matches"):
        assert get(world, Role.OFFICER, path).status_code == 404, path


def test_it_lists_statuses_without_a_query_per_row(world, django_assert_max_num_queries):
    for _ in range(10):
        makers.referral(world.alpha)
    client = world.client(Role.OFFICER)
    client.get("/referrals/")
    with django_assert_max_num_queries(12 + rls_queries()):
        page = client.get("/referrals/")
    assert page.content.decode().count("pending") >= 10


def test_it_lists_referrals_for_staff_without_a_query_per_row(world, django_assert_max_num_queries):
    for _ in range(10):
        makers.referral(world.alpha)
    client = world.client(Role.CM)
    client.get("/referrals/")
    with django_assert_max_num_queries(20):
        client.get("/referrals/")


def test_the_officers_list_shows_each_state_as_the_rule_does(world):
    """Table: every state, held in the capacity queue or not, on one list, so that the
    statuses the list works out once per (state, held) are each the rule's own."""
    from django.utils import timezone

    from goldenthread.referrals import rules
    from goldenthread.referrals.models import Referral
    from goldenthread.referrals.queries import police_rows

    made = {}
    for state in Referral.State.values:
        for held in (False, True):
            since = timezone.now() if held else None
            made[makers.referral(world.alpha, state=state, waiting_since=since).pk] = (state, since)
    rows = police_rows(world.actor(Role.OFFICER, world.alpha), limit=200)
    assert {r.pk for r in rows} == set(made)
    for r in rows:
        state, since = made[r.pk]
        waiting = rules.is_waiting(state, since)
        assert r.status == rules.police_status(state, waiting=waiting), (state, since)
        assert r.enrolled == (state == Referral.State.ENROLLED)
    assert {r.status for r in rows} == {"pending", "accepted", "not eligible"}
