"""The demo site's governance builds and tells its story."""

from __future__ import annotations

from goldenthread.governance.models import Body, Decision, Proposal, Seat


def test_it_builds_the_demo_governance(demo_site):
    assert Body.objects.filter(kind="pcg").count() == 1
    assert Body.objects.filter(kind="owg").count() == 2
    assert Seat.objects.filter(body__kind="pcg", kind="community").exists()
    assert Seat.objects.filter(body__kind="owg", appointed_by__isnull=True).count() == 0
    assert not Seat.objects.filter(body__kind="clt", sector="religious").exists()
    assert Decision.objects.count() >= 3
    assert Proposal.objects.filter(status="open").exists()
