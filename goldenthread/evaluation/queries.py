"""Reads in the evaluation area, always on the actor's site and permission. Identified reads
(import errors name people; the review queue shows identities and legal events) write the
access log; the evaluator's reads are aggregates and de-identified data only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from itertools import groupby
from operator import itemgetter
from sys import intern
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncMonth

from goldenthread.access.actor import Actor, NotFound
from goldenthread.access.policy import Category
from goldenthread.audit.actions import access_record
from goldenthread.casework import queries as casework_queries
from goldenthread.core.compiled import Compiled, Steps, run_steps, site_count
from goldenthread.core.models import Participant, Person
from goldenthread.evaluation import rules
from goldenthread.evaluation.models import (
    ComparisonMember,
    ImportRun,
    LegalSource,
    LegalSystemEvent,
    MatchReview,
    OutcomeRun,
    analysis_date,
)

IDENTIFIED = (Category.IDENTITY, Category.LEGAL_CASES)


def sources_for(actor: Actor) -> QuerySet[LegalSource]:
    actor.require("evaluation.import")
    return LegalSource.objects.filter(site_id=actor.site_id)


def import_runs_for(actor: Actor) -> QuerySet[ImportRun]:
    actor.require("evaluation.import")
    return ImportRun.objects.filter(site_id=actor.site_id).select_related("source", "started_by")


def import_run_for(actor: Actor, run_id: int, *, path: str = "") -> ImportRun:
    """One run. Its errors may quote names from the feed, so the read is logged."""
    run = import_runs_for(actor).filter(pk=run_id).first()
    if run is None:
        raise NotFound()
    if run.errors:
        access_record(
            actor=actor, subject=run, categories=IDENTIFIED, purpose="import review", path=path
        )
    return run


def reviews_for(actor: Actor, *, status: str = MatchReview.Status.PENDING) -> QuerySet[MatchReview]:
    actor.require("evaluation.import")
    return (
        MatchReview.objects.filter(site_id=actor.site_id, status=status)
        .select_related("event", "event__source")
        .order_by("created_at", "id")
    )


def review_for(actor: Actor, review_id: int, *, path: str = "") -> tuple[MatchReview, list[Any]]:
    """One review with its candidate people (identified: logged in the access log)."""
    actor.require("evaluation.import")
    review = (
        MatchReview.objects.filter(site_id=actor.site_id, pk=review_id)
        .select_related("event", "event__source")
        .first()
    )
    if review is None:
        raise NotFound()
    scores = {c["person_id"]: c["score"] for c in review.candidates}
    people = Person.objects.filter(site_id=actor.site_id, pk__in=scores).select_related(
        "participant", "comparison"
    )
    candidates = sorted(
        ({"person": p, "score": scores[p.pk]} for p in people), key=lambda c: -c["score"]
    )
    access_record(
        actor=actor,
        subject=review.event,
        categories=IDENTIFIED,
        purpose="identity match review",
        path=path,
    )
    return review, candidates


# The PM's home card counts it on every visit: kept compiled (core.compiled, ADR 15).
_PENDING_REVIEWS: Compiled[int] = Compiled(
    lambda site_id: site_count(
        MatchReview.objects.filter(site_id=site_id, status=MatchReview.Status.PENDING)
    )
)


def pending_review_count(actor: Actor) -> int:
    return run_steps(pending_review_count_steps(actor))


def pending_review_count_steps(actor: Actor) -> Steps[int]:
    """The identity matches waiting for review, as steps (core.compiled): one kept count."""
    (counts,) = yield (_PENDING_REVIEWS.bind(site_id=actor.site_id),)
    return sum(counts)


def comparison_members_for(actor: Actor) -> QuerySet[ComparisonMember]:
    actor.require("evaluation.import")
    return ComparisonMember.objects.filter(site_id=actor.site_id).select_related("person")


def comparison_candidates(actor: Actor) -> QuerySet[Person]:
    """People at the site who are neither participants nor already in the comparison group."""
    actor.require("evaluation.import")
    return Person.objects.filter(
        site_id=actor.site_id, participant__isnull=True, comparison__isnull=True
    )


def outcome_runs_for(actor: Actor) -> QuerySet[OutcomeRun]:
    actor.require("evaluation.results")
    return OutcomeRun.objects.filter(site_id=actor.site_id)


def outcome_run_for(actor: Actor, run_id: int) -> OutcomeRun:
    run = outcome_runs_for(actor).filter(pk=run_id).first()
    if run is None:
        raise NotFound()
    return run


def source_summaries(actor: Actor) -> QuerySet[LegalSource]:
    return sources_for(actor).annotate(
        n_events=Count("events"),
        n_unmatched=Count("events", filter=Q(events__person__isnull=True)),
    )


# ---------------------------------------------------------------- cohorts for the analysis


def _event_date(kind: str, incident: date, filed: date | None) -> date:
    """Bookings and filings count from their booking or filing date; the rest from the
    incident."""
    return (filed or incident) if kind in rules.DATED_BY_FILING else incident


def legal_event_counts(
    actor: Actor, *, since: date, before: date, people: QuerySet[Any] | None = None
) -> list[tuple[date, str, int]]:
    """(month, kind, count) of the legal-system events of the site's LEAD participants
    (``people``: a person-id subquery that narrows them, e.g. by region or door), dated as
    the analysis dates them (bookings and filings by their booking or filing date), from
    ``since`` up to ``before``. Counts only, one grouped query: for the PM's dashboard."""
    actor.require("evaluation.results")
    on = analysis_date()
    enrolled: Any = people
    if enrolled is None:
        enrolled = Participant.objects.filter(site_id=actor.site_id).values("person_id")
    qs = LegalSystemEvent.objects.filter(site_id=actor.site_id, person_id__in=enrolled)
    rows = (
        qs.annotate(on=on)
        .filter(on__gte=since, on__lt=before)
        .annotate(month=TruncMonth("on"))
        .order_by()
        .values_list("month", "kind")
        # COUNT(*), not of the id: the index of the site and this date holds every other
        # column read here, so PostgreSQL answers from it alone (2.9 ms, not 10, at 7,000).
        .annotate(n=Count("*"))
        .order_by("month", "kind")
    )
    return [(m if isinstance(m, date) else m.date(), kind, n) for m, kind, n in rows]


# (person id, in LEAD?, evaluation entry, date of birth): a cohort, or a part of one.
Cohort = list[tuple[int, bool, date, date | None]]


def cohort_people(site_id: int) -> Cohort:
    """(person id, in LEAD?, evaluation entry, date of birth) for both groups. A participant's
    evaluation entry is their enrolment; a comparison member's is the date recorded for them."""
    lead = Participant.objects.filter(site_id=site_id).values_list(
        "person_id", "enrolled_on", "person__date_of_birth"
    )
    comparison = ComparisonMember.objects.filter(site_id=site_id).values_list(
        "person_id", "entry_date", "person__date_of_birth"
    )
    return [(p, True, e, d) for p, e, d in lead] + [(p, False, e, d) for p, e, d in comparison]


def events_by_person(site_id: int, person_ids: list[int]) -> dict[int, list[rules.Event]]:
    out: dict[int, list[rules.Event]] = defaultdict(list)
    rows = LegalSystemEvent.objects.filter(site_id=site_id, person_id__in=person_ids).values_list(
        "person_id",
        "kind",
        "incident_date",
        "filed_on",
        "released_on",
        "charge_level",
        "on_warrant",
        "sentence",
    )
    for pid, kind, incident, filed, released, level, warrant, sentence in rows.iterator(
        chunk_size=5000
    ):
        on = _event_date(kind, incident, filed)
        # The driver makes a new string for every row's kind, level and sentence; the few
        # distinct ones are shared instead, since every event of the cohort is kept.
        out[pid].append(
            rules.Event(intern(kind), on, intern(level), warrant, released, intern(sentence))
        )
    return out


def _age(dob: date | None, entry: date) -> float | None:
    return round((entry - dob).days / 365.25, 1) if dob else None


def evaluation_subjects(actor: Actor) -> list[rules.Subject]:
    """Everyone in the evaluation at the actor's site, as the pure rules see them."""
    actor.require("evaluation.run")
    return subjects_for_site(actor.site_id)


def subjects_for_site(site_id: int) -> list[rules.Subject]:
    return subjects_of(site_id, cohort_people(site_id))


def subjects_of(site_id: int, people: Cohort) -> list[rules.Subject]:
    """``people`` (as ``cohort_people`` gives them) with their legal events, as the pure rules
    see them; for a part of the cohort at a time (the de-identified export)."""
    events = events_by_person(site_id, [p for p, *_ in people])
    return [
        rules.Subject(
            key=str(pid),
            treated=treated,
            entry=entry,
            age=_age(dob, entry),
            events=tuple(sorted(events.get(pid, []), key=lambda e: e.on)),
        )
        for pid, treated, entry, dob in people
    ]


def monthly_indicators(
    actor: Actor, *, permission: str, until: date, person_ids: list[int] | None = None
) -> dict[int, list[dict]]:
    """Per LEAD participant (by person id): the month-by-month housing, income and employment
    rows of ``rules.person_months`` around their enrolment, from the casework status records
    (two queries in all). The result is per person: callers show it only as aggregates or
    under pseudonyms. ``person_ids`` keeps only those people (a part of the cohort at a
    time, for the de-identified export)."""
    actor.require(permission)
    participants = _indicator_participants(actor, person_ids)
    months = dict(_indicator_months(actor, permission, until, participants, person_ids))
    return {person_id: months[person_id] for _, person_id, _ in participants}


def monthly_indicators_streamed(
    actor: Actor, *, permission: str, until: date
) -> Iterator[tuple[int, list[dict]]]:
    """``monthly_indicators`` for every LEAD participant at the site, one (person id, rows) at a
    time in the order of participant id, the status records streamed: for an outcome run,
    which keeps only their aggregates (``rules.IndicatorTally``) and so never holds every
    participant's rows at once."""
    actor.require(permission)
    return _indicator_months(actor, permission, until, _indicator_participants(actor, None))


# (participant id, person id, enrolment): whose monthly indicators are read.
_Enrolled = list[tuple[int, int, date]]


def _indicator_participants(actor: Actor, person_ids: list[int] | None) -> _Enrolled:
    found = Participant.objects.filter(site_id=actor.site_id)
    if person_ids is not None:
        found = found.filter(person_id__in=person_ids)
    return list(found.values_list("pk", "person_id", "enrolled_on"))


def _indicator_months(
    actor: Actor,
    permission: str,
    until: date,
    participants: _Enrolled,
    person_ids: list[int] | None = None,
) -> Iterator[tuple[int, list[dict]]]:
    """(person id, ``rules.person_months`` rows) per participant, in the order of participant
    id: the status history comes in that order, so each participant's records are read,
    used and dropped in turn."""
    history = casework_queries.status_history(
        actor,
        permission=permission,
        domains=rules.INDICATOR_DOMAINS,
        participants=None if person_ids is None else [pk for pk, _, _ in participants],
    )
    groups = groupby(history, key=itemgetter(0))
    group = next(groups, None)
    for pk, person_id, entry in sorted(participants):
        while group is not None and group[0] < pk:
            group = next(groups, None)
        records: list[tuple[str, str, date]] = []
        if group is not None and group[0] == pk:
            records = [(domain, value, on) for _, domain, value, on, _ in group[1]]
            group = next(groups, None)
        yield person_id, rules.person_months(entry, records, until)


def unit_costs_for(actor: Actor) -> dict[str, float]:
    """The site's unit costs, for the settings page and API."""
    from goldenthread.evaluation.actions import config_for_site, unit_costs_of

    actor.require("evaluation.costs")
    return unit_costs_of(config_for_site(actor.site_id))
