"""Every read of LEAD Legal Services, restricted to what the actor may see.

Two levels, because matters are privileged (domain.md: "the referring case manager sees
status, not the file"):

- the **status** (stage, deadlines, outcomes, a decline reason, where it was referred): the
  referring case manager, the participant's own case manager, the PM, and legal services;
- the **file** (adverse parties, conflict hits, actions, notes, strategy, documents): legal
  services only. Every read of a single matter, status or file, writes an access-log row.

Anyone else gets the same 404 as for a missing matter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Min, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from goldenthread.access.actor import Actor, NotFound
from goldenthread.access.policy import Category
from goldenthread.access.scopes import participants_q
from goldenthread.audit.actions import access_record
from goldenthread.core.compiled import Compiled, Steps, run_steps
from goldenthread.core.models import Agency, Participant
from goldenthread.core.roles import Role
from goldenthread.legalservices import rules
from goldenthread.legalservices.models import (
    AdverseParty,
    LegalServicesSettings,
    Matter,
    MatterDeadline,
    MatterDocument,
    MatterOutcome,
)

STATUS = "legalservices.status"
WORK = "legalservices.work"
REPORT = "legalservices.report"
ACTIVE = (rules.REFERRED, rules.OPEN)


def today_at(actor: Actor) -> date:
    return timezone.localdate(timezone=actor.site.tz)


def _status_q(actor: Actor) -> Q:
    """Which matters' status this actor may read. Legal services and the PM: every matter at
    the site. A case manager: the matters they referred and those of their own participants."""
    actor.require(STATUS)
    if _sees_every_matter(actor):
        return _status_q_for(True, actor.site_id)
    return _status_q_for(False, actor.site_id, actor.user_id)


def _sees_every_matter(actor: Actor) -> bool:
    return actor.can(WORK) or actor.role == Role.PM


def _status_q_for(every: bool, site_id: int, user_id: int | None = None) -> Q:
    """``_status_q`` for a kept query (core.compiled): ``every`` is the shape; the site and,
    when the actor sees only their own, their user id are the values."""
    site = Q(site_id=site_id)
    if every:
        return site
    return site & (Q(referred_by_id=user_id) | Q(participant__case_manager_id=user_id))


def _log(actor: Actor, matter: Matter, level: str) -> None:
    access_record(
        actor=actor,
        subject=matter.participant,
        categories=[Category.LEGAL_SERVICES],
        purpose=f"legal services {level}, matter {matter.pk}",
    )


def _status_queryset(actor: Actor) -> QuerySet[Matter]:
    return (
        Matter.objects.filter(_status_q(actor))
        .select_related("participant__person", "referred_by", "attorney")
        .prefetch_related(
            Prefetch("deadlines", queryset=MatterDeadline.objects.order_by("due_on", "id")),
            Prefetch("outcomes", queryset=MatterOutcome.objects.order_by("achieved_on", "id")),
            Prefetch(
                "documents",
                queryset=MatterDocument.objects.filter(privileged=False).select_related(
                    "uploaded_by"
                ),
                to_attr="shared_documents",
            ),
        )
    )


def matters_status_for(actor: Actor) -> list[Matter]:
    """The matters whose status this actor follows (a CM's referrals; the PM's whole site)."""
    return list(_status_queryset(actor)[:500])


def _decided(every: bool, site_id: int, user_id: int, since: date) -> QuerySet[Matter]:
    return (
        Matter.objects.filter(
            _status_q_for(every, site_id, user_id), referred_by_id=user_id, decided_on__gte=since
        )
        .select_related("participant__person")
        .only(
            "id",
            "status",
            "decided_on",
            "participant",
            "participant__person",
            "participant__person__first_name",
            "participant__person__last_name",
        )
    )


# The referrer's home-page card: kept compiled (core.compiled, ADR 15), whether the actor sees
# every matter as its shape.
_DECIDED: Compiled[Matter] = Compiled(_decided)


def decided_referrals_for(actor: Actor, since: date) -> list[Matter]:
    """The actor's own referrals (among the matters whose status they follow) that legal
    services decided on or after ``since``, newest referral first, for the home page: the
    status and the participant's name only, in one query."""
    actor.require(STATUS)
    every = _sees_every_matter(actor)
    return _DECIDED(every, site_id=actor.site_id, user_id=actor.user_id, since=since)


def decided_referrals_steps(actor: Actor, since: date) -> Steps[list[Matter]]:
    """``decided_referrals_for`` as steps (core.compiled): its kept query beside others."""
    actor.require(STATUS)
    every = _sees_every_matter(actor)
    (rows,) = yield (
        _DECIDED.bind(every, site_id=actor.site_id, user_id=actor.user_id, since=since),
    )
    return rows


def matter_status_for(actor: Actor, matter_id: int) -> Matter:
    """One matter's status: the same 404 for a missing matter and one not the actor's."""
    matter = _status_queryset(actor).filter(pk=matter_id).first()
    if matter is None:
        raise NotFound()
    _log(actor, matter, "status")
    return matter


def participant_matters_for(actor: Actor, participant_id: int) -> tuple[Participant, list[Matter]]:
    """A participant the actor works with, and the status of their legal matters."""
    actor.require(STATUS)
    participant = (
        Participant.objects.filter(participants_q(actor), pk=participant_id)
        .select_related("person")
        .first()
    )
    if participant is None:
        raise NotFound()
    matters = list(_status_queryset(actor).filter(participant=participant))
    if matters:
        access_record(
            actor=actor,
            subject=participant,
            categories=[Category.LEGAL_SERVICES],
            purpose="legal services status, participant",
        )
    return participant, matters


@dataclass(frozen=True)
class StatusLine:
    """One open matter as another area shows it (casework's participant page): its type,
    status, attorney and next unmet deadline. Never the file (description, parties, notes,
    strategy, documents)."""

    matter_id: int
    matter_type: str
    status: str
    attorney: str | None
    next_due: date | None
    next_label: str


def _open_matters(
    every: bool, site_id: int, participant_id: int, user_id: int | None = None
) -> QuerySet[Matter]:
    """The participant's open matters whose status the actor may read (``_status_q_for``)."""
    return Matter.objects.filter(
        _status_q_for(every, site_id, user_id), participant_id=participant_id, status__in=ACTIVE
    )


# The participant page's open matters, kept compiled (core.compiled, ADR 15): most
# participants have none, and the page then runs this one query.
_OPEN_MATTERS: Compiled[Matter] = Compiled(
    lambda every, site_id, participant_id, user_id=None: (
        _open_matters(every, site_id, participant_id, user_id)
        .select_related("attorney")
        .order_by("referred_on", "id")
    )
)
# Their unmet deadlines, soonest first, kept compiled too.
_OPEN_DEADLINES: Compiled[tuple[int, date, str]] = Compiled(
    lambda every, site_id, participant_id, user_id=None: (
        MatterDeadline.objects.filter(
            site_id=site_id,
            matter__in=_open_matters(every, site_id, participant_id, user_id).values("pk"),
            met_on__isnull=True,
        )
        .order_by("due_on", "id")
        .values_list("matter_id", "due_on", "label")
    )
)


def open_matters_for(actor: Actor, participant: Participant) -> list[StatusLine]:
    """For other areas: the participant's open legal matters whose status the actor may read
    (the referring or assigned CM, the PM, legal services; nobody else: an empty list). Two
    queries whatever the number of matters; one access-log row when there is anything."""
    return run_steps(open_matters_steps(actor, participant))


def open_matters_steps(actor: Actor, participant: Participant) -> Steps[list[StatusLine]]:
    """``open_matters_for`` as steps (core.compiled): the matters and their deadlines read
    beside others, in one round."""
    if not actor.can(STATUS):
        return []
    every = _sees_every_matter(actor)
    mine: dict[str, Any] = {} if every else {"user_id": actor.user_id}
    whose = {"site_id": actor.site_id, "participant_id": participant.pk, **mine}
    matters, deadlines = yield (
        _OPEN_MATTERS.bind(every, **whose),
        _OPEN_DEADLINES.bind(every, **whose),
    )
    if not matters:
        return []
    access_record(
        actor=actor,
        subject=participant,
        categories=[Category.LEGAL_SERVICES],
        purpose="legal services status, participant page",
    )
    first_due: dict[int, tuple[date, str]] = {}
    for matter_id, due_on, label in deadlines:
        first_due.setdefault(matter_id, (due_on, label))
    out = []
    for m in matters:
        nxt = first_due.get(m.pk)
        out.append(
            StatusLine(
                matter_id=m.pk,
                matter_type=m.get_matter_type_display(),
                status=m.get_status_display(),
                attorney=(m.attorney.get_full_name() or m.attorney.get_username())
                if m.attorney
                else None,
                next_due=nxt[0] if nxt else None,
                next_label=nxt[1] if nxt else "",
            )
        )
    return out


def referable_participants_for(actor: Actor) -> QuerySet[Participant]:
    """Whom a case manager may refer: the participants they may see, not exited."""
    actor.require("legalservices.refer")
    return (
        Participant.objects.filter(participants_q(actor))
        .exclude(state__in=["exited", "terminated"])
        .select_related("person")
    )


def matter_file_for(actor: Actor, matter_id: int) -> Matter:
    """The privileged file, for legal-services staff only; every read is in the access log."""
    actor.require(WORK)
    matter = (
        Matter.objects.filter(site_id=actor.site_id, pk=matter_id)
        .select_related(
            "participant__person",
            "referred_by",
            "attorney",
            "decided_by",
            "conflict_cleared_by",
        )
        .prefetch_related(
            "parties",
            "conflict_hits",
            "deadlines",
            "entries__author",
            "outcomes",
            "documents__uploaded_by",
        )
        .first()
    )
    if matter is None:
        raise NotFound()
    _log(actor, matter, "file")
    return matter


def docket_for(
    actor: Actor, *, attorney_id: int | None = None, statuses: tuple[str, ...] = ACTIVE
) -> list[Matter]:
    """The legal-services team's docket (or one attorney's caseload), with each matter's next
    unmet deadline, most urgent first."""
    actor.require(WORK)
    qs = Matter.objects.filter(site_id=actor.site_id, status__in=statuses)
    if attorney_id is not None:
        qs = qs.filter(attorney_id=attorney_id)
    return list(
        qs.select_related("participant__person", "attorney", "referred_by")
        .annotate(next_due=Min("deadlines__due_on", filter=Q(deadlines__met_on__isnull=True)))
        .order_by("status", F("next_due").asc(nulls_last=True), "referred_on", "id")[:1000]
    )


@dataclass(frozen=True)
class Caseload:
    attorney_id: int
    username: str
    name: str
    open: int


def caseloads_for(actor: Actor) -> list[Caseload]:
    """Each legal-services attorney at the site and how many open matters they carry."""
    actor.require(WORK)
    counts = dict(
        Matter.objects.filter(site_id=actor.site_id, status=rules.OPEN)
        .values_list("attorney_id")
        .annotate(n=Count("id"))
        .values_list("attorney_id", "n")
    )
    return [
        Caseload(u.pk, u.get_username(), u.get_full_name() or u.get_username(), counts.get(u.pk, 0))
        for u in attorneys_for(actor)
    ]


def attorneys_for(actor: Actor) -> QuerySet[Any]:
    """The site's legal-services attorneys, for assigning a matter."""
    actor.require(WORK)
    return (
        get_user_model()
        .objects.filter(
            memberships__site_id=actor.site_id,
            memberships__role=Role.LEGAL_SERVICES,
            memberships__active=True,
        )
        .order_by("username")
        .distinct()
    )


def deadlines_for(
    actor: Actor, *, attorney_id: int | None = None, reminders_only: bool = False
) -> list[MatterDeadline]:
    """Unmet deadlines of the team's active matters, soonest first; ``reminders_only`` keeps
    those inside their reminder window (or overdue)."""
    actor.require(WORK)
    return deadlines_at(
        actor.site_id, today_at(actor), attorney_id=attorney_id, reminders_only=reminders_only
    )


def deadlines_at(
    site_id: int, today: date, *, attorney_id: int | None = None, reminders_only: bool = False
) -> list[MatterDeadline]:
    """The same, for a site without an actor (the reminders command)."""
    qs = MatterDeadline.objects.filter(
        site_id=site_id, met_on__isnull=True, matter__status__in=ACTIVE
    )
    if attorney_id is not None:
        qs = qs.filter(matter__attorney_id=attorney_id)
    if reminders_only:
        qs = qs.filter(due_on__lte=today + timedelta(days=365))
    rows = list(
        qs.select_related("matter__participant__person", "matter__attorney").order_by(
            "due_on", "id"
        )[:1000]
    )
    window = settings_at(site_id).reminder_window_days
    for d in rows:
        d.remind_in = rules.remind_days_of(d.remind_days, window)  # type: ignore[attr-defined]
        d.reminder_due = rules.reminder_due(d.due_on, d.remind_in, today)  # type: ignore[attr-defined]
    if reminders_only:
        rows = [d for d in rows if d.reminder_due]  # type: ignore[attr-defined]
    return rows


def settings_at(site_id: int) -> LegalServicesSettings:
    """The site's legal-services settings (the defaults until someone changes them)."""
    found = LegalServicesSettings.objects.filter(site_id=site_id).first()
    return found if found is not None else LegalServicesSettings(site_id=site_id)


def settings_for(actor: Actor) -> LegalServicesSettings:
    actor.require("legalservices.settings")
    return settings_at(actor.site_id)


def documents_for(actor: Actor, matter: Matter) -> list[MatterDocument]:
    """The matter's documents the actor may list: every one for legal services; for those who
    see the status, only the ones marked not privileged."""
    qs = MatterDocument.objects.filter(site_id=actor.site_id, matter=matter).select_related(
        "uploaded_by"
    )
    if not actor.can(WORK):
        qs = qs.filter(privileged=False)
    return list(qs)


def document_for(actor: Actor, document_id: int, *, path: str = "") -> MatterDocument:
    """One document to download. A privileged one: legal services only. One marked not
    privileged: also whoever may read the matter's status. The same 404 otherwise; every
    download is in the access log."""
    actor.require(STATUS)
    qs = MatterDocument.objects.filter(site_id=actor.site_id, pk=document_id).select_related(
        "matter__participant"
    )
    if not actor.can(WORK):
        visible = Matter.objects.filter(_status_q(actor)).values("pk")
        qs = qs.filter(privileged=False, matter__in=visible)
    document = qs.first()
    if document is None:
        raise NotFound()
    access_record(
        actor=actor,
        subject=document.matter.participant,
        categories=[Category.LEGAL_SERVICES],
        purpose=f"legal services document {document.pk}, matter {document.matter_id}",
        path=path,
    )
    return document


def conflict_candidates(actor: Actor, matter: Matter) -> list[rules.Candidate]:
    """Everything a name on ``matter`` may collide with at the site: the clients and adverse
    parties of every other matter, every participant (names and aliases), every agency."""
    site = actor.site_id
    out: list[rules.Candidate] = []
    others = Matter.objects.filter(site_id=site).exclude(pk=matter.pk)
    for pk, mtype, first, last, aliases in others.values_list(
        "pk",
        "matter_type",
        "participant__person__first_name",
        "participant__person__last_name",
        "participant__person__aliases",
    ):
        label = f"client in matter #{pk} ({rules.MATTER_TYPES.get(mtype, mtype)}): {first} {last}"
        out.append(rules.Candidate("client", label, (f"{first} {last}", *(aliases or []))))
    parties = AdverseParty.objects.filter(site_id=site).exclude(matter=matter)
    for name, mpk, mtype in parties.values_list("name", "matter_id", "matter__matter_type"):
        label = f"adverse party in matter #{mpk} ({rules.MATTER_TYPES.get(mtype, mtype)}): {name}"
        out.append(rules.Candidate("party", label, (name,)))
    people = Participant.objects.filter(site_id=site).values_list(
        "pk", "person__first_name", "person__last_name", "person__aliases"
    )
    for pk, first, last, aliases in people:
        label = f"participant #{pk}: {first} {last}"
        out.append(rules.Candidate("participant", label, (f"{first} {last}", *(aliases or []))))
    for name in Agency.objects.filter(site_id=site).values_list("name", flat=True):
        out.append(rules.Candidate("agency", f"agency: {name}", (name,)))
    return out


def outcome_and_status_counts(
    actor: Actor, *, since: date, before: date, people: QuerySet[Any] | None = None
) -> tuple[dict[str, int], dict[str, int]]:
    """Outcomes achieved from ``since`` up to ``before`` (excluded), by kind and dated by
    ``achieved_on``, and the matters that reached their current status in that time, by
    status, dated by the day they reached it (closed, declined or referred elsewhere: the day
    closed; open: the day accepted; awaiting intake: the day referred). ``people``, a
    participant-id subquery, keeps those participants' matters (e.g. planning's region or
    door filter). For the PM's dashboard: counts only, no names; two grouped queries. (The
    PCG report's ``report_for`` dates everything by the matter's referral instead.)"""
    actor.require(REPORT)
    matters = Matter.objects.filter(site_id=actor.site_id)
    outcomes = MatterOutcome.objects.filter(
        site_id=actor.site_id, achieved_on__gte=since, achieved_on__lt=before
    )
    if people is not None:
        matters = matters.filter(participant_id__in=people)
        outcomes = outcomes.filter(matter__participant_id__in=people)
    by_kind = dict.fromkeys(rules.OUTCOMES, 0)
    for kind, n in outcomes.order_by().values_list("kind").annotate(n=Count("id")):
        by_kind[kind] = by_kind.get(kind, 0) + n
    by_status = dict.fromkeys(rules.STATUSES, 0)
    for status, n in (
        matters.annotate(status_on=Coalesce("closed_on", "decided_on", "referred_on"))
        .filter(status_on__gte=since, status_on__lt=before)
        .order_by()
        .values_list("status")
        .annotate(n=Count("id"))
    ):
        by_status[status] = by_status.get(status, 0) + n
    return by_kind, by_status


def report_for(
    actor: Actor, *, since: date | None = None, until: date | None = None
) -> rules.Report:
    """Counts by matter type, status and outcome, the outcome amounts totalled, and time to
    resolution, for the PCG report. Aggregates only: no names."""
    actor.require(REPORT)
    qs = Matter.objects.filter(site_id=actor.site_id)
    if since is not None:
        qs = qs.filter(referred_on__gte=since)
    if until is not None:
        qs = qs.filter(referred_on__lte=until)
    outcomes: dict[int, list[tuple[str, Any]]] = {}
    for mid, kind, amount in MatterOutcome.objects.filter(matter__in=qs).values_list(
        "matter_id", "kind", "amount"
    ):
        outcomes.setdefault(mid, []).append((kind, amount))
    rows = [
        rules.MatterRow(
            matter_type=mtype,
            status=status,
            referred_on=referred,
            resolved_on=closed,
            outcomes=tuple(outcomes.get(pk, [])),
        )
        for pk, mtype, status, referred, closed in qs.values_list(
            "pk", "matter_type", "status", "referred_on", "closed_on"
        )
    ]
    return rules.summarise(rows)
