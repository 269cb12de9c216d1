"""`goldenthread synth`: sites with participants and staff, with a progress bar."""

from __future__ import annotations

from goldenthread.core.models import Membership, Participant, Site


def test_it_builds_sites_with_participants_and_staff(synth):
    n = synth.participants
    assert Site.objects.filter(slug__startswith="synth-").count() == synth.sites
    site = synth.site
    participants = Participant.objects.filter(site=site)
    assert participants.count() == n
    inactive = participants.filter(state="inactive").count() / n
    assert 0.12 < inactive < 0.28, "about 20% inactive"
    cms = Membership.objects.filter(site=site, role="cm").count()
    assert cms == n // site.caseload_target
    assert f"{n}/{n}" in synth.progress, "a progress bar is drawn"
