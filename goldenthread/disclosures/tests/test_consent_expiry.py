"""The database's idea of a live consent agrees with the rules' for every status and date, so
revocation and expiry always hide content from recipients."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from goldenthread.disclosures import queries, rules
from goldenthread.disclosures.models import Consent
from goldenthread.disclosures.tests import factories

DAY = date(2026, 6, 1)
STATUSES = [rules.DRAFT, rules.ACTIVE, rules.EXPIRED, rules.REVOKED, rules.REFUSED]
EXPIRIES = [None, DAY - timedelta(days=1), DAY, DAY + timedelta(days=1)]


@pytest.mark.django_db
def test_it_agrees_with_the_rules_on_every_status_and_date(world):
    participant = world.participant()
    for status in STATUSES:
        for expires_on in EXPIRIES:
            row = factories.consent(world, world.alpha, participant, status=status)
            # The factory always sets a date; put the table's value (maybe None) in place.
            Consent.objects.filter(pk=row.pk).update(expires_on=expires_on)
    for today in (DAY - timedelta(days=2), DAY, DAY + timedelta(days=2)):
        live = set(
            Consent.objects.filter(queries.live_consent_q(today)).values_list("pk", flat=True)
        )
        for row in Consent.objects.all():
            facts = queries.facts_of(row)
            assert (row.pk in live) is rules.is_live(facts, today), (row.status, row.expires_on)
