"""`goldenthread bench_verify` (part of `make bench`): it grows a site's access chain to the
asked number of links with the same hash rule as every other link, once, and times `audit
verify` over them in its own process."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from goldenthread.audit import bench
from goldenthread.audit.models import AccessEvent, ChainHead
from goldenthread.audit.queries import chains_verify
from goldenthread.testing import share_test_database


@pytest.mark.django_db
def test_grown_links_are_real_links_of_the_site_chain(world, monkeypatch):
    monkeypatch.setattr(bench, "BATCH", 7)  # several commits, the head moving at each
    for _ in range(3):
        world.participant()
    site = world.alpha.site
    before = bench.links_in_all()
    assert bench.grow(site, before + 40) == 40 and bench.links_in_all() == before + 40
    head = ChainHead.objects.get(chain=f"access:{site.pk}")
    assert head.seq == AccessEvent.objects.filter(chain=head.chain).count() == 40
    assert all(r.broken is None for r in chains_verify())
    # Once is enough: asking again adds nothing; only the asked site's chain grew.
    assert bench.grow(site, before + 40) == 0
    assert not AccessEvent.objects.filter(site_id_ref=world.beta.site.pk).exists()


@pytest.mark.django_db
def test_it_names_the_site_when_it_has_nothing_to_read(world):
    with pytest.raises(CommandError, match="site: no site 'nowhere'"):
        call_command("bench_verify", "--links", "10", "--site", "nowhere")
    with pytest.raises(CommandError, match="has no participants"):
        call_command("bench_verify", "--links", "10", "--site", world.alpha.site.slug)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_it_times_audit_verify_over_the_links_in_another_process(world, monkeypatch):
    share_test_database(monkeypatch, "verify")
    world.participant()
    out = io.StringIO()
    call_command("bench_verify", "--links", "250", "--site", world.alpha.site.slug, stdout=out)
    line = out.getvalue().strip()
    assert line.startswith("audit verify: 250 links, "), line
    assert "process CPU" in line and "peak memory" in line and "the 60 s target" in line
    assert line.endswith("chains verified."), line


@pytest.mark.django_db
def test_verify_memory_stays_flat_as_the_chain_grows(world, monkeypatch):
    # Verify streams the links (VERIFY_CHUNK at a time, small here so what grows shows);
    # listing the chains once read a row per link (the model's ordering joined the DISTINCT),
    # 1.9 GB at 10,000,000 links.
    import tracemalloc

    monkeypatch.setattr("goldenthread.audit.queries.VERIFY_CHUNK", 50)
    for _ in range(3):
        world.participant()
    site = world.alpha.site

    def peak() -> int:
        tracemalloc.start()
        try:
            assert all(r.broken is None for r in chains_verify())
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    bench.grow(site, bench.links_in_all() + 2000)
    small = peak()
    bench.grow(site, bench.links_in_all() + 8000)
    large = peak()
    assert large < small * 1.5, (small, large)
