"""Casework's roster source, through conferencing's roster build: participants with no
contact in the site's inactive_after_days, case-management roles only, nothing clinical,
one query plan whatever the caseload."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goldenthread.casework.tests.factories import contact
from goldenthread.conferencing import actions as conferencing
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.models import Participant, Person
from goldenthread.core.roles import Role

CM_ROLES = {"cm", "supervisor", "outreach", "advocate"}


def _build(world, m):
    response = world.api(Role.PM).post(f"/api/v1/conferencing/meetings/{m.pk}/roster")
    assert response.status_code in (200, 201), response.content
    return [i for i in response.json() if i["source"] == "casework.no_contact"]


def _upcoming(world, **kw):
    return meeting(world.alpha, scheduled_for=timezone.now() + timedelta(days=1), **kw)


@pytest.mark.django_db
def test_it_proposes_participants_in_the_wind_with_nothing_clinical(world):
    today = timezone.localdate(timezone=world.alpha.site.tz)
    dana = world.participant(first_name="Dana")
    contact(world.alpha, dana, days_ago=45, note="Relapsed; talked about detox beds")
    quinn = world.participant(first_name="Quinn")
    contact(world.alpha, quinn, days_ago=2, note="Fine")
    world.participant(first_name="New", enrolled_on=today)
    world.participant(first_name="Gone", state="inactive")
    world.participant(world.beta, first_name="Beta")
    items = _build(world, _upcoming(world))
    assert [i["participant_id"] for i in items] == [dana.pk]
    (item,) = items
    assert item["kind"] == "no_contact"
    assert item["title"] == "No contact in 45 days: Dana Rivera"
    assert "detox" not in item["title"] + item["detail"]
    assert "Relapsed" not in item["title"] + item["detail"]
    assert (today - timedelta(days=45)).isoformat() in item["detail"]
    assert set(item["visible_to_roles"]) == CM_ROLES


@pytest.mark.django_db
def test_it_uses_the_sites_inactive_after_days(world):
    p = world.participant(enrolled_on=date(2025, 1, 1))
    contact(world.alpha, p, days_ago=10)
    assert _build(world, _upcoming(world)) == []
    world.alpha.site.inactive_after_days = 7
    world.alpha.site.save()
    assert [i["participant_id"] for i in _build(world, _upcoming(world))] == [p.pk]


def _many(world, n, start):
    people = Person.objects.bulk_create(
        [Person(site=world.alpha.site, first_name=f"M{start + i}", last_name="Q") for i in range(n)]
    )
    return Participant.objects.bulk_create(
        [
            Participant(
                site=world.alpha.site,
                person=p,
                state="active",
                case_manager=world.alpha.users[Role.CM],
                enrolled_on=date(2025, 1, 1),
            )
            for p in people
        ]
    )


@pytest.mark.django_db
def test_it_builds_in_a_fixed_number_of_queries(world):
    actor = world.actor(Role.PM)

    def build(m):
        with CaptureQueriesContext(connection) as ctx:
            created = conferencing.roster_build(actor=actor, meeting_id=m.pk)
        mine = [i for i in created if i.source == "casework.no_contact"]
        reads = [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith("INSERT")]
        return len(mine), len(reads), sum('"casework_contact"' in q for q in reads)

    build(_upcoming(world, region="Warm-up"))  # caches (content types, the site) filled
    _many(world, 3, 0)
    few, few_reads, few_contact_reads = build(_upcoming(world, region="North"))
    _many(world, 60, 3)
    many, many_reads, many_contact_reads = build(_upcoming(world, region="South"))
    assert (few, many) == (3, 63)
    assert few_contact_reads == many_contact_reads == 1
    assert many_reads == few_reads
