"""The evaluation report as a PDF: methods, the published-style tables, costs, the monthly
indicators, the models and the chart, for the PM and the evaluator."""

from __future__ import annotations

from goldenthread.core.roles import Role
from goldenthread.evaluation.models import OutcomeRun
from goldenthread.evaluation.report import report_document
from goldenthread.evaluation.tests.test_outcome_run import _load


def _text(document) -> str:  # type: ignore[no-untyped-def]
    out = []
    for page in document.pages:
        for box in page._page_box.descendants():
            if hasattr(box, "text"):
                out.append(box.text)
    return " ".join(out)


def test_it_renders_the_report_of_a_run_as_a_pdf(world):
    _load(world)
    world.api(Role.PM).post("/api/v1/evaluation/outcomes")
    run = OutcomeRun.objects.get()
    for response in (
        world.client(Role.EVALUATOR).get(f"/evaluation/outcomes/{run.pk}/report.pdf"),
        world.api(Role.PM).get(f"/api/v1/evaluation/outcomes/{run.pk}/report.pdf"),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-") and len(response.content) > 5000
    document = report_document(world.actor(Role.EVALUATOR), run.pk)
    text = _text(document)
    for heading in (
        "Methods",
        "Six months before and after entry",
        "Long-term window",
        "Yearly cost per person",
        "Housing, income and employment by month",
        "Models",
        "Arrests (all)",
    ):
        assert heading in text, heading
    assert "P 0" not in text and "Rivera" not in text  # no person's name in the report
    page = world.client(Role.PM).get(f"/evaluation/outcomes/{run.pk}/").content.decode()
    assert f"/evaluation/outcomes/{run.pk}/report.pdf" in page
