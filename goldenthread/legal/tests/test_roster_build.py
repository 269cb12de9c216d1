"""Legal events reach the OWG roster (docs/conferencing.md, the roster-source contract)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goldenthread.conferencing import actions as conferencing_actions
from goldenthread.conferencing.models import RosterItem
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.roles import Role
from goldenthread.legal import rules
from goldenthread.legal.models import CourtDate, Decision, LegalCase, Warrant
from goldenthread.legal.tests.factories import case
from goldenthread.testing import site_today

API = "/api/v1/conferencing"


def _upcoming(world):
    now = timezone.now()
    meeting(world.alpha, "closed", scheduled_for=now - timedelta(days=14))
    return meeting(world.alpha, scheduled_for=now + timedelta(days=1))


def _hold(world, row, *, review_in_days, decided_ago_hours=2):
    return Decision.objects.create(
        site=world.alpha.site,
        case=row,
        kind=rules.HOLD,
        rationale="Engaged; revisit",
        review_on=site_today() + timedelta(days=review_in_days),
        decided_by=world.alpha.users[Role.PROSECUTOR],
        decided_at=timezone.now() - timedelta(hours=decided_ago_hours),
    )


def _old_case(world, **kw):
    row = case(world, world.alpha, **kw)
    LegalCase.objects.filter(pk=row.pk).update(created_at=timezone.now() - timedelta(days=90))
    return row


def _legal_items(m):
    return {
        i.title.split(": ", 1)[1]: i
        for i in RosterItem.objects.filter(meeting=m)
        if i.source.startswith("legal.")
    }


@pytest.mark.django_db
def test_it_adds_each_new_legal_event_tagged_legal(world):
    m = _upcoming(world)
    today = site_today()
    fresh = case(world, world.alpha)  # created now: a new filed case
    soon = _old_case(world)
    CourtDate.objects.create(
        site=world.alpha.site, case=soon, on=today + timedelta(days=10), kind="Pretrial"
    )
    CourtDate.objects.create(
        site=world.alpha.site, case=soon, on=today + timedelta(days=20), kind="Trial"
    )
    warranted = _old_case(world)
    Warrant.objects.create(
        site=world.alpha.site, case=warranted, status="issued", on=today - timedelta(days=3)
    )
    Warrant.objects.create(
        site=world.alpha.site, case=warranted, status="issued", on=today - timedelta(days=60)
    )
    _hold(world, _old_case(world), review_in_days=3)
    replaced = _old_case(world)
    _hold(world, replaced, review_in_days=3, decided_ago_hours=5)
    Decision.objects.create(
        site=world.alpha.site,
        case=replaced,
        kind=rules.DECLINE,
        rationale="Declined",
        decided_by=world.alpha.users[Role.PROSECUTOR],
        decided_at=timezone.now() - timedelta(hours=1),
    )
    _hold(world, _old_case(world), review_in_days=60)
    case(world, world.beta)  # another site's case never reaches this roster

    response = world.api(Role.PM).post(f"{API}/meetings/{m.pk}/roster")

    assert response.status_code == 200
    found = _legal_items(m)
    due = (today + timedelta(days=3)).strftime("%Y-%m-%d")
    assert set(found) == {
        "case filed",
        f"Pretrial on {(today + timedelta(days=10)):%Y-%m-%d}",
        "warrant issued",
        f"hold in abeyance due for review {due}",
    }
    assert found["case filed"].participant_id == fresh.participant_id
    for item in found.values():
        assert item.tags == ["legal"]
        assert "officer" not in item.visible_to_roles
        assert "prosecutor" in item.visible_to_roles and "cm" in item.visible_to_roles


@pytest.mark.django_db
def test_it_shows_legal_items_to_the_prosecutor_and_case_management_never_police(world):
    m = _upcoming(world)
    case(world, world.alpha, court_on=site_today() + timedelta(days=2))
    world.api(Role.PM).post(f"{API}/meetings/{m.pk}/roster")

    def titles(role):
        r = world.api(role).get(f"{API}/meetings/{m.pk}")
        assert r.status_code == 200
        return [i["title"] for i in r.json()["items"] if "Pretrial" in i["title"]]

    assert titles(Role.PROSECUTOR) and titles(Role.CM) and titles(Role.SUPERVISOR)
    assert titles(Role.OFFICER) == [] and titles(Role.POLICE_SUPERVISOR) == []
    assert titles(Role.DEFENDER) == []


@pytest.mark.django_db
def test_it_does_not_repeat_an_event_when_the_roster_is_built_again(world):
    m = _upcoming(world)
    case(world, world.alpha, court_on=site_today() + timedelta(days=2))
    world.api(Role.PM).post(f"{API}/meetings/{m.pk}/roster")
    world.api(Role.PM).post(f"{API}/meetings/{m.pk}/roster")
    assert len(_legal_items(m)) == 2  # the filed case and its court date, once each


def _queries_for_build(world, m):
    with CaptureQueriesContext(connection) as ctx:
        conferencing_actions.roster_build(actor=world.actor(Role.PM), meeting_id=m.pk)
    return [q["sql"] for q in ctx.captured_queries if q["sql"].startswith('SELECT "legal_')]


@pytest.mark.django_db
def test_it_reads_a_fixed_number_of_queries_however_many_cases(world):
    today = site_today()

    def events(n):
        for _ in range(n):
            row = case(world, world.alpha, court_on=today + timedelta(days=5))
            Warrant.objects.create(site=world.alpha.site, case=row, status="issued", on=today)
            _hold(world, row, review_in_days=1)

    events(2)
    few = _queries_for_build(world, _upcoming(world))
    RosterItem.objects.all().delete()
    events(12)
    m = meeting(world.alpha, scheduled_for=timezone.now() + timedelta(days=2), region="x")
    many = _queries_for_build(world, m)
    assert RosterItem.objects.filter(meeting=m, source__startswith="legal.").count() == 14 * 4
    # The policy, then one query per rule: new cases, warrants, court dates, holds due.
    assert len(many) == len(few) == 5
