"""goldenthread synth adds legal history: cases with charges, court dates, decisions."""

from __future__ import annotations

from django.db.models import F

from goldenthread.legal.models import Charge, CourtDate, Decision, LegalCase


def test_it_builds_cases_with_charges_dates_and_decisions(synth):
    site, n = synth.site, synth.participants
    cases = LegalCase.objects.filter(site=site)
    with_case = cases.values("participant").distinct().count()
    assert 0.45 * n < with_case < 0.75 * n, "about 60% of participants have a case"
    assert not Charge.objects.filter(site=site).exclude(case__site=site).exists()
    assert Charge.objects.filter(site=site).values("case").distinct().count() == cases.count()
    filed = Charge.objects.filter(site=site, case__filing_date__isnull=False)
    assert not filed.filter(incident_date__gt=F("case__filing_date")).exists()
    assert CourtDate.objects.filter(site=site).exists()
    decisions = Decision.objects.filter(site=site)
    assert 0.25 * cases.count() < decisions.count() < 0.55 * cases.count()
    assert decisions.filter(kind="hold_in_abeyance", review_on__isnull=False).exists()
    # Each case is dated by its filing (or referral), over the years of history, not all at
    # the moment the synth ran.
    filed_cases = cases.filter(filing_date__isnull=False)
    assert not filed_cases.exclude(created_at__date=F("filing_date")).exists()
    days = set(cases.values_list("created_at__date", flat=True))
    assert len(days) > 0.2 * cases.count()
