"""Disclosures addressed to the OWG reach the OWG roster, for the roles the consent covers,
and leave it as soon as the consent is revoked or expires."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goldenthread.audit.models import AccessEvent
from goldenthread.conferencing import actions as conferencing_actions
from goldenthread.conferencing.models import RosterItem
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.models import Agency
from goldenthread.core.roles import Role
from goldenthread.disclosures import rules
from goldenthread.disclosures.models import Consent, ConsentRecipient
from goldenthread.disclosures.tests.factories import consent, disclosure
from goldenthread.testing import site_today

API = "/api/v1/conferencing"


def _owg_disclosure(world, *, agency_kind=None):
    row = consent(world, world.alpha, audiences=())
    agency = world.alpha.agencies[agency_kind] if agency_kind else None
    ConsentRecipient.objects.create(
        site=world.alpha.site, consent=row, audience=rules.OWG, agency=agency
    )
    d = disclosure(world, world.alpha, row, audience=rules.OWG)
    if agency:
        d.recipient_agency = agency
        d.save()
    return d


def _built(world):
    m = meeting(world.alpha, "open", scheduled_for=timezone.now() + timedelta(hours=1))
    response = world.api(Role.PM).post(f"{API}/meetings/{m.pk}/roster")
    assert response.status_code == 200
    return m


def _seen(world, role, m):
    response = world.api(role).get(f"{API}/meetings/{m.pk}")
    assert response.status_code == 200
    return response.json()


def _disclosure_items(body):
    return [i for i in body["items"] if "disclosure to the OWG" in i["title"]]


@pytest.mark.django_db
def test_it_adds_owg_disclosures_with_the_notice_for_the_whole_table_but_police(world):
    d = _owg_disclosure(world)
    disclosure(world, world.alpha)  # addressed to the prosecutor, not the OWG: not on the roster
    m = _built(world)

    item = RosterItem.objects.get(meeting=m, source="disclosures.owg")
    assert item.participant_id == d.participant_id
    assert item.tags == ["disclosures"]
    assert item.key == f"disclosures:owg:{d.pk}"
    assert "Keeps every appointment" in item.detail
    assert item.detail.endswith(rules.PART2_NOTICE)
    assert RosterItem.objects.filter(meeting=m, source__startswith="disclosures").count() == 1
    for role in (Role.PROSECUTOR, Role.DEFENDER, Role.SUPERVISOR, Role.OUTREACH):
        body = _seen(world, role, m)
        assert len(_disclosure_items(body)) == 1, role
        assert body["notice"] == rules.PART2_NOTICE
    for role in (Role.OFFICER, Role.POLICE_SUPERVISOR):
        assert _disclosure_items(_seen(world, role, m)) == []


@pytest.mark.django_db
def test_it_reaches_only_the_agency_the_consent_names(world):
    _owg_disclosure(world, agency_kind=Agency.Kind.CASE_MANAGEMENT)
    m = _built(world)
    assert len(_disclosure_items(_seen(world, Role.SUPERVISOR, m))) == 1
    # The prosecutor's tag shortcut does not widen what the consent covers.
    assert _disclosure_items(_seen(world, Role.PROSECUTOR, m)) == []
    assert _disclosure_items(_seen(world, Role.DEFENDER, m)) == []


@pytest.mark.django_db
def test_it_drops_the_item_once_the_consent_is_revoked_or_expired(world):
    revoked = _owg_disclosure(world)
    expired = _owg_disclosure(world)
    m = _built(world)
    assert len(_disclosure_items(_seen(world, Role.PROSECUTOR, m))) == 2
    item = RosterItem.objects.get(key=f"disclosures:owg:{revoked.pk}")

    Consent.objects.filter(pk=revoked.consent_id).update(status=rules.REVOKED)
    Consent.objects.filter(pk=expired.consent_id).update(expires_on=site_today() - timedelta(1))

    assert _disclosure_items(_seen(world, Role.PROSECUTOR, m)) == []
    assert _disclosure_items(_seen(world, Role.PM, m)) == []
    note = world.api(Role.PROSECUTOR).post(
        f"{API}/items/{item.pk}/notes",
        data=json.dumps({"text": "Noted"}),
        content_type="application/json",
    )
    assert note.status_code == 404
    # Built again, the roster does not propose them either.
    m2 = _built(world)
    assert not RosterItem.objects.filter(meeting=m2, source="disclosures.owg").exists()


@pytest.mark.django_db
def test_it_logs_who_read_a_disclosure_at_the_table(world):
    d = _owg_disclosure(world)
    m = _built(world)
    _seen(world, Role.PROSECUTOR, m)
    events = AccessEvent.objects.filter(
        user=world.alpha.users[Role.PROSECUTOR],
        subject_type="participant",
        subject_id=str(d.participant_id),
    )
    assert any("disclosures" in e.categories for e in events)


@pytest.mark.django_db
def test_it_reads_owg_disclosures_in_one_query(world):
    for _ in range(3):
        _owg_disclosure(world)

    def count():
        m = meeting(world.alpha, "open", scheduled_for=timezone.now() + timedelta(hours=1))
        with CaptureQueriesContext(connection) as ctx:
            conferencing_actions.roster_build(actor=world.actor(Role.PM), meeting_id=m.pk)
        return sum('FROM "disclosures_disclosure"' in q["sql"] for q in ctx.captured_queries)

    few = count()
    for _ in range(9):
        _owg_disclosure(world)
    RosterItem.objects.all().delete()
    assert count() == few == 1
