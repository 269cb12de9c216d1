"""The demo shows every door, the reasons for ineligibility, an expired intake and a queue."""

from __future__ import annotations

from goldenthread.referrals.models import PolicyVersion, Referral, Screening


def test_it_builds_the_referrals_demo(demo_site):
    site = demo_site
    referrals = Referral.objects.filter(site=site)
    assert set(referrals.values_list("door", flat=True)) == {"arrest", "social", "community"}
    assert referrals.filter(state="intake_expired", door="arrest").exists()
    assert referrals.filter(state="intake_pending", waiting_since__isnull=False).count() >= 3
    failed = Screening.objects.filter(referral__site=site, result="ineligible")
    assert failed.count() >= 3
    assert all(any(c["outcome"] == "fail" for c in s.explanation) for s in failed)
    assert set(PolicyVersion.objects.values_list("site__slug", flat=True)) == {
        "seattle",
        "santa-fe",
    }
