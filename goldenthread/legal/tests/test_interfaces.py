"""What other areas call: the filing queue entry (referrals) and next court dates
(casework)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.legal import actions, queries
from goldenthread.legal.models import CourtDate
from goldenthread.legal.tests import factories
from goldenthread.testing import site_today


@pytest.mark.django_db
def test_it_puts_an_expired_intakes_charge_in_the_filing_queue(world):
    p = world.participant()
    case = actions.case_refer_for_filing(
        site_id=world.alpha.site.pk,
        person_id=p.person_id,
        source="expired_intake",
        statute="RCW 69.50.4013",
        level="felony",
        incident_date=date(2026, 1, 1),
        reference="referral 17",
    )
    work = queries.worklist_for(world.actor(Role.PROSECUTOR))
    assert [i.case.pk for i in work.filing_queue] == [case.pk]
    assert AuditEvent.objects.filter(action="legal_case.refer_for_filing").exists()


@pytest.mark.django_db
def test_it_gives_each_participant_their_next_court_date(world):
    today = site_today()
    a = factories.case(world, world.alpha, court_on=today + timedelta(days=9))
    CourtDate.objects.create(site=world.alpha.site, case=a, on=today + timedelta(days=3))
    CourtDate.objects.create(site=world.alpha.site, case=a, on=today - timedelta(days=3))
    b = factories.case(world, world.alpha)
    foreign = factories.case(world, world.beta, court_on=today + timedelta(days=1))
    ids = [a.participant_id, b.participant_id, foreign.participant_id]
    dates = queries.next_court_dates(world.actor(Role.CM), ids)
    assert dates == {a.participant_id: today + timedelta(days=3)}
    assert queries.next_court_dates(world.actor(Role.OFFICER), ids) == {}
