"""The comparison group built from people referred but not enrolled (ineligible, declined,
intake expired), read through referrals.queries: by the PM, from the page or the API,
audited, once per person."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.evaluation.models import ComparisonMember
from goldenthread.referrals.tests.makers import referral


def _referrals(site):  # type: ignore[no-untyped-def]
    ineligible = referral(site, state="ineligible", contact_at=datetime(2025, 3, 4, 18, tzinfo=UTC))
    # The same person referred again later and declined: they enter on the first date.
    referral(
        site,
        state="declined",
        person=ineligible.person,
        contact_at=datetime(2025, 9, 1, 18, tzinfo=UTC),
    )
    expired = referral(
        site, state="intake_expired", contact_at=datetime(2025, 5, 6, 18, tzinfo=UTC)
    )
    referral(site, state="enrolled")  # enrolled: never a comparison
    referral(site, state="screening")  # still open
    referral(site, state="declined", identified=False)  # no person chosen yet
    return ineligible.person, expired.person


@pytest.mark.django_db
def test_it_adds_everyone_referred_but_not_enrolled_through_the_api(world):
    first, second = _referrals(world.alpha)
    _referrals(world.beta)
    response = world.api(Role.PM).post("/api/v1/evaluation/comparison/build")
    assert response.status_code == 200
    members = {m.person_id: m for m in ComparisonMember.objects.filter(site=world.alpha.site)}
    assert set(members) == {first.pk, second.pk}
    assert members[first.pk].entry_date == date(2025, 3, 4)
    assert members[second.pk].entry_date == date(2025, 5, 6)
    assert {m.method for m in members.values()} == {"referred_not_enrolled"}
    assert not ComparisonMember.objects.filter(site=world.beta.site).exists()
    event = AuditEvent.objects.get(action="comparison_group.build")
    assert event.after["added"] == 2 and event.user == world.alpha.users[Role.PM]
    # Again: nobody twice.
    assert world.api(Role.PM).post("/api/v1/evaluation/comparison/build").json() == []
    assert ComparisonMember.objects.filter(site=world.alpha.site).count() == 2


@pytest.mark.django_db
def test_it_leaves_out_people_who_became_participants(world):
    participant = world.participant()
    referral(world.alpha, state="declined", person=participant.person)
    world.api(Role.PM).post("/api/v1/evaluation/comparison/build")
    assert not ComparisonMember.objects.exists()


@pytest.mark.django_db
def test_it_builds_from_the_page(world, django_assert_max_num_queries):
    _referrals(world.alpha)
    client = world.client(Role.PM)
    client.get("/evaluation/comparison/")
    with django_assert_max_num_queries(28):
        response = client.post("/evaluation/comparison/build/")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Added 2 people referred but not enrolled" in page
    assert page.count("Referred but not enrolled") >= 2
    assert ComparisonMember.history.filter(history_type="+").count() == 2
    # The query count does not grow with the number of people added.
    for _ in range(5):
        _referrals(world.alpha)
    with django_assert_max_num_queries(28):
        client.post("/evaluation/comparison/build/")
    assert ComparisonMember.objects.count() == 12


@pytest.mark.django_db
def test_other_roles_cannot_build_it(world):
    _referrals(world.alpha)
    for role in (Role.EVALUATOR, Role.CM):
        assert world.api(role).post("/api/v1/evaluation/comparison/build").status_code == 404
    assert not ComparisonMember.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "entry"),
    [("America/Los_Angeles", date(2025, 6, 30)), ("Europe/Berlin", date(2025, 7, 1))],
)
def test_the_entry_date_is_the_sites_day_of_the_first_contact(world, zone, entry):
    # 03:00 UTC on 1 July is the evening of 30 June in Los Angeles, the morning in Berlin.
    site = world.alpha.site
    site.time_zone = zone
    site.save()
    person = referral(
        world.alpha, state="declined", contact_at=datetime(2025, 7, 1, 3, tzinfo=UTC)
    ).person
    assert world.api(Role.PM).post("/api/v1/evaluation/comparison/build").status_code == 200
    assert ComparisonMember.objects.get(person=person).entry_date == entry
