"""Evaluation API: sources, imports, the review queue, the comparison group, outcome runs and
exports. Thin: every handler calls the same actions and queries as the pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from goldenthread.access.actor import Actor
from goldenthread.apidoc import file_response
from goldenthread.evaluation import actions, exports, queries, tasks
from goldenthread.evaluation.models import ImportRun, MatchReview, OutcomeRun

router = Router(tags=["evaluation"])


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined,no-any-return]


class SourceIn(Schema):
    name: str
    label: str = ""
    kind: str
    column_map: dict[str, str]
    value_map: dict[str, Any] = {}
    date_format: str = "%Y-%m-%d"


class SourceOut(Schema):
    id: int
    name: str
    label: str
    kind: str
    column_map: dict[str, str]
    value_map: dict[str, Any]
    date_format: str


class ImportRunOut(Schema):
    id: int
    source: str
    filename: str
    status: str
    total_rows: int
    processed_rows: int
    percent: int
    created: int
    updated: int
    unchanged: int
    review: int
    errors: list[dict[str, Any]]
    created_at: datetime
    finished_at: datetime | None


class CandidateOut(Schema):
    person_id: int
    name: str
    date_of_birth: date | None
    aliases: list[str]
    group: str
    score: float


class ReviewOut(Schema):
    id: int
    status: str
    source: str
    kind: str
    incident_date: date
    subject_name: str
    subject_dob: date | None
    candidates: list[CandidateOut] = []


class ResolveIn(Schema):
    person_id: int | None = None


class ComparisonIn(Schema):
    entry_date: date
    method: str = "imported"


class ComparisonOut(Schema):
    id: int
    person_id: int
    entry_date: date
    method: str


class OutcomeRunOut(Schema):
    id: int
    created_at: datetime
    window_days: int
    long_term_days: int
    results: dict[str, Any] = {}


def _run_out(run: ImportRun) -> ImportRunOut:
    return ImportRunOut(
        id=run.pk,
        source=run.source.name,
        filename=run.filename,
        status=run.status,
        total_rows=run.total_rows,
        processed_rows=run.processed_rows,
        percent=run.percent,
        created=run.created_count,
        updated=run.updated_count,
        unchanged=run.unchanged_count,
        review=run.review_count,
        errors=run.errors,
        created_at=run.created_at,
        finished_at=run.finished_at,
    )


def _group(person: Any) -> str:
    if hasattr(person, "participant"):
        return "lead"
    return "comparison" if hasattr(person, "comparison") else "other"


def _review_out(review: MatchReview, candidates: list[dict[str, Any]] | None = None) -> ReviewOut:
    e = review.event
    return ReviewOut(
        id=review.pk,
        status=review.status,
        source=e.source.name,
        kind=e.kind,
        incident_date=e.incident_date,
        subject_name=f"{e.subject_first_name} {e.subject_last_name}",
        subject_dob=e.subject_dob,
        candidates=[
            CandidateOut(
                person_id=c["person"].pk,
                name=str(c["person"]),
                date_of_birth=c["person"].date_of_birth,
                aliases=[str(a) for a in c["person"].aliases or []],
                group=_group(c["person"]),
                score=c["score"],
            )
            for c in candidates or []
        ],
    )


def _outcome_out(run: OutcomeRun, *, full: bool) -> OutcomeRunOut:
    return OutcomeRunOut(
        id=run.pk,
        created_at=run.created_at,
        window_days=run.window_days,
        long_term_days=run.long_term_days,
        results=run.results if full else {},
    )


@router.get("/sources", response=list[SourceOut])
def source_list(request: HttpRequest) -> list[SourceOut]:
    return [SourceOut.from_orm(s) for s in queries.sources_for(_actor(request))]


@router.post("/sources", response=SourceOut)
def source_save(request: HttpRequest, payload: SourceIn) -> SourceOut:
    source = actions.source_save(actor=_actor(request), **payload.dict())
    return SourceOut.from_orm(source)


@router.get("/imports", response=list[ImportRunOut])
def import_list(request: HttpRequest) -> list[ImportRunOut]:
    return [_run_out(r) for r in queries.import_runs_for(_actor(request))[:200]]


@router.post("/imports", response={202: ImportRunOut})
def import_start(
    request: HttpRequest,
    source: Form[int | None] = None,  # type: ignore[type-arg]
    file: File[UploadedFile | None] = None,  # type: ignore[type-arg]
) -> tuple[int, ImportRunOut]:
    """Upload a CSV for a source; the import runs in the background. Poll the run."""
    actor = _actor(request)
    run = actions.import_run_create(actor=actor, source_id=source or 0, upload=file)
    tasks.import_legal_events.enqueue(run.pk, actor.membership.pk)
    return 202, _run_out(queries.import_run_for(actor, run.pk, path=request.path))


@router.get("/imports/{run_id}", response=ImportRunOut)
def import_detail(request: HttpRequest, run_id: int) -> ImportRunOut:
    return _run_out(queries.import_run_for(_actor(request), run_id, path=request.path))


@router.get("/reviews", response=list[ReviewOut])
def review_list(request: HttpRequest) -> list[ReviewOut]:
    return [_review_out(r) for r in queries.reviews_for(_actor(request))[:200]]


@router.get("/reviews/{review_id}", response=ReviewOut)
def review_detail(request: HttpRequest, review_id: int) -> ReviewOut:
    review, candidates = queries.review_for(_actor(request), review_id, path=request.path)
    return _review_out(review, candidates)


@router.post("/reviews/{review_id}/resolve", response=ReviewOut)
def review_resolve(request: HttpRequest, review_id: int, payload: ResolveIn) -> ReviewOut:
    actor = _actor(request)
    actions.match_review_resolve(actor=actor, review_id=review_id, person_id=payload.person_id)
    review, candidates = queries.review_for(actor, review_id, path=request.path)
    return _review_out(review, candidates)


@router.post("/comparison/build", response=list[ComparisonOut])
def comparison_build(request: HttpRequest) -> list[ComparisonOut]:
    """Add everyone referred but not enrolled (ineligible, declined, intake expired)."""
    return [
        ComparisonOut(id=m.pk, person_id=m.person_id, entry_date=m.entry_date, method=m.method)
        for m in actions.comparison_group_build(actor=_actor(request))
    ]


@router.post("/comparison/{person_id}", response=ComparisonOut)
def comparison_add(request: HttpRequest, person_id: int, payload: ComparisonIn) -> ComparisonOut:
    """Put a person who is not a participant into the comparison group."""
    member = actions.comparison_member_add(
        actor=_actor(request), person_id=person_id, **payload.dict()
    )
    return ComparisonOut(
        id=member.pk, person_id=member.person_id, entry_date=member.entry_date, method=member.method
    )


@router.get("/outcomes", response=list[OutcomeRunOut])
def outcome_list(request: HttpRequest) -> list[OutcomeRunOut]:
    return [_outcome_out(r, full=False) for r in queries.outcome_runs_for(_actor(request))[:100]]


@router.post("/outcomes", response=OutcomeRunOut)
def outcome_run(request: HttpRequest) -> OutcomeRunOut:
    actor = _actor(request)
    run = actions.outcome_run_create(actor=actor, subjects=queries.evaluation_subjects(actor))
    return _outcome_out(run, full=True)


@router.get("/outcomes/{run_id}", response=OutcomeRunOut)
def outcome_detail(request: HttpRequest, run_id: int) -> OutcomeRunOut:
    return _outcome_out(queries.outcome_run_for(_actor(request), run_id), full=True)


class UnitCostsIO(Schema):
    jail_day: float
    booking: float
    prosecution: float
    defence: float
    program_month: float


@router.get("/costs", response=UnitCostsIO)
def unit_costs_get(request: HttpRequest) -> UnitCostsIO:
    return UnitCostsIO(**queries.unit_costs_for(_actor(request)))


@router.put("/costs", response=UnitCostsIO)
def unit_costs_put(request: HttpRequest, payload: UnitCostsIO) -> UnitCostsIO:
    actor = _actor(request)
    config = actions.unit_costs_save(actor=actor, costs=payload.dict())
    return UnitCostsIO(**actions.unit_costs_of(config))


@router.get("/outcomes/{run_id}/report.pdf", openapi_extra=file_response("application/pdf"))
def outcome_pdf(request: HttpRequest, run_id: int) -> HttpResponse:
    """The evaluation report of one outcome run as a PDF."""
    from goldenthread.evaluation.report import report_pdf

    response = HttpResponse(report_pdf(_actor(request), run_id), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="evaluation-{run_id}.pdf"'
    return response


@router.get("/exports/deidentified", openapi_extra=file_response("application/zip"))
def export_deidentified(request: HttpRequest) -> HttpResponseBase:
    """The de-identified evaluation bundle (zip): the only export an evaluator may take."""
    actor = _actor(request)
    content, _ = exports.deidentified_bundle(actor)
    return exports.response(content, f"evaluation-{actor.site.slug}.zip")


@router.get("/exports/hmis", openapi_extra=file_response("application/zip"))
def export_hmis(
    request: HttpRequest,
    start: date | None = None,
    end: date | None = None,
    hash: bool = False,
) -> HttpResponseBase:
    """The HUD HMIS CSV FY2026 zip for the Continuum of Care (identified: PM only)."""
    actor = _actor(request)
    content, _ = exports.hmis_bundle(actor, start=start, end=end, hashing=hash)
    response = exports.response(content, f"hmis-{actor.site.slug}.zip")
    response["X-Part2-Notice"] = exports.PART2_NOTICE  # Part 2 data: the §2.32 notice
    return response
