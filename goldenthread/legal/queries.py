"""Reads in the legal area, restricted to what the actor may see; every read of legal cases
is access-logged. Prosecutors reach participants only through legal cases, and see only the
disclosures addressed to them (from ``disclosures.queries``), never case notes or health."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from goldenthread.access.actor import Actor, NotFound
from goldenthread.access.policy import Category
from goldenthread.access.scopes import SEES_ALL_PARTICIPANTS
from goldenthread.audit.actions import access_record, access_record_keys, access_record_lists
from goldenthread.core.compiled import (
    Call,
    Compiled,
    Steps,
    gather,
    run_steps,
    site_count,
    site_row,
)
from goldenthread.core.days import day_start
from goldenthread.core.formats import local_date
from goldenthread.core.models import Participant, Person
from goldenthread.core.roles import Role
from goldenthread.disclosures import queries as disclosure_queries
from goldenthread.disclosures.models import Disclosure
from goldenthread.disclosures.queries import LISTED
from goldenthread.legal import rules
from goldenthread.legal.models import Charge, CourtDate, Decision, LegalCase, LegalPolicy

LEGAL = str(Category.LEGAL_CASES)


_POLICY: Compiled[LegalPolicy] = Compiled(
    lambda site_id: LegalPolicy.objects.filter(site_id=site_id)
)


def policy_for(site_id: int) -> LegalPolicy:
    """The site's legal policy (made with the defaults on first use); the read is kept
    compiled (ADR 15): the worklist reads it."""
    return site_row(_POLICY, LegalPolicy, site_id)


# The roles whose cases are those of their own agency's clients (``cases_q_for``).
AGENCY_SCOPED = frozenset({Role.DEFENDER})


def cases_q(actor: Actor, prefix: str = "") -> Q:
    """Which cases this actor may see: everyone working cases at the site and the liaison
    prosecutor see the site's cases; defence counsel see their own agency's clients."""
    if not actor.can("legal.view"):
        return Q(pk__in=[])
    return cases_q_for(actor.role, actor.site_id, actor.agency_id, prefix)


def cases_q_for(role: str, site_id: int, agency_id: int | None = None, prefix: str = "") -> Q:
    """``cases_q`` for an actor of ``role`` who may view legal cases: also for a query kept
    compiled (``core.compiled``), whose builder takes the role as its shape and the site (and,
    for defence counsel, the agency) as values."""
    site = Q(**{f"{prefix}site_id": site_id})
    if role in SEES_ALL_PARTICIPANTS or role == Role.PROSECUTOR:
        return site
    if role in AGENCY_SCOPED:
        return site & Q(**{f"{prefix}defence_agency_id": agency_id})
    return Q(pk__in=[])


def _cases_values(actor: Actor) -> dict[str, Any]:
    """The values ``cases_q_for`` reads for this actor, for a kept query's call: the site, and
    the agency where the role's scope reads it (a kept query refuses a value it does not use)."""
    if actor.role in AGENCY_SCOPED:
        return {"site_id": actor.site_id, "agency_id": actor.agency_id}
    return {"site_id": actor.site_id}


def case_participants(actor: Actor) -> QuerySet[Participant]:
    """The participants this actor may record a court case for. The legal systems advocate
    (who sees every participant) may pick any at the site; the liaison prosecutor only those
    the office already reaches through this area: a person with a legal case here, or a
    disclosure addressed to them under a live consent (a prosecutor never gets the roll of
    participants). Anyone else: none."""
    actor.require("legal.case.create")
    site = Participant.objects.filter(site_id=actor.site_id)
    if actor.role in SEES_ALL_PARTICIPANTS:
        return site
    cases = LegalCase.objects.filter(cases_q(actor))
    addressed = Disclosure.objects.filter(
        disclosure_queries.addressed_q(actor, timezone.localdate(timezone=actor.site.tz))
    )
    return site.filter(
        Q(pk__in=cases.filter(participant__isnull=False).values("participant_id"))
        | Q(person_id__in=cases.values("person_id"))
        | Q(pk__in=addressed.values("participant_id"))
    )


def _cases(actor: Actor, *, court_dates: bool = True) -> QuerySet[LegalCase]:
    actor.require("legal.view")
    # Into lists (to_attr): Django then builds no queryset per case, which was most of the
    # worklist's time at 300 cases. The lists are declared on LegalCase for the type checker,
    # whose Django plugin then calls the to_attr a redefinition.
    lists: list[Prefetch[Any]] = [Prefetch("charges", to_attr="charge_list")]
    if court_dates:
        lists.append(Prefetch("court_dates", to_attr="court_date_list"))
    return (
        LegalCase.objects.filter(cases_q(actor))  # type: ignore[no-redef]
        .select_related("person", "participant", "defence_agency")
        .prefetch_related(*lists)
    )


def _log_list(actor: Actor, what: str, cases: list[LegalCase], path: str = "") -> None:
    """One access-log row per person the list shows (the participant, or the person a case
    names before enrolment), written together: no query per row."""
    _log_shown(actor, {_subject(c.participant_id, c.person_id): None for c in cases}, what, path)


# The people a list shows, in the order shown, each once: (model name, id) → None.
Shown = dict[tuple[str, int], None]
# How a section's rows write a date: the site's display format on the pages, ISO 8601 in the API.
Dates = Callable[[date], str]


def _log_shown(actor: Actor, shown: Shown, what: str, path: str) -> None:
    """``_log_list`` for lists read as plain rows: the people already named by ``_subject``."""
    access_record_keys(
        actor=actor,
        reads=((kind, pk, [LEGAL]) for kind, pk in shown),
        purpose=f"{LISTED}{what}",
        path=path,
    )


def _subject(participant_id: int | None, person_id: int) -> tuple[str, int]:
    """Whom a case's row is about, for the access log: the participant once enrolled, the
    person before."""
    return ("participant", participant_id) if participant_id else ("person", person_id)


def cases_for(actor: Actor, *, limit: int = 300, path: str = "") -> list[LegalCase]:
    cases = list(_cases(actor)[:limit])
    _log_list(actor, "legal cases", cases, path)
    return cases


def case_for(actor: Actor, case_id: int, *, path: str = "") -> LegalCase:
    """One case with its charges, court dates, warrants and decisions; the same 404 whether it
    is missing or not the actor's to see."""
    case = (
        _cases(actor)
        .prefetch_related(
            "warrants",
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related("decided_by").prefetch_related("basis"),
            ),
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound()
    access_record(
        actor=actor,
        subject=case.participant or case.person,
        categories=[LEGAL],
        purpose=f"legal case {case.pk}",
        path=path,
    )
    return case


def _predates(incidents: list[date], enrolled_on: date | None) -> bool | None:
    """Whether a queued case's first incident came before the person's enrolment."""
    return rules.predates_enrollment(min(incidents, default=None), enrolled_on)


@dataclass
class QueueItem:
    case: LegalCase
    latest: str | None  # the kind of the case's latest decision

    @property
    def predates_enrollment(self) -> bool | None:
        enrolled = self.case.participant.enrolled_on if self.case.participant else None
        return _predates([c.incident_date for c in self.case.charge_list], enrolled)


@dataclass
class Worklist:
    filing_queue: list[QueueItem] = field(default_factory=list)
    holds_due: list[Decision] = field(default_factory=list)
    court_dates: list[CourtDate] = field(default_factory=list)
    disclosures: list[Disclosure] = field(default_factory=list)
    cases: list[LegalCase] = field(default_factory=list)
    case_count: int = 0


# How many rows each section of the worklist shows at most; the page stays the same size
# however many cases the site has.
WORKLIST_ROWS = 100
LATEST_CASES = 25
# The worklist page shows each section's first WORKLIST_SHOWN rows with the section's total,
# and links to the section's own pages of SECTION_PAGE rows each: on a phone, a page of four
# short lists rather than a few hundred rows, and no row beyond the first hundred out of
# reach (the API's worklist, worklist_for, gives WORKLIST_ROWS of each).
WORKLIST_SHOWN = 25
SECTION_PAGE = 50
# Court dates within this many days are upcoming.
HORIZON_DAYS = 30


# The worklist's reads by a list of case ids, kept compiled (ADR 15's addendum: one parameter
# for the list).
_DECISION_KINDS: Compiled[tuple[int, str]] = Compiled(
    lambda ids: (
        Decision.objects.filter(case_id__any_of=ids)
        .order_by("decided_at", "id")
        .values_list("case_id", "kind")
    )
)
_CHARGES_OF: Compiled[tuple[int, str, str, date]] = Compiled(
    lambda ids: Charge.objects.filter(case_id__any_of=ids).values_list(
        "case_id", "statute", "level", "incident_date"
    )
)


def _latest_kinds(case_ids: list[int]) -> dict[int, str]:
    """The kind of each case's latest decision, by case id (cases without one left out)."""
    latest: dict[int, str] = {}
    for case_id, kind in _DECISION_KINDS(ids=case_ids):
        latest[case_id] = kind
    return latest


def _queue(cases: QuerySet[LegalCase]) -> QuerySet[LegalCase]:
    """The filing queue, oldest first."""
    return cases.filter(status=LegalCase.Status.REFERRED).order_by("created_at", "id")


def _holds_due(actor: Actor, today: date) -> QuerySet[Decision]:
    """Holds in abeyance whose review falls within the site's warning days (or is past),
    where the hold is still the case's latest decision; soonest first."""
    return _holds_until(cases_q(actor, "case__"), actor.site_id, _review_until(actor, today))


def _review_until(actor: Actor, today: date) -> date:
    """The last review day the worklist shows: today and the site's warning days."""
    return today + timedelta(days=policy_for(actor.site_id).hold_review_warning_days)


def _holds_until(scope: Q, site_id: int, until: date) -> QuerySet[Decision]:
    newest = Decision.objects.filter(case_id=OuterRef("case_id")).order_by("-decided_at", "-id")
    # The decision's own site as well as its case's: the (site, kind, review_on) index then
    # reads this site's holds only, not every site's (22 ms at national scale).
    return Decision.objects.filter(
        scope,
        site_id=site_id,
        kind=rules.HOLD,
        review_on__lte=until,
        pk=Subquery(newest.values("pk")[:1]),
    ).order_by("review_on", "id")


def _court_dates(actor: Actor, today: date, horizon_days: int) -> QuerySet[CourtDate]:
    return _court_between(
        cases_q(actor, "case__"), actor.site_id, today, today + timedelta(days=horizon_days)
    )


def _court_between(scope: Q, site_id: int, start: date, until: date) -> QuerySet[CourtDate]:
    return CourtDate.objects.filter(
        scope,
        site_id=site_id,  # the (site, on) index, as for the holds
        on__gte=start,
        on__lte=until,
    ).order_by("on", "id")


def worklist_for(actor: Actor, *, horizon_days: int = HORIZON_DAYS, path: str = "") -> Worklist:
    """The liaison prosecutor's worklist (and the advocate's and defence counsel's view of
    their cases), for the API: the filing queue, holds in abeyance due for review, upcoming
    court dates, the disclosures addressed to them under a live consent, and the latest cases.
    Each section is its own query over every case the actor may see (not a slice of them),
    capped at ``WORKLIST_ROWS`` rows. The web page reads the first ``WORKLIST_SHOWN`` of the
    same rows (``worklist_page``) and the rest a page at a time (``worklist_section``)."""
    actor.require("legal.view")
    today = actor.site.today()
    queued = list(_queue(_cases(actor))[:WORKLIST_ROWS])
    latest = _latest_kinds([c.pk for c in queued])
    work = Worklist(filing_queue=[QueueItem(c, latest.get(c.pk)) for c in queued])
    work.holds_due = list(
        _holds_due(actor, today)
        .select_related("case__person", "case__participant", "decided_by")
        .prefetch_related("basis")[:WORKLIST_ROWS]
    )
    work.court_dates = list(
        _court_dates(actor, today, horizon_days).select_related(
            "case__person", "case__participant"
        )[:WORKLIST_ROWS]
    )
    visible = LegalCase.objects.filter(cases_q(actor))
    work.cases = list(visible.select_related("person", "participant")[:LATEST_CASES])
    work.case_count = visible.count()
    shown = {c.pk: c for c in work.cases}
    shown.update({c.pk: c for c in queued})
    shown.update({d.case.pk: d.case for d in work.holds_due})
    shown.update({cd.case.pk: cd.case for cd in work.court_dates})
    _log_list(actor, "legal worklist", list(shown.values()), path)
    if actor.can("disclosures.receive"):
        work.disclosures = disclosure_queries.disclosures_received(actor, limit=50, path=path)
    return work


@dataclass
class WorklistPage:
    """The worklist as the web page shows it: plain rows of display values (each ``case_id``
    links to the case), read without model instances (``worklist_page``): each section's first
    ``WORKLIST_SHOWN`` rows and how many it holds in all (the rest are on the section's own
    pages, ``worklist_section``)."""

    filing_queue: list[dict[str, Any]] = field(default_factory=list)
    holds_due: list[dict[str, Any]] = field(default_factory=list)
    court_dates: list[dict[str, Any]] = field(default_factory=list)
    disclosures: list[dict[str, Any]] = field(default_factory=list)
    cases: list[dict[str, Any]] = field(default_factory=list)
    case_count: int = 0
    queue_count: int = 0
    holds_count: int = 0
    court_count: int = 0


_PERSON = ("person_id", "participant_id", "person__first_name", "person__last_name")


def _case_person(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}{name}" for name in _PERSON)


# The columns each section's rows are read with (``values_list``), in the order its row
# builder unpacks them.
_QUEUE_COLUMNS = ("pk", "source", "participant__enrolled_on", *_PERSON)


def _queue_rows(
    queued: list[tuple[Any, ...]],
    shown: Shown,
    dates: Dates = local_date,
    *,
    read: tuple[list[tuple[int, str, str, date]], list[tuple[int, str]]] | None = None,
) -> list[dict[str, Any]]:
    """The filing queue's rows (read with ``_QUEUE_COLUMNS``), with each case's charges and
    latest decision: two queries (``_CHARGES_OF`` and ``_DECISION_KINDS`` of the cases' ids),
    or their rows as ``read``."""
    sources = dict(LegalCase.Source.choices)
    levels = dict(Charge.Level.choices)
    kinds = rules.DECISION_LABELS
    ids = [row[0] for row in queued]
    of_cases, decided = read or (_CHARGES_OF(ids=ids), _DECISION_KINDS(ids=ids))
    charges: dict[int, list[tuple[str, str, date]]] = {}
    for case_id, statute, level, incident in of_cases:
        charges.setdefault(case_id, []).append((statute, level, incident))
    latest = dict(decided)  # oldest first: each case's latest decision is its last
    rows = []
    for pk, source, enrolled_on, person_id, participant_id, first, last in queued:
        listed = charges.get(pk, [])
        rows.append(
            {
                "case_id": pk,
                "person": Person.name_of(first, last),
                "source": sources.get(source, source),
                "charges": "; ".join(
                    f"{statute} ({levels.get(level, level)}, {dates(incident)})"
                    for statute, level, incident in listed
                ),
                "predates_enrollment": _predates([i for _, _, i in listed], enrolled_on),
                "latest": kinds.get(latest.get(pk, ""), ""),
            }
        )
        shown[_subject(participant_id, person_id)] = None
    return rows


_HOLD_COLUMNS = ("case_id", "case__case_number", "review_on", *_case_person("case__"))
_COURT_COLUMNS = (
    "case_id",
    "case__case_number",
    "case__court",
    "on",
    "kind",
    *_case_person("case__"),
)
_CASE_COLUMNS = ("pk", "case_number", "court", "status", *_PERSON)


def _hold_rows(
    holds: list[tuple[Any, ...]], shown: Shown, dates: Dates = local_date
) -> list[dict[str, Any]]:
    rows = []
    for case_id, number, review_on, person_id, participant_id, first, last in holds:
        rows.append(
            {
                "case_id": case_id,
                "person": Person.name_of(first, last),
                "case": LegalCase.label_of(number, case_id),
                "review_on": dates(review_on),
            }
        )
        shown[_subject(participant_id, person_id)] = None
    return rows


def _court_rows(
    court_dates: list[tuple[Any, ...]], shown: Shown, dates: Dates = local_date
) -> list[dict[str, Any]]:
    rows = []
    for case_id, number, court, on, kind, person_id, participant_id, first, last in court_dates:
        rows.append(
            {
                "case_id": case_id,
                "person": Person.name_of(first, last),
                "case": LegalCase.label_of(number, case_id),
                "court": court,
                "on": dates(on),
                "kind": kind,
            }
        )
        shown[_subject(participant_id, person_id)] = None
    return rows


def _case_rows(
    cases: list[tuple[Any, ...]], shown: Shown, dates: Dates = local_date
) -> list[dict[str, Any]]:
    statuses = dict(LegalCase.Status.choices)
    rows = []
    for pk, number, court, status, person_id, participant_id, first, last in cases:
        rows.append(
            {
                "case_id": pk,
                "case": LegalCase.label_of(number, pk),
                "person": Person.name_of(first, last),
                "court": court,
                "status": statuses.get(status, status),
            }
        )
        shown[_subject(participant_id, person_id)] = None
    return rows


def _visible_cases(role: str, site_id: int, agency_id: int | None = None) -> QuerySet[LegalCase]:
    return LegalCase.objects.filter(cases_q_for(role, site_id, agency_id))


# The worklist page's first rows of each section and their totals, kept compiled (core.compiled,
# ADR 15): the role and the number of rows are the builders' shape; the site, the agency of
# defence counsel and the days are values. The section pages (any offset) read the same
# querysets the plain way.
_FIRST_QUEUE: Compiled[tuple[Any, ...]] = Compiled(
    lambda role, limit, site_id, agency_id=None: _queue(_visible_cases(role, site_id, agency_id))[
        :limit
    ].values_list(*_QUEUE_COLUMNS)
)
_FIRST_HOLDS: Compiled[tuple[Any, ...]] = Compiled(
    lambda role, limit, site_id, until, agency_id=None: _holds_until(
        cases_q_for(role, site_id, agency_id, "case__"), site_id, until
    )[:limit].values_list(*_HOLD_COLUMNS)
)
_FIRST_COURT: Compiled[tuple[Any, ...]] = Compiled(
    lambda role, limit, site_id, start, until, agency_id=None: _court_between(
        cases_q_for(role, site_id, agency_id, "case__"), site_id, start, until
    )[:limit].values_list(*_COURT_COLUMNS)
)
_FIRST_CASES: Compiled[tuple[Any, ...]] = Compiled(
    lambda role, limit, site_id, agency_id=None: _visible_cases(role, site_id, agency_id)[
        :limit
    ].values_list(*_CASE_COLUMNS)
)


_QUEUE_TOTAL: Compiled[int] = Compiled(
    lambda role, site_id, agency_id=None: site_count(
        _queue(_visible_cases(role, site_id, agency_id))
    )
)
_HOLDS_TOTAL: Compiled[int] = Compiled(
    lambda role, site_id, until, agency_id=None: site_count(
        _holds_until(cases_q_for(role, site_id, agency_id, "case__"), site_id, until)
    )
)
_COURT_TOTAL: Compiled[int] = Compiled(
    lambda role, site_id, start, until, agency_id=None: site_count(
        _court_between(cases_q_for(role, site_id, agency_id, "case__"), site_id, start, until)
    )
)
_CASES_TOTAL: Compiled[int] = Compiled(
    lambda role, site_id, agency_id=None: site_count(_visible_cases(role, site_id, agency_id))
)


def worklist_page(
    actor: Actor, *, horizon_days: int = HORIZON_DAYS, path: str = ""
) -> WorklistPage:
    """``worklist_for``'s sections as the web page shows them (without the queued cases'
    court dates and the holds' legal basis, which the API adds): the first ``WORKLIST_SHOWN``
    rows of each section in the same order from the same querysets, each read as the columns
    shown, with each section's total, and one access-log link per person shown. Queries: a
    fixed number, however many rows: two statements (``core.compiled.together``) and the
    access log's insert."""
    actor.require("legal.view")
    shown: Shown = {}
    if actor.can("disclosures.receive"):
        received = disclosure_queries.disclosures_received_rows_steps(actor, limit=50)
        page, (disclosures, reads) = run_steps(
            gather(_worklist_page_steps(actor, horizon_days, shown), received)
        )
        page.disclosures = disclosures
    else:
        page, reads = run_steps(_worklist_page_steps(actor, horizon_days, shown)), []
    access_record_lists(
        actor=actor,
        lists=[
            (f"{LISTED}legal worklist", ((kind, pk, [LEGAL]) for kind, pk in shown)),
            (disclosure_queries.RECEIVED_PURPOSE, reads),
        ],
        path=path,
    )
    return page


def _worklist_page_steps(actor: Actor, horizon_days: int, shown: Shown) -> Steps[WorklistPage]:
    """``worklist_page``'s reads, in two rounds: the site's legal policy (the holds' warning
    days) with the first rows of the filing queue, the court dates and the cases; then the
    holds due and their total, the queued cases' charges and latest decisions, and the totals
    of the other sections that filled a page. The people shown are added to ``shown``."""
    today = actor.site.today()
    page = WorklistPage()
    role, scope, limit = actor.role, _cases_values(actor), WORKLIST_SHOWN
    court: dict[str, Any] = {"start": today, "until": today + timedelta(days=horizon_days)}
    policies, queue, courts, cases = yield [
        _POLICY.bind(site_id=actor.site_id),
        _FIRST_QUEUE.bind(role, limit, **scope),
        _FIRST_COURT.bind(role, limit, **scope, **court),
        _FIRST_CASES.bind(role, LATEST_CASES, **scope),
    ]
    policy = policies[0] if policies else LegalPolicy(site_id=actor.site_id)
    review = {"until": today + timedelta(days=policy.hold_review_warning_days)}
    ids = [row[0] for row in queue]
    sections: list[tuple[list[Any], int, Call[int]]] = [
        (queue, limit, _QUEUE_TOTAL.bind(role, **scope)),
        (courts, limit, _COURT_TOTAL.bind(role, **scope, **court)),
        (cases, LATEST_CASES, _CASES_TOTAL.bind(role, **scope)),
    ]
    full = [total for rows, size, total in sections if len(rows) >= size]
    holds, holds_total, charges, decided, *totals = yield [
        _FIRST_HOLDS.bind(role, limit, **scope, **review),
        _HOLDS_TOTAL.bind(role, **scope, **review),
        _CHARGES_OF.bind(ids=ids),
        _DECISION_KINDS.bind(ids=ids),
        *full,
    ]
    # A section's total: the rows read when they are fewer than a page's worth, else its count.
    counted = iter(totals)
    queue_count, court_count, case_count = (
        len(rows) if len(rows) < size else sum(next(counted)) for rows, size, _ in sections
    )
    page.filing_queue = _queue_rows(queue, shown, read=(charges, decided))
    page.queue_count = queue_count
    page.holds_due = _hold_rows(holds, shown)
    page.holds_count = sum(holds_total)
    page.court_dates = _court_rows(courts, shown)
    page.court_count = court_count
    page.cases = _case_rows(cases, shown)
    page.case_count = case_count
    return page


# The worklist's sections that have pages of their own: slug → title.
SECTIONS = {
    "queue": "Filing queue",
    "holds": "Holds due for review",
    "court-dates": "Upcoming court dates",
    "cases": "All cases I can see",
}


@dataclass
class SectionPage:
    """One page of a worklist section (``worklist_section``): its rows and the paginator's
    page (number, total, previous and next)."""

    section: str
    title: str
    rows: list[dict[str, Any]]
    page: Page[Any]


def worklist_section(
    actor: Actor,
    section: str,
    number: str | int | None,
    *,
    horizon_days: int = HORIZON_DAYS,
    path: str = "",
    dates: Dates = local_date,
) -> SectionPage:
    """Page ``number`` of one worklist section, in the worklist's order, ``SECTION_PAGE`` rows
    a page, with one access-log link per person shown, its dates written by ``dates``. As the
    paginator reads it, a number that is not one is the first page and one past the end the
    last. An unknown section is not found. Queries: a fixed number, whichever page."""
    actor.require("legal.view")
    if section not in SECTIONS:
        raise NotFound()
    today = actor.site.today()
    visible = LegalCase.objects.filter(cases_q(actor))
    rows_of: Any
    columns: tuple[str, ...]
    if section == "queue":
        base: QuerySet[Any] = _queue(visible)
        rows_of, columns = _queue_rows, _QUEUE_COLUMNS
    elif section == "holds":
        base, rows_of, columns = _holds_due(actor, today), _hold_rows, _HOLD_COLUMNS
    elif section == "court-dates":
        base = _court_dates(actor, today, horizon_days)
        rows_of, columns = _court_rows, _COURT_COLUMNS
    else:
        base, rows_of, columns = visible, _case_rows, _CASE_COLUMNS
    page = Paginator(base, SECTION_PAGE).get_page(number)
    start = (page.number - 1) * SECTION_PAGE
    shown: Shown = {}
    rows = rows_of(list(base[start : start + SECTION_PAGE].values_list(*columns)), shown, dates)
    _log_shown(actor, shown, f"legal worklist: {SECTIONS[section].lower()}", path)
    return SectionPage(section, SECTIONS[section], rows, page)


def next_court_dates(actor: Actor, participant_ids: list[int]) -> dict[int, date]:
    """For other areas (casework's caseload): each participant's next court date among the
    cases the actor may see, by participant id. One query; no access-log row, since only a
    date is returned."""
    if not actor.can("legal.view"):
        return {}
    rows = _NEXT_COURT_DATES(
        actor.role, participant_ids=list(participant_ids), **court_values(actor)
    )
    return first_court_dates(rows)


def upcoming_court_among(
    role: str, site_id: int, today: date, participants: QuerySet[Any], agency_id: int | None = None
) -> QuerySet[Any]:
    """For another area's kept query (core.compiled), built from its own scope: the upcoming
    court dates, soonest first, of the cases ``role`` may see whose participant is among
    ``participants`` (a subquery of participant ids), as ``(participant id, date)``. The
    caller checks ``legal.view`` and gives the values of ``court_values``."""
    return (
        _upcoming_court(cases_q_for(role, site_id, agency_id, "case__"), today)
        .filter(case__participant_id__in=participants)
        .values_list("case__participant_id", "on")
    )


def court_values(actor: Actor) -> dict[str, Any]:
    """The values ``upcoming_court_among`` reads for this actor: today at the site, the site,
    and the agency where the role's scope reads it."""
    return {"today": actor.site.today(), **_cases_values(actor)}


def first_court_dates(rows: Iterable[tuple[int, date]]) -> dict[int, date]:
    """Each participant's first date of ``rows`` (soonest first), by participant id."""
    out: dict[int, date] = {}
    for pid, on in rows:
        out.setdefault(pid, on)
    return out


# The caseload's court dates, kept compiled (ADR 15): the ids as one parameter (core.lookups).
_NEXT_COURT_DATES: Compiled[tuple[int, date]] = Compiled(
    lambda role, site_id, participant_ids, today, agency_id=None: (
        _upcoming_court(cases_q_for(role, site_id, agency_id, "case__"), today)
        .filter(case__participant_id__any_of=participant_ids)
        .values_list("case__participant_id", "on")
    )
)


def _upcoming_court(scope: Q, today: date) -> QuerySet[CourtDate]:
    """Court dates from ``today`` on, of the cases in ``scope``, soonest first."""
    return CourtDate.objects.filter(scope, on__gte=today).order_by("on")


# The participant page's one court date, kept compiled (core.compiled, ADR 15).
_NEXT_COURT_DATE: Compiled[date] = Compiled(
    lambda role, site_id, participant_id, today, agency_id=None: (
        _upcoming_court(cases_q_for(role, site_id, agency_id, "case__"), today)
        .filter(case__participant_id=participant_id)
        .values_list("on", flat=True)[:1]
    )
)


def next_court_date(actor: Actor, participant_id: int) -> date | None:
    """``next_court_dates`` for one participant (the participant page): one kept query."""
    return run_steps(next_court_date_steps(actor, participant_id))


def next_court_date_steps(actor: Actor, participant_id: int) -> Steps[date | None]:
    """``next_court_date`` as steps (core.compiled): its kept query beside others."""
    if not actor.can("legal.view"):
        return None
    (found,) = yield (
        _NEXT_COURT_DATE.bind(
            actor.role,
            participant_id=participant_id,
            today=actor.site.today(),
            **_cases_values(actor),
        ),
    )
    return found[0] if found else None


def review_queue_for(actor: Actor, *, path: str = "") -> list[Decision]:
    """Adverse actions flagged for Golden Rule review, open ones first, with the facts."""
    actor.require("legal.review")
    rows = list(
        Decision.objects.filter(site_id=actor.site_id, flagged_for_review=True)
        .select_related("case__person", "case__participant", "decided_by", "reviewed_by")
        .prefetch_related("basis")
        .order_by("review_outcome", "-decided_at")[:200]
    )
    _log_list(actor, "golden rule reviews", [d.case for d in rows], path)
    return rows


def participant_status(actor: Actor, case: LegalCase) -> str | None:
    """The participant's LEAD status, for roles that may see enrolment status (defence
    counsel see their clients' status)."""
    if case.participant is None or not actor.sees(Category.ENROLLMENT_STATUS):
        return None
    return Participant.State(case.participant.state).label


def counts_for_home(actor: Actor) -> dict[str, int]:
    """Counts only (no names), for the home page's cards: no access-log row needed."""
    return run_steps(counts_for_home_steps(actor))


_REVIEWS_OPEN: Compiled[int] = Compiled(
    lambda site_id: site_count(
        Decision.objects.filter(site_id=site_id, flagged_for_review=True, review_outcome="")
    )
)


def counts_for_home_steps(actor: Actor) -> Steps[dict[str, int]]:
    """``counts_for_home`` as steps (core.compiled): its kept counts beside others."""
    names: list[str] = []
    calls: list[Call[int]] = []
    if actor.can("legal.decide"):
        # The worklist's own totals, so that the card and the worklist agree.
        role, scope = actor.role, _cases_values(actor)
        until = _review_until(actor, actor.site.today())
        names += ["filing_queue", "holds_due"]
        calls += [_QUEUE_TOTAL.bind(role, **scope), _HOLDS_TOTAL.bind(role, **scope, until=until)]
    if actor.can("legal.review"):
        names.append("reviews")
        calls.append(_REVIEWS_OPEN.bind(site_id=actor.site_id))
    counts = (yield calls) if calls else []
    return {name: sum(rows) for name, rows in zip(names, counts, strict=True)}


def review_counts(
    actor: Actor,
    *,
    since: date | None = None,
    before: date | None = None,
    people: QuerySet[Any] | None = None,
) -> dict[str, int]:
    """Golden Rule reviews by outcome ("open" for those not yet reviewed), for the PM's
    dashboard and the PCG report: counts only, no case named. One grouped query.

    ``since`` (included) and ``before`` (excluded) bound them by the review's date: the day
    it was reviewed, or, while still open, the day the decision was made and flagged (site
    time). ``people``, a person-id subquery, keeps the reviews of those people's cases (e.g.
    planning's region or door filter)."""
    actor.require("legal.review")
    qs = Decision.objects.filter(site_id=actor.site_id, flagged_for_review=True)
    if since is not None or before is not None:
        reviewed, still_open = Q(reviewed_at__isnull=False), Q(reviewed_at__isnull=True)
        # The site's days: its midnights (core.days), not the database's (UTC).
        tz = actor.site.tz
        if since is not None:
            start = day_start(since, tz)
            reviewed &= Q(reviewed_at__gte=start)
            still_open &= Q(decided_at__gte=start)
        if before is not None:
            end = day_start(before, tz)
            reviewed &= Q(reviewed_at__lt=end)
            still_open &= Q(decided_at__lt=end)
        qs = qs.filter(reviewed | still_open)
    if people is not None:
        qs = qs.filter(case__person_id__in=people)
    out: dict[str, int] = {}
    for outcome, n in (
        qs.values_list("review_outcome")
        .annotate(n=Count("id"))
        .values_list("review_outcome", "n")
        .order_by()
    ):
        out[outcome or "open"] = out.get(outcome or "open", 0) + n
    return out
