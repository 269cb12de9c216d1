"""Writes in the evaluation area: sources and their column mappings, imports of legal-system
events, the review queue, the comparison group, outcome runs and the record of exports."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from goldenthread.access.actor import Actor, Conflict, NotFound, Refused
from goldenthread.audit.actions import audit_record
from goldenthread.core.models import Person
from goldenthread.evaluation import imports, queries, rules
from goldenthread.evaluation.models import (
    ComparisonMember,
    EvaluationConfig,
    ExportRecord,
    ImportRun,
    LegalSource,
    MatchReview,
    OutcomeRun,
)
from goldenthread.referrals import queries as referral_queries

MAX_UPLOAD_BYTES = 512 * 1024 * 1024


def config_for_site(site_id: int) -> EvaluationConfig:
    """The site's evaluation settings, made with a fresh pseudonym secret on first use."""
    config, _ = EvaluationConfig.objects.get_or_create(
        site_id=site_id, defaults={"pseudonym_key": secrets.token_hex(32)}
    )
    return config


def unit_costs_of(config: EvaluationConfig) -> dict[str, float]:
    return {unit: float(getattr(config, f)) for unit, (_, f) in rules.COST_UNITS.items()}


def unit_costs_save(*, actor: Actor, costs: dict[str, float]) -> EvaluationConfig:
    """Set the site's unit costs (jail day, booking, prosecution, defence, program month),
    used by every later outcome run's cost analysis. Audited with before and after."""
    actor.require("evaluation.costs")
    refusal = rules.cost_refusal(costs)
    if refusal:
        raise Refused(refusal[1], field=refusal[0])
    with transaction.atomic():
        config = EvaluationConfig.objects.select_for_update(no_key=True).get(
            pk=config_for_site(actor.site_id).pk
        )
        before = unit_costs_of(config)
        for unit, (_, name) in rules.COST_UNITS.items():
            setattr(config, name, Decimal(str(costs[unit])).quantize(Decimal("0.01")))
        config.save()
        audit_record(
            actor=actor,
            action="unit_costs.save",
            obj=config,
            before=before,
            after=unit_costs_of(config),
        )
    return config


def source_save(
    *,
    actor: Actor,
    name: str,
    label: str,
    kind: str,
    column_map: dict[str, str],
    value_map: dict[str, Any] | None = None,
    date_format: str = "%Y-%m-%d",
) -> LegalSource:
    """Create or change a source's column mapping (configured as data, not code)."""
    actor.require("evaluation.import")
    if kind not in LegalSource.Kind.values:
        raise Refused(f"kind must be one of {', '.join(LegalSource.Kind.values)}", field="kind")
    values = value_map or {}
    problems = rules.mapping_problems(column_map, str(values.get("fixed_kind", "")))
    if problems:
        raise Refused("; ".join(problems), field="column_map")
    if not name.strip():
        raise Refused("a source needs a name", field="name")
    with transaction.atomic():
        source = (
            LegalSource.objects.select_for_update(no_key=True)
            .filter(site_id=actor.site_id, name=name)
            .first()
        )
        before = (
            {"column_map": source.column_map, "value_map": source.value_map} if source else None
        )
        source = source or LegalSource(site_id=actor.site_id, name=name)
        source.label, source.kind = label or name, kind
        source.column_map, source.value_map, source.date_format = column_map, values, date_format
        source.full_clean(exclude=["site"])
        source.save()
        audit_record(
            actor=actor,
            action="legal_source.save",
            obj=source,
            before=before,
            after={"column_map": column_map, "value_map": values, "kind": kind},
        )
    return source


def import_run_create(*, actor: Actor, source_id: int, upload: UploadedFile | None) -> ImportRun:
    """Accept a file for import: the run is queued and the work happens in the background."""
    actor.require("evaluation.import")
    source = LegalSource.objects.filter(site_id=actor.site_id, pk=source_id).first()
    if source is None:
        raise Refused("choose a source", field="source")
    if upload is None:
        raise Refused("choose a CSV file to import", field="file")
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise Refused("the file is larger than 512 MB", field="file")
    with transaction.atomic():
        run = ImportRun(
            site_id=actor.site_id,
            source=source,
            filename=(upload.name or "upload.csv")[:255],
            started_by=actor.user,
        )
        run.upload.save(f"{secrets.token_hex(8)}.csv", upload, save=False)
        run.save()
        audit_record(actor=actor, action="import_run.create", obj=run, after={"file": run.filename})
    return run


def _finish(run: ImportRun, **fields: Any) -> None:
    fields["finished_at"] = timezone.now()
    ImportRun.objects.filter(pk=run.pk).update(**fields)
    for name, value in fields.items():
        setattr(run, name, value)


def legal_events_import(
    *,
    actor: Actor,
    source_id: int,
    path: Path,
    filename: str = "",
    run: ImportRun | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportRun:
    """Import a feed's CSV: validate every row (row number and field in each error), match each
    subject to a person (uncertain matches go to the review queue), then write the batch in one
    transaction or not at all. Re-importing the same file changes nothing; a corrected file
    updates only the rows that changed. The run's progress and outcome are kept on the
    ImportRun, outside that transaction, so they survive a rollback and can be watched."""
    actor.require("evaluation.import")
    source = LegalSource.objects.filter(site_id=actor.site_id, pk=source_id).first()
    if source is None:
        raise NotFound()
    if run is None:
        run = ImportRun.objects.create(
            site_id=actor.site_id,
            source=source,
            filename=(filename or path.name)[:255],
            started_by=actor.user,
        )
    total = imports.count_rows(path)
    run.total_rows, run.status = total, ImportRun.Status.VALIDATING
    ImportRun.objects.filter(pk=run.pk).update(total_rows=total, status=run.status)

    def validated(done: int) -> None:
        ImportRun.objects.filter(pk=run.pk).update(processed_rows=done)
        if progress:
            progress("validating", done, total)

    index = imports.PersonIndex(actor.site_id)
    errors = imports.validate(path, source, index, validated)
    if not errors:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.WRITING)
        try:
            with transaction.atomic():
                counts = imports.write(
                    path,
                    run,
                    source,
                    index,
                    (lambda done: progress("writing", done, total)) if progress else None,
                )
                audit_record(
                    actor=actor,
                    action="import_run.succeed",
                    obj=run,
                    after={**counts.__dict__, "file": run.filename, "source": source.name},
                )
        except imports.ImportFailed as exc:
            errors = exc.errors
    if errors:
        _finish(run, status=ImportRun.Status.FAILED, errors=imports.errors_json(errors))
        audit_record(
            actor=actor,
            action="import_run.fail",
            obj=run,
            after={"errors": len(errors), "file": run.filename, "source": source.name},
        )
        return run
    _finish(
        run,
        status=ImportRun.Status.SUCCEEDED,
        processed_rows=total,
        created_count=counts.created,
        updated_count=counts.updated,
        unchanged_count=counts.unchanged,
        review_count=counts.review,
        errors=[],
    )
    return run


def match_review_resolve(*, actor: Actor, review_id: int, person_id: int | None) -> MatchReview:
    """Settle an uncertain match: the PM picks one of the candidates, or rules that none of
    them is the person (``person_id`` None). The event follows the decision."""
    actor.require("evaluation.import")
    with transaction.atomic():
        review = (
            MatchReview.objects.select_for_update(no_key=True)
            .select_related("event")
            .filter(site_id=actor.site_id, pk=review_id)
            .first()
        )
        if review is None:
            raise NotFound()
        if review.status != MatchReview.Status.PENDING:
            raise Conflict("this match has already been decided", field="person_id")
        allowed = {c["person_id"] for c in review.candidates}
        if person_id is not None and person_id not in allowed:
            raise Refused("choose one of the candidates", field="person_id")
        event = review.event
        event.person_id = person_id
        event.save(update_fields=["person", "updated_at"])
        review.status = (
            MatchReview.Status.MATCHED if person_id is not None else MatchReview.Status.REJECTED
        )
        review.resolved_by, review.resolved_at = actor.user, timezone.now()
        review.save()
        audit_record(
            actor=actor,
            action="match_review.resolve",
            obj=review,
            before={"status": "pending"},
            after={"status": review.status, "person": person_id},
        )
    return review


def comparison_member_add(
    *, actor: Actor, person_id: int, entry_date: date, method: str = "imported"
) -> ComparisonMember:
    """Put a person who is not a participant into the comparison group, with the date that
    stands for their evaluation entry."""
    actor.require("evaluation.import")
    if method not in ComparisonMember.Method.values:
        raise Refused("unknown method", field="method")
    with transaction.atomic():
        person = (
            Person.objects.filter(site_id=actor.site_id, pk=person_id)
            .select_related("participant")
            .first()
        )
        if person is None:
            raise NotFound()
        if hasattr(person, "participant"):
            raise Refused("a LEAD participant cannot be in the comparison group", field="person")
        if ComparisonMember.objects.filter(person=person).exists():
            raise Conflict("already in the comparison group", field="person")
        member = ComparisonMember.objects.create(
            site_id=actor.site_id, person=person, entry_date=entry_date, method=method
        )
        audit_record(
            actor=actor,
            action="comparison_member.add",
            obj=member,
            after={"entry_date": entry_date, "method": method},
        )
    return member


def comparison_group_build(*, actor: Actor) -> list[ComparisonMember]:
    """Fill the comparison group with people referred but not enrolled (ineligible, declined
    or intake expired), read through ``referrals.queries.referred_not_enrolled``: each
    enters on the date of their first such referral, with the method
    "referred_not_enrolled" (docs/evaluation.md) and a history row. People already in the
    group and participants are left as they are; running it again adds only the newly
    eligible. One audit event records how many were added."""
    actor.require("evaluation.import")
    with transaction.atomic():
        already = set(
            ComparisonMember.objects.filter(site_id=actor.site_id).values_list(
                "person_id", flat=True
            )
        )
        found = referral_queries.referred_not_enrolled(actor.site_id, actor.site.tz)
        members = bulk_create_with_history(
            [
                ComparisonMember(
                    site_id=actor.site_id,
                    person_id=person_id,
                    entry_date=entry,
                    method=ComparisonMember.Method.REFERRED_NOT_ENROLLED,
                )
                for person_id, entry in found
                if person_id not in already
            ],
            ComparisonMember,
            default_user=actor.user,
        )
        audit_record(
            actor=actor,
            action="comparison_group.build",
            after={
                "method": ComparisonMember.Method.REFERRED_NOT_ENROLLED,
                "added": len(members),
                "found": len(found),
            },
        )
    return members


def outcome_run_create(
    *, actor: Actor, subjects: list[rules.Subject], until: date | None = None
) -> OutcomeRun:
    """Compute and keep the outcome measures and models (aggregates only)."""
    actor.require("evaluation.run")
    config = config_for_site(actor.site_id)
    until = until or timezone.localdate(timezone=actor.site.tz)
    analysis = rules.analyse(
        subjects,
        days=config.window_days,
        long_term_days=config.long_term_days,
        until=until,
        small_cell=config.small_cell,
    )
    indicators = rules.IndicatorTally()
    for _, months in queries.monthly_indicators_streamed(
        actor, permission="evaluation.run", until=until
    ):
        indicators.add(months)
    with transaction.atomic():
        run = OutcomeRun.objects.create(
            site_id=actor.site_id,
            started_by=actor.user,
            window_days=config.window_days,
            long_term_days=config.long_term_days,
            results={
                "n_treated": analysis.n_treated,
                "n_comparison": analysis.n_comparison,
                "tables": analysis.tables,
                "models": analysis.models,
                "notes": analysis.notes,
                "until": until.isoformat() if until else None,
                "small_cell": config.small_cell,
                "costs": rules.cost_table(analysis.tables["six_months"], unit_costs_of(config)),
                "unit_costs": unit_costs_of(config),
                "program_month_cost": float(config.program_month_cost),
                "indicators": indicators.table(small_cell=config.small_cell),
                "indicator_people": indicators.people,
            },
        )
        audit_record(
            actor=actor,
            action="outcome_run.create",
            obj=run,
            after={"n_treated": analysis.n_treated, "n_comparison": analysis.n_comparison},
        )
    return run


def export_record(*, actor: Actor, kind: str, people: int, filename: str) -> ExportRecord:
    """Keep a record of an export, and audit it."""
    with transaction.atomic():
        record = ExportRecord.objects.create(
            site_id=actor.site_id, kind=kind, made_by=actor.user, people=people, filename=filename
        )
        audit_record(
            actor=actor, action="export.create", obj=record, after={"kind": kind, "people": people}
        )
    return record
