"""goldenthread synth adds legal history: cases with charges, court dates, decisions."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from goldenthread.core.models import Site
from goldenthread.legal.models import Charge, CourtDate, Decision, LegalCase


@pytest.mark.django_db
def test_it_builds_cases_with_charges_dates_and_decisions():
    call_command("synth", "--participants", "200", stdout=StringIO(), stderr=StringIO())
    site = Site.objects.get(slug="synth-000")
    cases = LegalCase.objects.filter(site=site)
    with_case = cases.values("participant").distinct().count()
    assert 0.45 * 200 < with_case < 0.75 * 200, "about 60% of participants have a case"
    assert not Charge.objects.filter(site=site).exclude(case__site=site).exists()
    assert Charge.objects.filter(site=site).values("case").distinct().count() == cases.count()
    filed = Charge.objects.filter(site=site, case__filing_date__isnull=False)
    assert not filed.filter(incident_date__gt=F("case__filing_date")).exists()
    assert CourtDate.objects.filter(site=site).exists()
    decisions = Decision.objects.filter(site=site)
    assert 0.25 * cases.count() < decisions.count() < 0.55 * cases.count()
    assert decisions.filter(kind="hold_in_abeyance", review_on__isnull=False).exists()
