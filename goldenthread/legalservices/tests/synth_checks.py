"""goldenthread synth adds legal matters at scale: every stage of intake, outcomes with
amounts, deadlines on open matters, attorneys carrying the caseload; bulk inserts."""

from __future__ import annotations

from goldenthread.core.models import Membership
from goldenthread.legalservices import rules
from goldenthread.legalservices.models import Matter, MatterDeadline, MatterOutcome


def test_it_builds_matters_at_every_stage(synth):
    site, n = synth.site, synth.participants
    matters = Matter.objects.filter(site=site)
    referred = matters.values("participant").distinct().count()
    assert 0.10 * n < referred < 0.25 * n, "about one participant in six"
    statuses = set(matters.values_list("status", flat=True))
    assert statuses == set(rules.STATUSES), statuses
    assert not matters.filter(status=rules.OPEN, attorney__isnull=True).exists()
    assert not matters.filter(status=rules.DECLINED, decline_reason="").exists()
    outcomes = MatterOutcome.objects.filter(site=site)
    assert outcomes.exists() and not outcomes.exclude(matter__status=rules.CLOSED).exists()
    amounts = outcomes.filter(kind__in=rules.AMOUNT_OUTCOMES)
    assert not amounts.filter(amount__isnull=True).exists()
    assert (
        not outcomes.exclude(kind__in=rules.AMOUNT_OUTCOMES).filter(amount__isnull=False).exists()
    )
    deadlines = MatterDeadline.objects.filter(site=site)
    assert deadlines.exists()
    assert not deadlines.exclude(matter__status__in=[rules.REFERRED, rules.OPEN]).exists()
    attorneys = Membership.objects.filter(site=site, role="legal_services")
    assert attorneys.count() == n // 150
    assert set(matters.exclude(attorney=None).values_list("attorney", flat=True)) <= set(
        attorneys.values_list("user", flat=True)
    )


def test_it_inserts_in_bulk_not_a_query_per_matter(synth):
    queries = [q for q in synth.queries if "legalservices_matter" in q]
    matters = Matter.objects.count()
    assert matters > 100
    # Bulk inserts for the matters, deadlines, entries and outcomes (SQLite splits them into
    # a few statements by its variable limit): never a query per matter.
    assert len(queries) <= matters // 10, len(queries)
