"""A site may run several OWGs by region (precinct, neighbourhood): a regional OWG's roster
holds its own region's participants (by the area of their referral) and situations, plus those
with no region recorded; a citywide OWG's holds everyone's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.conferencing import actions
from goldenthread.conferencing.models import DiscussionRequest, RosterItem, Situation
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.conferencing.tests.test_police_agencies import referral
from goldenthread.core.roles import Role


def _asked(world, participant):
    DiscussionRequest.objects.create(
        site=world.alpha.site,
        participant=participant,
        reason="Please discuss",
        requested_by=world.alpha.users[Role.CM],
        requested_role="cm",
        agency=world.alpha.memberships[Role.CM].agency,
    )


@pytest.mark.django_db
def test_a_regional_owg_gets_its_own_regions_participants_and_situations(world):
    police = world.alpha.memberships[Role.OFFICER].agency
    people = {}
    for name, area in (("North", "West Precinct"), ("South", "East Precinct"), ("Nowhere", "")):
        p = world.participant(first_name=name)
        r = referral(world, police, name, area=area)
        r.contact_at = r.created_at = timezone.now() - timedelta(days=60)
        r.participant = p
        r.save()
        _asked(world, p)
        people[name] = p
    for title, region in (("West camp", "west precinct"), ("East camp", "East Precinct")):
        Situation.objects.create(
            site=world.alpha.site, title=title, place="x", description="y", region=region
        )
    Situation.objects.create(site=world.alpha.site, title="Bridge", place="x", description="y")

    when = timezone.now() + timedelta(days=1)
    west = meeting(world.alpha, title="OWG West", region=" West Precinct", scheduled_for=when)
    actions.roster_build(actor=world.actor(Role.PM), meeting_id=west.pk)
    titles = set(RosterItem.objects.filter(meeting=west).values_list("title", flat=True))
    assert {t for t in titles if not t.startswith("No contact")} == {
        "North Rivera: asked to discuss",
        "Nowhere Rivera: asked to discuss",
        "Situation: West camp (x)",
        "Situation: Bridge (x)",
    }
    # Every source is scoped, casework's too: nobody from the East Precinct.
    no_contact = sorted(t.split(": ")[1] for t in titles if t.startswith("No contact"))
    assert no_contact == ["North Rivera", "Nowhere Rivera"]

    citywide = meeting(world.alpha, title="OWG citywide", scheduled_for=when)
    actions.roster_build(actor=world.actor(Role.PM), meeting_id=citywide.pk)
    # A request joins one roster: the West OWG took North's and Nowhere's.
    asked = RosterItem.objects.filter(meeting=citywide, kind="discussion_request")
    assert [i.title for i in asked] == ["South Rivera: asked to discuss"]
    assert RosterItem.objects.filter(meeting=citywide, kind="situation").count() == 3


@pytest.mark.django_db
def test_a_situation_takes_a_region_through_the_api(world):
    response = world.api(Role.PM).post(
        "/api/v1/conferencing/situations",
        {"title": "Camp", "place": "5th & Pine", "description": "Tents", "region": "Belltown"},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["region"] == "Belltown"
    page = world.client(Role.CM).get(f"/conferencing/situations/{response.json()['id']}/")
    assert "Belltown" in page.content.decode()
