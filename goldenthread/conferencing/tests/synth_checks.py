"""goldenthread synth adds a year of biweekly OWG meetings with a few items each."""

from __future__ import annotations

import itertools

from django.utils import timezone

from goldenthread.conferencing.models import ConferenceMeeting, DiscussionNote, RosterItem


def test_it_builds_a_year_of_biweekly_meetings(synth):
    site = synth.site
    meetings = list(ConferenceMeeting.objects.filter(site=site).order_by("scheduled_for"))
    assert len(meetings) == 27
    days = [timezone.localdate(m.scheduled_for) for m in meetings]
    gaps = {(b - a).days for a, b in itertools.pairwise(days)}
    assert gaps == {14}
    assert [m.status for m in meetings].count("draft") == 1
    for m in meetings:
        assert 3 <= RosterItem.objects.filter(meeting=m).count() <= 6
    assert not RosterItem.objects.filter(site=site).exclude(participant__site=site).exists()
    assert DiscussionNote.objects.filter(site=site, provenance="lead_derived").exists()
