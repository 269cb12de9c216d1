"""goldenthread synth adds referrals at domain.md's proportions, linked to the participants."""

from __future__ import annotations

from django.db.models import F

from goldenthread.core.models import Participant
from goldenthread.referrals.models import Referral, Screening


def test_it_adds_referrals_through_the_doors_at_the_published_proportions(synth):
    site, n = synth.site, synth.participants
    rows = Referral.objects.filter(site=site)
    total = rows.count()
    assert total == n + round(n * 0.18 / 0.82)
    enrolled = rows.filter(state="enrolled")
    assert enrolled.count() == n
    assert set(enrolled.values_list("participant_id", flat=True)) == set(
        Participant.objects.filter(site=site).values_list("pk", flat=True)
    )
    assert not enrolled.exclude(person_id=F("participant__person_id")).exists()
    social = rows.filter(door="social").count() / total
    assert 0.45 < social < 0.65, "about 55% social contacts"
    not_enrolled = total - n
    ineligible = rows.filter(state="ineligible").count()
    assert 0.3 < ineligible / not_enrolled < 0.7, "ineligible about half of the 18%"
    assert rows.filter(state="declined").exists() or not_enrolled < 20
    assert rows.filter(state="intake_expired").count() > 0
    assert not rows.filter(person__isnull=True).exists()
    assert Screening.objects.filter(site=site, result="ineligible").count() == ineligible
    first = rows.order_by("contact_at").first()
    assert first is not None and (site.created_at - first.contact_at).days > 365 * 3
