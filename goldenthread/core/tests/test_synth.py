"""goldenthread synth builds sites at the proportions domain.md gives."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from goldenthread.core.models import Membership, Participant, Site


@pytest.mark.django_db
def test_it_builds_sites_with_participants_and_staff():
    out, err = StringIO(), StringIO()
    call_command("synth", "--sites", "2", "--participants", "300", stdout=out, stderr=err)
    assert Site.objects.filter(slug__startswith="synth-").count() == 2
    site = Site.objects.get(slug="synth-000")
    participants = Participant.objects.filter(site=site)
    assert participants.count() == 300
    inactive = participants.filter(state="inactive").count() / 300
    assert 0.12 < inactive < 0.28, "about 20% inactive"
    cms = Membership.objects.filter(site=site, role="cm").count()
    assert cms == 300 // site.caseload_target
    assert "300/300" in err.getvalue(), "a progress bar is drawn"


@pytest.mark.django_db
def test_it_adds_sites_after_existing_ones():
    call_command("synth", "--participants", "10", stdout=StringIO(), stderr=StringIO())
    call_command("synth", "--participants", "10", stdout=StringIO(), stderr=StringIO())
    assert set(Site.objects.values_list("slug", flat=True)) == {"synth-000", "synth-001"}


@pytest.mark.django_db
def test_it_refuses_nonsense_sizes():
    with pytest.raises(CommandError, match="--participants"):
        call_command("synth", "--participants", "0", stdout=StringIO())
