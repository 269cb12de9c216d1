"""Police see roster items about the people their own agency referred, and nothing of another
police agency's referrals (domain.md, "Governance": patrol officers learn how the people they
referred are doing). Built through the real referrals source and read through the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.conferencing import actions
from goldenthread.conferencing.models import DiscussionRequest, RosterItem
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.models import Agency, Membership
from goldenthread.core.roles import Role
from goldenthread.referrals.models import Referral

API = "/api/v1/conferencing"


def referral(world, agency, first_name, **kw):
    return Referral.objects.create(
        site=world.alpha.site,
        door=kw.pop("door", "social"),
        referred_by=world.alpha.users[Role.OFFICER],
        referring_agency=agency,
        first_name=first_name,
        last_name="Referred",
        contact_at=timezone.now() - timedelta(hours=2),
        **kw,
    )


@pytest.fixture
def two_agencies(world):
    """The officer's own police department, and a second one at the same site (the sheriff)
    whose officer sits at the same table."""
    own = world.alpha.memberships[Role.OFFICER].agency
    sheriff = Agency.objects.create(site=world.alpha.site, name="Sheriff", kind="police")
    deputy = world.alpha.users[Role.POLICE_SUPERVISOR]
    Membership.objects.filter(pk=world.alpha.memberships[Role.POLICE_SUPERVISOR].pk).update(
        agency=sheriff
    )
    world.alpha.memberships[Role.POLICE_SUPERVISOR].refresh_from_db()
    return own, sheriff, deputy


def _titles(world, role, m):
    body = world.api(role).get(f"{API}/meetings/{m.pk}").json()
    return {i["title"] for i in body["items"]}


@pytest.mark.django_db
def test_each_police_agency_sees_only_its_own_referrals_on_the_roster(world, two_agencies):
    own, sheriff, _ = two_agencies
    referral(world, own, "Ada")
    referral(world, sheriff, "Bo")
    referral(world, world.alpha.agencies["community"], "Cy", door="community")
    m = meeting(world.alpha, scheduled_for=timezone.now() + timedelta(days=1))
    actions.roster_build(actor=world.actor(Role.PM), meeting_id=m.pk)

    ada, bo, cy = (f"New referral: {n} Referred" for n in ("Ada", "Bo", "Cy"))
    mine = {t for t in _titles(world, Role.OFFICER, m) if t.startswith("New referral")}
    assert mine == {f"{ada} (social contact)"}
    theirs = {t for t in _titles(world, Role.POLICE_SUPERVISOR, m) if t.startswith("New")}
    assert theirs == {f"{bo} (social contact)"}
    assert {t.split(" (")[0] for t in _titles(world, Role.CM, m)} >= {ada, bo, cy}
    stored = RosterItem.objects.get(meeting=m, title__startswith=ada)
    assert stored.police_agency_ids == [own.pk]

    # The page and the item itself answer the same way: another agency's item is a 404.
    page = world.client(Role.POLICE_SUPERVISOR).get(f"/conferencing/{m.pk}/").content.decode()
    assert "Bo Referred" in page and "Ada Referred" not in page
    m.status = "open"
    m.save()
    assert (
        world.client(Role.POLICE_SUPERVISOR)
        .post(f"/conferencing/items/{stored.pk}/notes/", {"text": "Seen him"})
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_an_officers_discussion_request_reaches_their_own_agency_only(world, two_agencies):
    own, _, _ = two_agencies
    DiscussionRequest.objects.create(
        site=world.alpha.site,
        participant=world.participant(),
        reason="Saw Dana at the camp again",
        requested_by=world.alpha.users[Role.OFFICER],
        requested_role="officer",
        agency=own,
    )
    m = meeting(world.alpha, scheduled_for=timezone.now() + timedelta(days=1))
    actions.roster_build(actor=world.actor(Role.PM), meeting_id=m.pk)
    assert any("asked to discuss" in t for t in _titles(world, Role.OFFICER, m))
    assert not any("asked to discuss" in t for t in _titles(world, Role.POLICE_SUPERVISOR, m))
