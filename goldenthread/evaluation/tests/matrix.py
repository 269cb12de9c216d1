"""Matrix entries for the evaluation area: the PM runs imports and exports; the evaluator sees
outcome runs and the de-identified export, nothing identified."""

from __future__ import annotations

from datetime import date
from typing import Any

from goldenthread.core.models import Person
from goldenthread.core.roles import Role
from goldenthread.evaluation.models import (
    ImportRun,
    LegalSource,
    LegalSystemEvent,
    MatchReview,
    OutcomeRun,
)
from goldenthread.testing_matrix import Case

PM = frozenset({Role.PM})
READERS = frozenset({Role.PM, Role.EVALUATOR})
COLUMNS = {
    "external_key": "k",
    "last_name": "l",
    "first_name": "f",
    "date_of_birth": "d",
    "incident_date": "i",
    "kind": "t",
}


def _run(site: Any) -> ImportRun:
    source, _ = LegalSource.objects.get_or_create(
        site=site.site, name="matrix", defaults={"kind": "police", "column_map": COLUMNS}
    )
    return ImportRun.objects.create(
        site=site.site,
        source=source,
        filename="f.csv",
        status="failed",
        errors=[{"row": 2, "field": "incident_date", "message": "bad"}],
        started_by=site.users[Role.PM],
    )


def _import_run(world: Any, site: Any) -> dict[str, Any]:
    return {"run_id": _run(site).pk}


def _person(world: Any, site: Any) -> dict[str, Any]:
    p = Person.objects.create(site=site.site, first_name="Kim", last_name="Lee")
    return {"person_id": p.pk}


def _review(world: Any, site: Any) -> dict[str, Any]:
    run = _run(site)
    p = Person.objects.create(
        site=site.site, first_name="Kim", last_name="Lee", date_of_birth=date(1990, 1, 1)
    )
    event = LegalSystemEvent.objects.create(
        site=site.site,
        source=run.source,
        external_key=f"K{run.pk}",
        kind="arrest",
        incident_date=date(2026, 1, 1),
        subject_first_name="Kym",
        subject_last_name="Lee",
        subject_dob=date(1990, 1, 2),
        fingerprint="x",
        last_run=run,
    )
    review = MatchReview.objects.create(
        site=site.site, event=event, candidates=[{"person_id": p.pk, "score": 88.0}]
    )
    return {"review_id": review.pk}


def _outcome_run(world: Any, site: Any) -> dict[str, Any]:
    run = OutcomeRun.objects.create(
        site=site.site,
        started_by=site.users[Role.PM],
        window_days=183,
        long_term_days=730,
        results={"n_treated": 0, "n_comparison": 0, "tables": {}, "models": [], "notes": []},
    )
    return {"run_id": run.pk}


MAKERS = {
    "eval_import_run": _import_run,
    "eval_review": _review,
    "eval_outcome_run": _outcome_run,
    "eval_person": _person,
}

API = "/api/v1/evaluation"

CASES = [
    Case("evaluation:home", READERS),
    Case("evaluation:sources", PM),
    Case("evaluation:import_new", PM),
    Case("evaluation:import_detail", PM, obj="eval_import_run"),
    Case("evaluation:comparison", PM),
    Case("evaluation:comparison_build", PM, method="POST", ok=302),
    Case("evaluation:reviews", PM),
    Case("evaluation:review_detail", PM, obj="eval_review"),
    Case("evaluation:outcome_run", PM, method="POST", ok=302),
    Case("evaluation:outcome_detail", READERS, obj="eval_outcome_run"),
    Case("evaluation:outcome_pdf", READERS, obj="eval_outcome_run"),
    Case("evaluation:export_deid", READERS),
    Case("evaluation:export_hmis", PM),
    Case("evaluation:unit_costs", READERS),
    Case(f"GET {API}/sources", PM),
    Case(
        f"POST {API}/sources",
        PM,
        method="POST",
        data={"name": "jail", "kind": "jail", "column_map": COLUMNS},
    ),
    Case(f"GET {API}/imports", PM),
    # No file: the PM is told which field is missing; every other role gets the 404.
    Case(f"POST {API}/imports", PM, method="POST", ok=422),
    Case(f"GET {API}/imports/{{run_id}}", PM, obj="eval_import_run"),
    Case(f"GET {API}/reviews", PM),
    Case(f"GET {API}/reviews/{{review_id}}", PM, obj="eval_review"),
    Case(
        f"POST {API}/reviews/{{review_id}}/resolve",
        PM,
        obj="eval_review",
        method="POST",
        data={"person_id": None},
    ),
    Case(f"POST {API}/comparison/build", PM, method="POST"),
    Case(
        f"POST {API}/comparison/{{person_id}}",
        PM,
        obj="eval_person",
        method="POST",
        data={"entry_date": "2026-01-05", "method": "matched_pool"},
    ),
    Case(f"GET {API}/outcomes", READERS),
    Case(f"POST {API}/outcomes", PM, method="POST"),
    Case(f"GET {API}/outcomes/{{run_id}}", READERS, obj="eval_outcome_run"),
    Case(f"GET {API}/outcomes/{{run_id}}/report.pdf", READERS, obj="eval_outcome_run"),
    Case(f"GET {API}/exports/deidentified", READERS),
    Case(f"GET {API}/exports/hmis", PM),
    Case(f"GET {API}/costs", READERS),
    Case(
        f"PUT {API}/costs",
        READERS,
        method="PUT",
        data={"jail_day": 1, "booking": 2, "prosecution": 3, "defence": 4, "program_month": 5},
    ),
]
