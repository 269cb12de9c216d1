"""Building the roster: every source's items, once, in one query plan."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goldenthread.audit.models import AuditEvent
from goldenthread.conferencing import sources
from goldenthread.conferencing.models import (
    ActionItem,
    DiscussionRequest,
    RosterItem,
    Situation,
)
from goldenthread.conferencing.sources import RosterCandidate
from goldenthread.conferencing.tests.matrix import item, meeting
from goldenthread.core.models import Participant, ParticipantStateChange, Person
from goldenthread.core.roles import Role
from goldenthread.testing import site_today

API = "/api/v1/conferencing"


def _build(world, meeting_id, role=Role.PM):
    return world.api(role).post(f"{API}/meetings/{meeting_id}/roster")


def _many_participants(world, count):
    site = world.alpha.site
    people = Person.objects.bulk_create(
        [Person(site=site, first_name=f"P{i}", last_name="Many") for i in range(count)]
    )
    return Participant.objects.bulk_create(
        [
            Participant(
                site=site,
                person=p,
                state="active",
                case_manager=world.alpha.users[Role.CM],
                # Enrolled today: casework's no-contact source proposes none of them (its own
                # query plan is pinned in casework/tests/test_roster.py).
                enrolled_on=site_today(),
            )
            for p in people
        ]
    )


def _earlier_and_now(world):
    now = timezone.now()
    before = meeting(world.alpha, "closed", scheduled_for=now - timedelta(days=14))
    upcoming = meeting(world.alpha, scheduled_for=now + timedelta(days=1))
    return before, upcoming


@pytest.mark.django_db
def test_it_gathers_every_own_source(world):
    before, upcoming = _earlier_and_now(world)
    # Enrolled today: not "in the wind", so casework's no-contact source proposes nobody.
    dana = world.participant(enrolled_on=site_today())
    sam = world.participant(first_name="Sam", state="inactive")
    ParticipantStateChange.objects.create(
        site=world.alpha.site,
        participant=sam,
        from_state="active",
        to_state="inactive",
        changed_at=timezone.now() - timedelta(days=3),
    )
    carried = item(world.alpha, before, title="Dana's housing", participant=dana)
    carried.status = "carried_forward"
    carried.save()
    ActionItem.objects.create(
        site=world.alpha.site,
        meeting=before,
        item=carried,
        description="Call the landlord",
        owner=world.alpha.users[Role.CM],
        agency=world.alpha.memberships[Role.CM].agency,
        due_on=date(2026, 12, 1),
    )
    Situation.objects.create(
        site=world.alpha.site, title="Camp", place="5th & Pine", description="Tents"
    )
    DiscussionRequest.objects.create(
        site=world.alpha.site,
        participant=dana,
        reason="Court date next week",
        requested_by=world.alpha.users[Role.ADVOCATE],
        requested_role="advocate",
        agency=world.alpha.memberships[Role.ADVOCATE].agency,
    )

    response = _build(world, upcoming.pk)

    assert response.status_code == 200
    kinds = sorted(i["kind"] for i in response.json())
    assert kinds == [
        "action_item",
        "added",
        "became_inactive",
        "discussion_request",
        "situation",
    ]
    copy = RosterItem.objects.get(meeting=upcoming, carried_from=carried)
    assert copy.title == "Dana's housing" and copy.visible_to_roles == carried.visible_to_roles
    assert DiscussionRequest.objects.get().meeting == upcoming
    assert AuditEvent.objects.filter(action="roster.build").exists()


@pytest.mark.django_db
def test_it_adds_nothing_twice_when_built_again(world):
    _, upcoming = _earlier_and_now(world)
    Situation.objects.create(
        site=world.alpha.site, title="Camp", place="5th & Pine", description="Tents"
    )
    assert len(_build(world, upcoming.pk).json()) == 1
    assert _build(world, upcoming.pk).json() == []
    assert RosterItem.objects.filter(meeting=upcoming).count() == 1


@pytest.mark.django_db
def test_it_takes_items_from_another_areas_roster_module(world, monkeypatch):
    _, upcoming = _earlier_and_now(world)
    dana = world.participant()
    foreign = world.participant(world.beta)

    def referrals_items(actor, meeting, since):
        assert actor.site_id == meeting.site_id
        return [
            RosterCandidate(
                kind="referral",
                participant_id=dana.pk,
                title="Dana: referred, intake pending",
                detail="",
                source="referrals.new",
                visible_to_roles=frozenset({"officer"}),
                key="referral:1",
            ),
            # Another site's participant is dropped, whatever a source proposes.
            RosterCandidate("referral", foreign.pk, "Elsewhere", "", "referrals.new", frozenset()),
        ]

    monkeypatch.setattr(sources, "roster_sources", lambda: [("referrals", referrals_items)])
    titles = [i["title"] for i in _build(world, upcoming.pk).json()]
    assert titles == ["Dana: referred, intake pending"]


@pytest.mark.django_db
def test_a_source_without_keys_adds_each_proposal_once_however_often_built(world, monkeypatch):
    _, upcoming = _earlier_and_now(world)
    dana = world.participant()

    def keyless(actor, meeting, since):
        proposal = RosterCandidate(
            "intake", dana.pk, "Dana: intake due", "", "x.intake", frozenset()
        )
        other = RosterCandidate("intake", dana.pk, "Dana: housing", "", "x.intake", frozenset())
        return [proposal, proposal, other]  # the same proposal twice in one build

    monkeypatch.setattr(sources, "roster_sources", lambda: [("x", keyless)])
    assert [i["title"] for i in _build(world, upcoming.pk).json()] == [
        "Dana: intake due",
        "Dana: housing",
    ]
    RosterItem.objects.filter(title="Dana: housing").update(status="removed")
    assert _build(world, upcoming.pk).json() == []  # nor one the PM removed
    assert RosterItem.objects.filter(meeting=upcoming).count() == 2


def test_it_finds_roster_modules_by_area_name():
    areas = [area for area, _ in sources.roster_sources()]
    assert "conferencing" in areas


@pytest.mark.django_db
def test_it_builds_a_1000_participant_roster_in_a_fixed_number_of_queries(world):
    before, upcoming = _earlier_and_now(world)
    participants = _many_participants(world, 1000)
    now = timezone.now()
    ParticipantStateChange.objects.bulk_create(
        [
            ParticipantStateChange(
                site=world.alpha.site,
                participant=p,
                from_state="active",
                to_state="inactive",
                changed_at=now - timedelta(days=2),
            )
            for p in participants[:200]
        ]
    )
    Participant.objects.filter(pk__in=[p.pk for p in participants[:200]]).update(state="inactive")
    DiscussionRequest.objects.bulk_create(
        [
            DiscussionRequest(
                site=world.alpha.site,
                participant=p,
                reason="Please discuss",
                requested_by=world.alpha.users[Role.CM],
                requested_role="cm",
                agency=world.alpha.memberships[Role.CM].agency,
            )
            for p in participants[200:300]
        ]
    )
    RosterItem.objects.bulk_create(
        [
            RosterItem(
                site=world.alpha.site,
                meeting=before,
                kind="added",
                participant=p,
                title=str(p.pk),
                source="conferencing.pm",
                status="carried_forward",
            )
            for p in participants[300:400]
        ]
    )
    actor = world.actor(Role.PM)
    from goldenthread.conferencing import actions

    with CaptureQueriesContext(connection) as ctx:
        created = actions.roster_build(actor=actor, meeting_id=upcoming.pk)
    assert len(created) == 400
    sql = [q["sql"] for q in ctx.captured_queries]
    inserts = [q for q in sql if q.startswith('INSERT INTO "conferencing_')]
    # One query per source and a few for the meeting, whatever the number of participants;
    # the 400 new rows (and their history) go in bulk, batched only by the database's
    # parameter limit (PostgreSQL: one statement each; SQLite: about 50 rows a statement).
    # Since the merge, legal's source adds five queries, and disclosures', referrals' and
    # casework's one each (their own tests pin them), whatever the number of rows; referrals'
    # outcomes since the last meeting one more; the audit event's head for its kind of object
    # one more (ADR 19); on PostgreSQL, the try of the audit chain's first link in one
    # statement, which finds no head (ADR 20), one more.
    assert len(sql) - len(inserts) <= 22 + 8 + 1 + 1 + 1
    assert len(inserts) <= 2 * math.ceil(400 / 40)
    assert len(sql) <= 40 + 8 + 1 + 1  # SQLite: two statements more since items name agencies


@pytest.mark.django_db
def test_it_refuses_a_closed_meeting_and_another_sites_meeting(world):
    closed = meeting(world.alpha, "closed")
    response = _build(world, closed.pk)
    assert response.status_code == 409
    assert _build(world, meeting(world.beta).pk).status_code == 404
    assert not RosterItem.objects.exists()


@pytest.mark.django_db
def test_it_is_the_pms_to_build(world):
    upcoming = meeting(world.alpha)
    assert _build(world, upcoming.pk, Role.CM).status_code == 404
