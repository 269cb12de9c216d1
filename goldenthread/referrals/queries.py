"""Reads in the referrals area, always restricted to what the actor may see.

Case management and the PM see everything in this area; police see only the status of their
own and their agency's referrals; prosecutors see only the filing queue (issue 3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Count, DateField, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from goldenthread.access.actor import Actor, NotFound
from goldenthread.access.policy import Category
from goldenthread.audit.actions import access_record
from goldenthread.core.compiled import Compiled, Steps, run_steps, site_count, site_row
from goldenthread.core.days import day_start
from goldenthread.core.formats import user_label
from goldenthread.core.models import Participant, Person
from goldenthread.core.roles import Role
from goldenthread.referrals import rules
from goldenthread.referrals.models import (
    EligibilityPolicy,
    Notification,
    PersonLink,
    PolicyVersion,
    Referral,
    ReferralSettings,
    Screening,
)

ACTIVE_STATES = ("enrolled", "active", "inactive")


_SETTINGS: Compiled[ReferralSettings] = Compiled(
    lambda site_id: ReferralSettings.objects.filter(site_id=site_id)
)


def settings_for(site_id: int) -> ReferralSettings:
    """The site's referral settings (made with the defaults on first use); the read is kept
    compiled (ADR 15): the capacity queue reads it on the PM's dashboard."""
    return site_row(_SETTINGS, ReferralSettings, site_id)


def referrals_for(actor: Actor) -> QuerySet[Referral]:
    """Every referral at the actor's site, for case management and the PM."""
    actor.require("referrals.view")
    return Referral.objects.filter(site_id=actor.site_id).select_related(
        "referring_agency", "referred_by", "person", "assigned_cm"
    )


def referral_for(actor: Actor, referral_id: int) -> Referral:
    referral = referrals_for(actor).filter(pk=referral_id).first()
    if referral is None:
        raise NotFound()
    return referral


def _police_sees(agency_id: int | None, user_id: int) -> tuple[Q, Q]:
    """What police may see (issue 3): their agency's referrals, and their own. The one home of
    that rule: ``police_referrals_for`` reads either, police's list each apart."""
    return Q(referring_agency_id=agency_id), Q(referred_by_id=user_id)


def police_referrals_for(actor: Actor) -> QuerySet[Referral]:
    """The referrals a police user made or their agency made: status only."""
    actor.require("referrals.view_status")
    agency, own = _police_sees(actor.agency_id, actor.user_id)
    return (
        Referral.objects.filter(site_id=actor.site_id)
        .filter(agency | own)
        .only("id", "door", "state", "waiting_since", "contact_at", "first_name", "last_name")
    )


_POLICE_FIELDS = ("pk", "door", "state", "waiting_since", "contact_at")
_NEWEST = ("-contact_at", "-pk")


def _police_halves(
    site_id: int, agency_id: int | None, user_id: int, limit: int
) -> list[QuerySet[Referral, tuple[Any, ...]]]:
    """``police_referrals_for`` as two ordered reads, the agency's and the officer's own, each
    the newest ``limit`` from the end of its index on (site, who, contact_at, id): an OR of the
    two would read and sort every referral the agency ever made."""
    mine = Referral.objects.filter(site_id=site_id).order_by(*_NEWEST)
    return [
        mine.filter(half).values_list(*_POLICE_FIELDS)[:limit]
        for half in _police_sees(agency_id, user_id)
    ]


def _police_union(
    limit: int, site_id: int, agency_id: int, user_id: int
) -> QuerySet[Referral, tuple[Any, ...]]:
    """The two halves in one statement (where the database takes a LIMIT in each part of a
    UNION), the newest ``limit`` of them."""
    agency, own = _police_halves(site_id, agency_id, user_id, limit)
    return agency.union(own).order_by(*_NEWEST)[:limit]


ENROLLED = Referral.State.ENROLLED

# Kept compiled (ADR 15), the limit its shape.
_POLICE_ROWS: Compiled[tuple[Any, ...]] = Compiled(_police_union)


@dataclass(slots=True)
class PoliceRow:
    """One line of the police list: what police may see of a referral, nothing more. Up to
    200 are made for each view of the list: a slotted class is made in 0.31 µs, a frozen one
    in 0.83 (timeit)."""

    pk: int
    door: str
    status: str
    enrolled: bool


def police_rows(actor: Actor, *, limit: int) -> list[PoliceRow]:
    """``police_referrals_for`` as the police list shows it, newest contact first: the door's
    label and the police status, as plain rows rather than model instances."""
    actor.require("referrals.view_status")
    doors = dict(Referral.Door.choices)
    rows: Iterable[tuple[Any, ...]]
    if connection.features.supports_slicing_ordering_in_compound:  # one statement, kept
        rows = _POLICE_ROWS(
            limit, site_id=actor.site_id, agency_id=actor.agency_id, user_id=actor.user_id
        )
    else:  # SQLite: the two read apart, merged here
        agency, officer = _police_halves(actor.site_id, actor.agency_id, actor.user_id, limit)
        both = {row[0]: row for row in [*agency, *officer]}
        rows = sorted(both.values(), key=lambda r: (r[4], r[0]), reverse=True)[:limit]
    # What police see of each (state, held in the queue or not): rules.police_status, asked
    # once a list for each pair rather than for each row.
    shown: dict[tuple[str, bool], str] = {}
    out = []
    for pk, door, state, since, _ in rows:
        held = since is not None
        status = shown.get((state, held))
        if status is None:
            waiting = rules.is_waiting(state, since)
            status = shown[state, held] = rules.police_status(state, waiting=waiting)
        out.append(PoliceRow(pk, doors.get(door, door), status, state == ENROLLED))
    return out


def police_pending_count(actor: Actor) -> int:
    """How many of ``police_referrals_for`` police see as pending (``rules.police_status``),
    counted by the database."""
    pending = Q(state__in=rules.POLICE_PENDING_STATES) | Q(
        state=rules.INTAKE_PENDING, waiting_since__isnull=False
    )
    return police_referrals_for(actor).filter(pending).count()


def status_for(actor: Actor, referral_id: int) -> Referral:
    """One referral's status: police for their own or their agency's, staff for any."""
    if actor.can("referrals.view"):
        return referral_for(actor, referral_id)
    referral = police_referrals_for(actor).filter(pk=referral_id).first()
    if referral is None:
        raise NotFound()
    return referral


def _filing_queue(site_id: int) -> QuerySet[Referral]:
    """Arrest diversions whose intake lapsed: "may be referred for filing" (domain.md)."""
    return Referral.objects.filter(site_id=site_id, door=rules.ARREST, state=rules.INTAKE_EXPIRED)


def filing_queue_for(actor: Actor) -> QuerySet[Referral]:
    """The site's filing queue, newest lapse first."""
    actor.require("referrals.filing_queue")
    return (
        _filing_queue(actor.site_id)
        .select_related("referring_agency")
        .order_by("-expired_at", "-id")
    )


def lapsed_intakes_q(site_id: int, due_before: date) -> Q:
    """Intakes that have lapsed: due before ``rules.lapsed_if_due_before``, not yet moved."""
    return Q(
        site_id=site_id,
        state=rules.INTAKE_PENDING,
        intake_due__lt=due_before,
        waiting_since__isnull=True,
    )


_LAPSED: Compiled[int] = Compiled(
    lambda site_id, due_before: (
        Referral.objects.filter(lapsed_intakes_q(site_id, due_before))
        .order_by()
        .values_list("pk", flat=True)[:1]
    )
)


def has_lapsed_intakes(site_id: int, due_before: date) -> bool:
    """Whether any intake at the site has lapsed: one kept query, no lock."""
    return bool(_LAPSED(site_id=site_id, due_before=due_before))


def filing_queue_count_steps(actor: Actor, due_before: date) -> Steps[tuple[bool, int]]:
    """``has_lapsed_intakes`` and ``filing_queue_count`` as steps (core.compiled), for the
    home card: whether the sweep (``actions.referrals_expire``) would move an intake into the
    filing queue first, and the queue's count before it did."""
    actor.require("referrals.filing_queue")
    lapsed, counts = yield (
        _LAPSED.bind(site_id=actor.site_id, due_before=due_before),
        _FILING_QUEUE_COUNT.bind(site_id=actor.site_id),
    )
    return bool(lapsed), sum(counts)


_FILING_QUEUE_COUNT: Compiled[int] = Compiled(lambda site_id: site_count(_filing_queue(site_id)))


def filing_queue_count(actor: Actor) -> int:
    """How many entries ``filing_queue_for`` holds (the home card's figure): one kept query."""
    actor.require("referrals.filing_queue")
    return sum(_FILING_QUEUE_COUNT(site_id=actor.site_id))


def filing_queue_read(actor: Actor, *, path: str = "") -> list[Referral]:
    """The filing queue as read by a person: each entry's arrest details are legal-case
    information, so every read is in the access log."""
    entries = list(filing_queue_for(actor)[:500])
    for referral in entries:
        access_record(
            actor=actor,
            subject=referral,
            categories=[Category.LEGAL_CASES],
            purpose="filing queue",
            path=path,
        )
    return entries


def referral_read(actor: Actor, referral_id: int, *, path: str = "") -> Referral:
    """One referral in full (its charge and history are legal-case information): logged."""
    referral = referral_for(actor, referral_id)
    access_record(
        actor=actor,
        subject=referral,
        categories=[Category.REFERRAL_STATUS, Category.LEGAL_CASES],
        purpose="referral",
        path=path,
    )
    return referral


def screenings_for(actor: Actor, referral: Referral) -> QuerySet[Screening]:
    actor.require("referrals.view")
    return Screening.objects.filter(site_id=actor.site_id, referral=referral).select_related(
        "policy_version__policy", "screened_by", "override_by"
    )


def screening_for(actor: Actor, screening_id: int) -> Screening:
    actor.require("referrals.view")
    found = (
        Screening.objects.filter(site_id=actor.site_id, pk=screening_id)
        .select_related("referral", "policy_version")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def policies_for(actor: Actor) -> QuerySet[EligibilityPolicy]:
    actor.require("referrals.policy_view")
    return EligibilityPolicy.objects.filter(site_id=actor.site_id).prefetch_related("versions")


def policy_version_for(actor: Actor, version_id: int) -> PolicyVersion:
    actor.require("referrals.policy_view")
    found = (
        PolicyVersion.objects.filter(site_id=actor.site_id, pk=version_id)
        .select_related("policy", "adopted_by")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def policy_for(actor: Actor, policy_id: int) -> EligibilityPolicy:
    found = policies_for(actor).filter(pk=policy_id).first()
    if found is None:
        raise NotFound()
    return found


def version_in_force(site_id: int, on: date) -> PolicyVersion | None:
    """The adopted version in force at the site on a day (the latest effective date)."""
    versions = PolicyVersion.objects.filter(site_id=site_id)
    chosen = rules.policy_in_force(
        [
            (v.pk, v.effective_from, v.status == PolicyVersion.Status.ADOPTED)
            for v in versions.only("id", "effective_from", "status")
        ],
        on,
    )
    return versions.select_related("policy").get(pk=chosen) if chosen else None


@dataclass(frozen=True)
class Match:
    person: Person
    score: int
    is_participant: bool


def possible_duplicates(
    actor: Actor,
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    aliases: list[str],
    exclude_id: int | None = None,
) -> list[Match]:
    """People at the site who may be the same human, best first (RapidFuzz on names, aliases
    and date of birth). Shown before a new person is created."""
    actor.require("referrals.people")
    names = [f"{first_name} {last_name}", *aliases]
    people = Person.objects.filter(site_id=actor.site_id).only(
        "id", "first_name", "last_name", "date_of_birth", "aliases"
    )
    if exclude_id:
        people = people.exclude(pk=exclude_id)
    participant_ids = set(
        Participant.objects.filter(site_id=actor.site_id).values_list("person_id", flat=True)
    )
    matches = []
    for person in people.iterator(chunk_size=2000):
        score = rules.match_score(
            names=names,
            birth=date_of_birth,
            other_names=[f"{person.first_name} {person.last_name}", *(person.aliases or [])],
            other_birth=person.date_of_birth,
        )
        if score >= rules.MATCH_THRESHOLD:
            matches.append(Match(person, score, person.pk in participant_ids))
    return sorted(matches, key=lambda m: -m.score)[:10]


def links_for(actor: Actor, person_id: int) -> QuerySet[PersonLink]:
    actor.require("referrals.people")
    return PersonLink.objects.filter(
        Q(person_id=person_id) | Q(other_id=person_id),
        site_id=actor.site_id,
        unlinked_at__isnull=True,
    ).select_related("person", "other", "linked_by")


@dataclass(frozen=True)
class CaseloadRow:
    username: str
    name: str
    active: int
    target: int
    cap: int

    @property
    def over_target(self) -> bool:
        return self.active > self.target

    @property
    def at_cap(self) -> bool:
        return self.active >= self.cap


@dataclass(frozen=True)
class Capacity:
    rows: list[CaseloadRow]
    caseload: int
    capacity: int
    pending: int
    target: int
    cap: int

    @property
    def has_room(self) -> bool:
        return rules.has_capacity(
            capacity=self.capacity, caseload=self.caseload, pending=self.pending
        )


# The capacity card's and the on-call card's queries, kept compiled (core.compiled, ADR 15):
# both home pages (PM, CM) show them on every visit.
# The case managers' ids and names as plain rows, not instances: a site has dozens.
_CASE_MANAGERS: Compiled[tuple[int, str, str, str]] = Compiled(
    lambda site_id: (
        get_user_model()
        .objects.filter(
            memberships__site_id=site_id, memberships__role=Role.CM, memberships__active=True
        )
        .order_by("username")
        .values_list("pk", "username", "first_name", "last_name")
    )
)
_CASELOAD_BY_CM: Compiled[tuple[int | None, int]] = Compiled(
    lambda site_id: (
        Participant.objects.filter(site_id=site_id, state__in=ACTIVE_STATES)
        # No ordering: the model's (by the person's name) would join every site's persons.
        .order_by()
        .values_list("case_manager_id")
        .annotate(n=Count("id"))
        .values_list("case_manager_id", "n")
    )
)
_PENDING_INTAKES: Compiled[int] = Compiled(
    lambda site_id: site_count(
        Referral.objects.filter(
            site_id=site_id, state=rules.INTAKE_PENDING, waiting_since__isnull=True
        )
    )
)


def capacity_for_site(site_id: int, target: int, cap: int) -> Capacity:
    """Active caseload per case manager and for the site, against the target and hard cap
    (domain.md: an average of up to 20, never more than 25). Pending intakes count against
    capacity, so social contacts wait behind arrest diversions."""
    return run_steps(_capacity_steps(site_id, target, cap))


def _capacity_steps(site_id: int, target: int, cap: int) -> Steps[Capacity]:
    by_cm, managers, pending = yield (
        _CASELOAD_BY_CM.bind(site_id=site_id),
        _CASE_MANAGERS.bind(site_id=site_id),
        _PENDING_INTAKES.bind(site_id=site_id),
    )
    counts = dict(by_cm)
    rows = [
        CaseloadRow(username, user_label(first, last, username), counts.get(pk, 0), target, cap)
        for pk, username, first, last in managers
    ]
    return Capacity(
        rows=rows,
        caseload=sum(counts.values()),
        capacity=rules.site_capacity(len(rows), cap),
        pending=sum(pending),
        target=target,
        cap=cap,
    )


def capacity_for(actor: Actor) -> Capacity:
    return run_steps(capacity_for_steps(actor))


def capacity_for_steps(actor: Actor) -> Steps[Capacity]:
    """``capacity_for`` as steps (core.compiled): its three queries beside others."""
    actor.require("referrals.capacity")
    site = actor.site
    return (yield from _capacity_steps(actor.site_id, site.caseload_target, site.caseload_cap))


@dataclass(frozen=True)
class QueueEntry:
    referral: Referral
    score: int
    terms: tuple[rules.ScoreTerm, ...]


def _waiting_at(site_id: int) -> QuerySet[Referral]:
    """Referrals held in the capacity queue (``rules.is_waiting``): intake pending, waiting."""
    return Referral.objects.filter(
        site_id=site_id, state=rules.INTAKE_PENDING, waiting_since__isnull=False
    )


_WAITING: Compiled[Referral] = Compiled(_waiting_at)


def queue_for(actor: Actor, now: datetime | None = None) -> list[QueueEntry]:
    """Social contacts waiting for capacity, highest score first, with each score's terms."""
    return run_steps(queue_for_steps(actor, now))


def queue_for_steps(actor: Actor, now: datetime | None = None) -> Steps[list[QueueEntry]]:
    """``queue_for`` as steps (core.compiled): the settings and the waiting referrals read
    beside others."""
    actor.require("referrals.queue")
    now = now or timezone.now()
    found, waiting = yield (
        _SETTINGS.bind(site_id=actor.site_id),
        _WAITING.bind(site_id=actor.site_id),
    )
    config = found[0] if found else settings_for(actor.site_id)  # made on first use
    weights = rules.Weights(
        config.weight_per_day_waiting,
        config.weight_per_recent_arrest,
        config.weight_per_vulnerability,
    )
    entries = []
    for referral in waiting:
        assert referral.waiting_since is not None
        score, terms = rules.queue_score(
            days_waiting=(now - referral.waiting_since).days,
            recent_arrests=referral.recent_arrests,
            vulnerabilities=len(referral.vulnerability_flags or []),
            adjustment=referral.queue_adjustment,
            weights=weights,
        )
        entries.append(QueueEntry(referral, score, terms))
    return sorted(entries, key=lambda e: (-e.score, e.referral.waiting_since, e.referral.pk))


@dataclass(frozen=True)
class OnCallEntry:
    referral: Referral
    deadline: datetime
    minutes_left: int


def _oncall_pending(site_id: int) -> QuerySet[Referral]:
    """New arrest diversions awaiting a warm hand-off, the longest waiting first."""
    return Referral.objects.filter(
        site_id=site_id,
        door=rules.ARREST,
        handoff_at__isnull=True,
        state__in=(rules.REFERRED, rules.SCREENING, rules.INTAKE_PENDING),
    ).order_by("contact_at", "id")


# The home card's two queries, kept: how many wait and how many are late; the first few.
_ONCALL_COUNTS: Compiled[tuple[int, int]] = Compiled(
    lambda site_id, late_before: (
        _oncall_pending(site_id)
        .order_by()
        .values("site_id")
        .annotate(n=Count("id"), late=Count("id", filter=Q(contact_at__lt=late_before)))
        .values_list("n", "late")
    )
)
_ONCALL_FIRST: Compiled[Referral] = Compiled(
    lambda limit, site_id: _oncall_pending(site_id)[:limit]
)


def _oncall_entry(referral: Referral, minutes: int, now: datetime) -> OnCallEntry:
    deadline = rules.handoff_deadline(referral.contact_at, minutes)
    return OnCallEntry(referral, deadline, rules.minutes_left(deadline, now))


def oncall_for(actor: Actor, now: datetime | None = None) -> list[OnCallEntry]:
    """New arrest diversions awaiting a warm hand-off, with their countdowns."""
    actor.require("referrals.handoff")
    now = now or timezone.now()
    minutes = actor.site.handoff_target_minutes
    return [_oncall_entry(r, minutes, now) for r in _oncall_pending(actor.site_id)]


@dataclass(frozen=True)
class OnCallSummary:
    waiting: int
    overdue: int
    first: list[OnCallEntry]


def oncall_summary(actor: Actor, now: datetime | None = None, limit: int = 5) -> OnCallSummary:
    """For the home card: how many new arrest diversions await a warm hand-off, how many are
    past the target (``rules.handoff_late_before``), and the ``limit`` longest waiting. Two
    queries however many wait."""
    return run_steps(oncall_summary_steps(actor, now, limit))


def oncall_summary_steps(
    actor: Actor, now: datetime | None = None, limit: int = 5
) -> Steps[OnCallSummary]:
    """``oncall_summary`` as steps (core.compiled): its two queries beside others."""
    actor.require("referrals.handoff")
    now = now or timezone.now()
    minutes = actor.site.handoff_target_minutes
    late_before = rules.handoff_late_before(now, minutes)
    counts, referrals = yield (
        _ONCALL_COUNTS.bind(site_id=actor.site_id, late_before=late_before),
        _ONCALL_FIRST.bind(limit, site_id=actor.site_id),
    )
    waiting, late = counts[0] if counts else (0, 0)
    first = [_oncall_entry(r, minutes, now) for r in referrals]
    return OnCallSummary(waiting, late, first)


def failed_notifications_for(actor: Actor) -> QuerySet[Notification]:
    actor.require("referrals.handoff")
    return (
        Notification.objects.filter(site_id=actor.site_id)
        .exclude(status=Notification.Status.SENT)
        .select_related("referral")
        .prefetch_related("delivery_attempts")
    )


def notification_for(actor: Actor, notification_id: int) -> Notification:
    actor.require("referrals.handoff")
    found = Notification.objects.filter(site_id=actor.site_id, pk=notification_id).first()
    if found is None:
        raise NotFound()
    return found


# --- aggregates for planning and evaluation (plain data, no names) ---------------------------


def counts_by_door_month_state(
    site_id: int, *, tz: tzinfo, before: date | None = None
) -> list[tuple[str, date, str, int]]:
    """Referrals at a site counted per (door, month of contact, current state), as plain
    ``(door, first day of the month, state, count)`` tuples: one grouped query, no names.

    Planning forecasts referral arrivals per door per month and screening/intake conversion
    from these; the PM's dashboard sums them per door and outcome. Months are those of the
    contact in the site's time zone (``tz``); ``before`` (a first-of-month) leaves out later
    contacts. Callers are server-side aggregates (a background forecast has no request), so
    this takes the site, not an actor: wrap it in a permission check where a person reads
    it."""
    qs = Referral.objects.filter(site_id=site_id)
    if before is not None:
        qs = qs.filter(contact_at__lt=day_start(before, tz))
    rows = (
        qs.annotate(month=TruncMonth("contact_at", output_field=DateField(), tzinfo=tz))
        .values("door", "month", "state")
        .annotate(n=Count("id"))
        .order_by("month", "door", "state")
    )
    return [(r["door"], r["month"], r["state"], r["n"]) for r in rows]


NOT_ENROLLED = (rules.INELIGIBLE, rules.DECLINED, rules.INTAKE_EXPIRED)


def referred_not_enrolled(site_id: int, tz: tzinfo) -> list[tuple[int, date]]:
    """People referred at a site whose referral ended without enrolment (ineligible, declined
    or intake expired) and who are not participants: ``(person_id, date of their first such
    contact)``, for evaluation's "referred but not enrolled" comparison group; the date is the
    site's (``tz``). Referrals with no person chosen yet are left out. One grouped query."""
    rows = (
        Referral.objects.filter(
            site_id=site_id,
            state__in=NOT_ENROLLED,
            person__isnull=False,
            person__participant__isnull=True,
        )
        .values("person_id")
        .annotate(first=Min("contact_at"))
        .order_by("person_id")
    )
    return [(r["person_id"], timezone.localdate(r["first"], tz)) for r in rows]


def counts_by_area_door_state(
    site_id: int,
    *,
    since: date | None = None,
    before: date | None = None,
    area: str = "",
    door: str = "",
    tz: tzinfo,
) -> list[tuple[str, str, str, int]]:
    """Referrals at a site counted per (area, door, current state) with their contact between
    ``since`` and ``before`` (the site's days, ``tz``; ``before`` excluded), optionally of one
    area (the OWG region, matched case-insensitively) or one door: plain ``(area, door, state,
    count)`` tuples, one grouped query, no names. For planning's filtered dashboards, the PCG
    report and the CLT's community view; callers check their own permission."""
    qs = _area_door(Referral.objects.filter(site_id=site_id), area=area, door=door)
    # The site's midnights (core.days): by the database's time zone (UTC) a contact in the
    # site's evening fell in the next day's period.
    if since is not None:
        qs = qs.filter(contact_at__gte=day_start(since, tz))
    if before is not None:
        qs = qs.filter(contact_at__lt=day_start(before, tz))
    rows = qs.values_list("area", "door", "state").annotate(n=Count("id")).order_by()
    return [(a, d, s, n) for a, d, s, n in rows]


def _area_door(qs: QuerySet[Referral], *, area: str, door: str) -> QuerySet[Referral]:
    if area:
        qs = qs.filter(area__iexact=area)
    if door:
        qs = qs.filter(door=door)
    return qs


def areas_of(site_id: int) -> list[str]:
    """The areas (OWG regions) recorded on a site's referrals, for validating a filter. One
    query, kept compiled (ADR 15): the dashboard's filters read it."""
    return _AREAS(site_id=site_id)


def areas_of_steps(site_id: int) -> Steps[list[str]]:
    """``areas_of`` as steps (core.compiled): its kept query beside others."""
    (areas,) = yield (_AREAS.bind(site_id=site_id),)
    return areas


_AREAS: Compiled[str] = Compiled(
    lambda site_id: (
        Referral.objects.filter(site_id=site_id)
        .exclude(area="")
        .values_list("area", flat=True)
        .distinct()
        .order_by("area")
    )
)


def enrolled_through(site_id: int, *, area: str = "", door: str = "") -> QuerySet[Any]:
    """The participant ids enrolled through a referral of that area and/or door: a subquery
    for ``Participant.objects.filter(pk__in=...)``, so a filtered count stays one query."""
    qs = _area_door(
        Referral.objects.filter(site_id=site_id, participant__isnull=False), area=area, door=door
    )
    return qs.values("participant_id")


@dataclass(frozen=True)
class WaitingDoor:
    """The capacity queue of one door: how many wait and how long (days), no one named."""

    door: str
    waiting: int
    longest_days: int
    median_days: float


def waiting_by_door(site_id: int, now: datetime | None = None) -> list[WaitingDoor]:
    """Social contacts and others waiting for capacity (intake pending with ``waiting_since``),
    per door with their days waiting: one query, counts and durations only, for planning's
    wait-list and forecast."""
    return run_steps(waiting_by_door_steps(site_id, now))


def waiting_by_door_steps(site_id: int, now: datetime | None = None) -> Steps[list[WaitingDoor]]:
    """``waiting_by_door`` as steps (core.compiled): its kept query beside others."""
    now = now or timezone.now()
    (rows,) = yield (_WAITING_SINCE.bind(site_id=site_id),)
    return _waiting_doors(rows, now)


_WAITING_SINCE: Compiled[tuple[str, datetime]] = Compiled(
    lambda site_id: _waiting_at(site_id).values_list("door", "waiting_since")
)


def waiting_by_door_at(site_id: int, at: datetime) -> list[WaitingDoor]:
    """The capacity queue as it stood at the instant ``at`` (for a forecast "as of" an earlier
    day), with days waiting counted to ``at``. Waiting is not a state of its own (intake
    pending with ``waiting_since`` set, cleared when the referral is admitted), so the state
    changes alone cannot tell it: each referral's recorded history (a row per save, with its
    state and ``waiting_since``) gives its last version before ``at``. One query."""
    history = Referral.history.model
    latest = (
        history.objects.filter(id=OuterRef("id"), history_date__lt=at)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    rows = history.objects.filter(
        site_id=site_id,
        history_date__lt=at,
        history_id=Subquery(latest),
        state=rules.INTAKE_PENDING,
        waiting_since__lt=at,
    ).values_list("door", "waiting_since")
    return _waiting_doors(rows, at)


def _waiting_doors(rows: Any, now: datetime) -> list[WaitingDoor]:
    days: dict[str, list[int]] = {}
    for door, since in rows:
        if since is not None:
            days.setdefault(door, []).append(max((now - since).days, 0))
    out = []
    for door in sorted(days):
        values = sorted(days[door])
        mid = len(values) // 2
        median = values[mid] if len(values) % 2 else (values[mid - 1] + values[mid]) / 2
        out.append(WaitingDoor(door, len(values), values[-1], float(median)))
    return out


def days_to_intake(
    site_id: int,
    *,
    since: date | None = None,
    before: date | None = None,
    area: str = "",
    door: str = "",
    tz: tzinfo,
) -> list[tuple[str, int]]:
    """For each referral that enrolled, contacted between ``since`` and ``before`` (the
    site's days, in ``tz``): ``(door, days from contact to enrolment)``, counted in the site's
    calendar. Durations only, no names; one query. For the PM's dashboard's time-to-intake
    panel."""
    qs = _area_door(
        Referral.objects.filter(site_id=site_id, state=rules.ENROLLED, participant__isnull=False),
        area=area,
        door=door,
    )
    if since is not None:
        qs = qs.filter(contact_at__gte=day_start(since, tz))
    if before is not None:
        qs = qs.filter(contact_at__lt=day_start(before, tz))
    return [
        (d, max((enrolled - timezone.localdate(contact, tz)).days, 0))
        for d, contact, enrolled in qs.values_list(
            "door", "contact_at", "participant__enrolled_on"
        ).order_by()
    ]
