"""goldenthread synth builds sites at the proportions domain.md gives."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from goldenthread.core.models import Site


@pytest.mark.django_db
def test_it_adds_sites_after_existing_ones():
    call_command("synth", "--participants", "10", stdout=StringIO(), stderr=StringIO())
    call_command("synth", "--participants", "10", stdout=StringIO(), stderr=StringIO())
    assert set(Site.objects.values_list("slug", flat=True)) == {"synth-000", "synth-001"}


@pytest.mark.django_db
def test_it_refuses_nonsense_sizes():
    with pytest.raises(CommandError, match="--participants"):
        call_command("synth", "--participants", "0", stdout=StringIO())
