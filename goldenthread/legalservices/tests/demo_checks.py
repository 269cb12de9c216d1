"""The demo covers every matter type and outcome, a cleared conflict and a decline."""

from __future__ import annotations

from goldenthread.legalservices import rules
from goldenthread.legalservices.models import Matter, MatterOutcome


def test_it_builds_matters_of_every_type_and_outcome(demo_site):
    site = demo_site
    matters = Matter.objects.filter(site=site)
    assert set(matters.values_list("matter_type", flat=True)) == set(rules.MATTER_TYPES)
    kinds = set(MatterOutcome.objects.filter(site=site).values_list("kind", flat=True))
    assert kinds == set(rules.OUTCOMES)
    assert matters.filter(conflict_state="cleared").exclude(conflict_cleared_reason="").exists()
    assert matters.filter(status="declined").exclude(decline_reason="").exists()
    assert matters.filter(status="referred_out").exists()
    assert matters.filter(status="referred").exists()
    assert matters.filter(status="open", attorney__username="legalaid").exists()
    assert {m.referred_by.username for m in matters} == {"cm", "cm2"}
