"""`goldenthread bench_jobs` (part of `make bench`): the PCG report, the evaluation run and the
two exports, each timed in its own process with its peak memory."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from goldenthread.evaluation.models import ExportRecord, OutcomeRun
from goldenthread.testing import share_test_database


@pytest.mark.django_db
def test_it_names_the_site_it_cannot_find(world):
    with pytest.raises(CommandError, match="site: no site 'nowhere'"):
        call_command("bench_jobs", "--site", "nowhere")
    with pytest.raises(CommandError, match="site: no site 'elsewhere'"):
        call_command("bench_jobs", "--site", world.alpha.site.slug, "--hmis-site", "elsewhere")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_times_each_job_in_its_own_process(world, monkeypatch):
    share_test_database(monkeypatch, "each job")
    for _ in range(3):
        world.participant()
    out = io.StringIO()
    call_command("bench_jobs", "--site", world.alpha.site.slug, stdout=out)
    lines = out.getvalue().strip().splitlines()
    names = [line.split(":")[0] for line in lines]
    slug = world.alpha.site.slug
    assert names == [
        "process start (goldenthread check)",
        f"PCG report, PDF ({slug})",
        f"evaluation run ({slug})",
        f"HMIS export ({slug})",
        f"de-identified export ({slug})",
    ]
    assert all(" s, process CPU " in line and " MB" in line for line in lines), lines
    assert "in program" in lines[1] and "Outcome run" in lines[2]
    assert f"hmis-{slug}.zip (3 people)" in lines[3]
    # The jobs did their work, at the site asked and nowhere else.
    assert OutcomeRun.objects.filter(site=world.alpha.site).count() == 1
    assert set(ExportRecord.objects.values_list("site__slug", "kind")) == {
        (slug, ExportRecord.Kind.HMIS),
        (slug, ExportRecord.Kind.DEIDENTIFIED),
    }
