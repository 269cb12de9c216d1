"""goldenthread demo: the evaluation area's part of the demo site."""

from __future__ import annotations

from goldenthread.evaluation.models import (
    ComparisonMember,
    EvaluationConfig,
    ImportRun,
    LegalSource,
    LegalSystemEvent,
    MatchReview,
    OutcomeRun,
)


def test_it_builds_sources_an_import_a_review_and_outcomes(demo_site):
    source = LegalSource.objects.get(site__slug="seattle")
    assert source.column_map["external_key"] == "IncidentNo"
    run = ImportRun.objects.get(site__slug="seattle")
    assert run.status == "succeeded" and run.created_count > 50 and run.review_count == 1
    assert MatchReview.objects.filter(status="pending").count() == 1
    assert ComparisonMember.objects.count() == 30
    assert LegalSystemEvent.objects.filter(person__comparison__isnull=False).exists()
    assert LegalSystemEvent.objects.filter(person__participant__isnull=False).exists()
    results = OutcomeRun.objects.get().results
    assert (results["n_treated"], results["n_comparison"]) == (40, 30)
    assert results["models"] and results["tables"]["six_months"]
    assert EvaluationConfig.objects.get(site__slug="seattle").program_month_cost == 899
