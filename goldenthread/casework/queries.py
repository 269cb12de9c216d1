"""Reads of case management, always restricted to the actor's site and role. Reads of
contacts and notes, plans and goals are sensitive: each one writes an access-log row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from decimal import Decimal
from html import escape
from typing import Any, TypeVar

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber, TruncMonth
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from goldenthread.access import queries as access_queries
from goldenthread.access.actor import Actor, NotFound
from goldenthread.access.policy import Category
from goldenthread.access.scopes import CASE_MANAGEMENT_ROLES, participants_q, participants_q_for
from goldenthread.audit.actions import access_record
from goldenthread.casework import rules
from goldenthread.casework.models import (
    ActionStep,
    CaseworkSettings,
    Contact,
    ContactDraft,
    ContactMonth,
    FlexFundRequest,
    FundingPool,
    Goal,
    LedgerEntry,
    ProgressNote,
    ServiceReferral,
    StaffProfile,
    StatusRecord,
)
from goldenthread.core.compiled import (
    Call,
    Compiled,
    Steps,
    ask,
    gather,
    run_steps,
    site_count,
    together,
)
from goldenthread.core.days import day_start
from goldenthread.core.formats import choice_labels
from goldenthread.core.models import Membership, Participant, ParticipantStateChange, Person
from goldenthread.core.roles import Role
from goldenthread.legal import queries as legal_queries
from goldenthread.legalservices import queries as legalservices_queries

T = TypeVar("T")

OPEN_STATES = ("enrolled", "active", "inactive")
STAFF_ROLES = (Role.CM, Role.SUPERVISOR, Role.OUTREACH, Role.ADVOCATE)


def today_for(actor: Actor) -> date:
    return actor.site.today()


# Read on most casework pages: kept compiled (core.compiled, ADR 15).
_SETTINGS: Compiled[CaseworkSettings] = Compiled(
    lambda site_id: CaseworkSettings.objects.filter(site_id=site_id).order_by("pk")[:1]
)
_PARTICIPANT: Compiled[Participant] = Compiled(
    lambda role, site_id, pk: Participant.objects.filter(
        participants_q_for(role, site_id), pk=pk
    ).select_related("person", "case_manager")
)


def settings_for(actor: Actor) -> CaseworkSettings:
    """The site's case-management settings; the defaults until someone saves them."""
    return _settings_or_defaults(_SETTINGS(site_id=actor.site_id), actor.site_id)


def _settings_or_defaults(found: list[CaseworkSettings], site_id: int) -> CaseworkSettings:
    return found[0] if found else CaseworkSettings(site_id=site_id)


def participant_for(actor: Actor, participant_id: int, permission: str) -> Participant:
    """A participant the actor may work with under ``permission``; the same 404 otherwise."""
    actor.require(permission)
    found = _PARTICIPANT(actor.role, site_id=actor.site_id, pk=participant_id)
    if not found:
        raise NotFound()
    return found[0]


BREAK_GLASS = "break-glass: "


def participant_for_read(
    actor: Actor, participant_id: int, permission: str, categories: list[Category]
) -> tuple[Participant, str]:
    """A participant whose clinical record the actor may read, and the basis: "role" when the
    role holds ``permission``, else the "break-glass: <reason>" of an unexpired emergency grant
    for this participant (``access.queries.may_read``; read only). The same 404 otherwise."""
    if actor.can(permission):
        return participant_for(actor, participant_id, permission), "role"
    bases = [access_queries.may_read(actor, c, participant_id) for c in categories]
    if None in bases:
        raise NotFound()
    basis = next((b for b in bases if b and b.startswith(BREAK_GLASS)), None)
    if basis is None:
        # The role sees these categories in general (the PM sees plans in aggregate), but this
        # area gives it no clinical record without an emergency grant for this participant.
        grant = access_queries.breakglass_active(actor, participant_id)
        if grant is None:
            raise NotFound()
        basis = f"{BREAK_GLASS}{grant.reason}"
    found = (
        Participant.objects.filter(site_id=actor.site_id, pk=participant_id)
        .select_related("person", "case_manager")
        .first()
    )
    if found is None:
        raise NotFound()
    return found, basis


def _log_read(
    actor: Actor, participant: Participant, cats: list[Category], path: str, basis: str = "role"
) -> None:
    """Every read of clinical categories is logged; a read by a role other than the case
    manager's says so in its purpose, and an emergency read carries its break-glass reason."""
    if basis.startswith(BREAK_GLASS):
        purpose = basis
    else:
        purpose = "case management" if actor.role == Role.CM else f"read as {actor.role.label}"
    access_record(actor=actor, subject=participant, categories=cats, purpose=purpose, path=path)


def _case_managers_at(site_id: int) -> QuerySet[Any]:
    return (
        get_user_model()
        .objects.filter(
            memberships__site_id=site_id, memberships__role=Role.CM, memberships__active=True
        )
        .order_by("username")
    )


def case_managers(actor: Actor) -> QuerySet[Any]:
    """Users holding an active case-manager role at the actor's site."""
    return _case_managers_at(actor.site_id)


# The caseload filter's choices, on every caseload page. Kept compiled (ADR 15).
_CASE_MANAGER_CHOICES: Compiled[tuple[int, str]] = Compiled(
    lambda site_id: _case_managers_at(site_id).values_list("pk", "username")
)


def case_manager_choices(actor: Actor) -> list[tuple[int, str]]:
    """``case_managers`` as (id, user name) pairs."""
    return _CASE_MANAGER_CHOICES(site_id=actor.site_id)


# Caseload ---------------------------------------------------------------------------------


@dataclass(slots=True)
class CaseloadPerson:
    """What the caseload shows of a participant, read as a plain row: not a Participant with
    its person and case manager (three model instances a row, about a fifth of the caseload's
    CPU). ``str()`` is the participant's name as ``Participant.__str__`` gives it, and
    ``case_manager`` is the user name (``str()`` of the user) or None when unassigned."""

    pk: int
    name: str
    state: str
    enrolled_on: date
    case_manager: str | None

    def __str__(self) -> str:
        return self.name

    def get_state_display(self) -> str:
        return _STATE_LABELS.get(self.state, self.state)


_STATE_LABELS = choice_labels(Participant, "state")


@dataclass
class CaseloadRow:
    participant: CaseloadPerson
    last_contact: date | None
    days_since_contact: int | None
    days_since_substantive: int | None
    in_the_wind: bool
    status_due: bool
    open_goals: bool
    pending_flex: bool
    # From legal.queries.upcoming_court_among (casework never reads legal's tables itself).
    next_court_date: date | None = None

    @property
    def flags(self) -> list[str]:
        out = []
        if self.in_the_wind:
            out.append("In the wind")
        if self.status_due:
            out.append("Monthly status due")
        if not self.open_goals:
            out.append("No open goal")
        if self.pending_flex:
            out.append("Flex request pending")
        return out

    @property
    def propose_inactive(self) -> bool:
        return rules.proposes_inactive(self.in_the_wind, self.participant.state)


def _local_date(value: datetime | None, actor: Actor) -> date | None:
    return None if value is None else timezone.localtime(value, actor.site.tz).date()


# The columns the caseload shows (and CaseloadRow's rules read), in the kept query's order.
CASELOAD_COLUMNS = (
    "pk",
    "person__first_name",
    "person__last_name",
    "state",
    "enrolled_on",
    "case_manager__username",
    "last_contact_at",
    "last_status_on",
    "last_substantive_at",
    "has_open_goal",
    "has_pending_flex",
)


def _caseload_of(actor: Actor, case_manager_id: int | None) -> int | None:
    """Whose caseload: the one asked for, by default the actor's own for a CM, and None (the
    whole site) for 0 or another role's default."""
    if case_manager_id is None:
        case_manager_id = actor.user_id if actor.role == Role.CM else 0
    return case_manager_id or None


def _kept_caseload(kept: Compiled[T], actor: Actor, case_manager_id: int | None) -> list[T]:
    """Run ``kept``, a query built on ``_caseload_query``, over the open participants of one
    case manager (default: the actor, for a CM; the whole site otherwise), or of the whole
    site when ``case_manager_id`` is 0: what the caseload and its home-page card start from."""
    return _caseload_call(kept, actor, case_manager_id).run()


def _caseload_call(kept: Compiled[T], actor: Actor, case_manager_id: int | None) -> Call[T]:
    """``_kept_caseload``'s call, to be run with others (core.compiled.together)."""
    actor.require("casework.caseload")
    whose = _caseload_of(actor, case_manager_id)
    if whose is None:
        return kept.bind(actor.role, site_id=actor.site_id)
    return kept.bind(actor.role, site_id=actor.site_id, case_manager_id=whose)


# The caseload's participants' upcoming court dates, soonest first: legal's query over the
# caseload's own participants (a subquery), kept compiled; the caller checks legal.view.
_CASELOAD_COURT: Compiled[tuple[int, date]] = Compiled(
    lambda role, site_id, today, case_manager_id=None, agency_id=None: (
        legal_queries.upcoming_court_among(
            role,
            site_id,
            today,
            _caseload_query(role, site_id, case_manager_id).order_by().values("pk"),
            agency_id,
        )
    )
)


def _court_call(actor: Actor, case_manager_id: int | None) -> Call[tuple[int, date]]:
    """The call of ``_CASELOAD_COURT`` for the participants ``_caseload_call`` reads."""
    whose = _caseload_of(actor, case_manager_id)
    mine = {} if whose is None else {"case_manager_id": whose}
    return _CASELOAD_COURT.bind(actor.role, **legal_queries.court_values(actor), **mine)


def _caseload_query(
    role: Role, site_id: int, case_manager_id: int | None = None
) -> QuerySet[Participant]:
    """The open participants a role sees at a site, of one case manager or of the whole site
    (None), each with its last contact and last status."""
    qs = Participant.objects.filter(
        participants_q_for(role, site_id), state__in=OPEN_STATES
    ).annotate(
        last_contact_at=Subquery(_contacts_newest().values("occurred_at")[:1]),
        last_status_on=Subquery(
            StatusRecord.objects.filter(site_id=OuterRef("site_id"), participant=OuterRef("pk"))
            .order_by("-recorded_on")
            .values("recorded_on")[:1]
        ),
    )
    if case_manager_id is not None:
        qs = qs.filter(case_manager_id=case_manager_id)
    return qs


def _contacts_newest() -> QuerySet[Contact]:
    """A participant's contacts, newest first, for a subquery over participants. By site and
    participant, so that the (site, participant, occurred_at) index gives the newest at once:
    by participant alone the database read and sorted every contact of each participant
    (344 at synth-000: 4.6 ms of a CM's caseload of 17)."""
    return Contact.objects.filter(site_id=OuterRef("site_id"), participant=OuterRef("pk")).order_by(
        "-occurred_at"
    )


# The caseload's one query, kept compiled (core.compiled, ADR 15): a site's or one CM's.
_CASELOAD_ROWS: Compiled[tuple[Any, ...]] = Compiled(
    lambda role, site_id, case_manager_id=None: (
        _caseload_query(role, site_id, case_manager_id)
        .annotate(
            last_substantive_at=Subquery(
                _contacts_newest().filter(substantive=True).values("occurred_at")[:1]
            ),
            has_open_goal=Exists(Goal.objects.filter(participant=OuterRef("pk"), state="open")),
            has_pending_flex=Exists(
                FlexFundRequest.objects.filter(participant=OuterRef("pk"), status="pending")
            ),
        )
        .values_list(*CASELOAD_COLUMNS)
    )
)


def caseload_for(actor: Actor, case_manager_id: int | None = None) -> list[CaseloadRow]:
    """The participants of one case manager (default: the actor), or of the whole site when
    ``case_manager_id`` is 0. One query: last contacts, statuses and flags are annotated."""
    return _caseload(actor, case_manager_id)[0]


def caseload_page(
    actor: Actor, case_manager_id: int | None = None
) -> tuple[list[CaseloadRow], list[tuple[int, str]]]:
    """``caseload_for``'s rows and the filter's ``case_manager_choices``, read together."""
    rows, (choices,) = _caseload(
        actor, case_manager_id, _CASE_MANAGER_CHOICES.bind(site_id=actor.site_id)
    )
    return rows, choices


def _caseload(
    actor: Actor, case_manager_id: int | None, *more: Call[Any]
) -> tuple[list[CaseloadRow], list[list[Any]]]:
    """The caseload's rows, and the lists of ``more`` calls, read in one statement with the
    site's settings and the participants' next court dates (core.compiled.together)."""
    court_calls = [_court_call(actor, case_manager_id)] if actor.can("legal.view") else []
    found, conf_rows, *others = together(
        _caseload_call(_CASELOAD_ROWS, actor, case_manager_id),
        _SETTINGS.bind(site_id=actor.site_id),
        *court_calls,
        *more,
    )
    court = legal_queries.first_court_dates(others.pop(0)) if court_calls else {}
    today = today_for(actor)
    conf = _settings_or_defaults(conf_rows, actor.site_id)
    after_days = actor.site.inactive_after_days
    rows = []
    for (
        pk,
        first_name,
        last_name,
        state,
        enrolled_on,
        username,
        last_contact_at,
        last_status_on,
        last_substantive_at,
        has_open_goal,
        has_pending_flex,
    ) in found:
        last = _local_date(last_contact_at, actor)
        substantive = _local_date(last_substantive_at, actor)
        person = CaseloadPerson(
            pk, Person.name_of(first_name, last_name), state, enrolled_on, username
        )
        rows.append(
            CaseloadRow(
                participant=person,
                last_contact=last,
                days_since_contact=rules.days_since(last, today),
                days_since_substantive=rules.days_since(substantive, today),
                in_the_wind=rules.is_in_the_wind(last, enrolled_on, today, after_days),
                status_due=rules.status_is_due(last_status_on, today, conf.status_every_days),
                open_goals=has_open_goal,
                pending_flex=has_pending_flex,
            )
        )
    for r in rows:
        r.next_court_date = court.get(r.participant.pk)
    return rows, others


@dataclass
class LoadRow:
    user: Any
    total: int
    active: int
    inactive: int
    level: str


def team_caseloads(actor: Actor) -> list[LoadRow]:
    """Caseload per case manager against the site's target and cap (supervisor and PM)."""
    actor.require("casework.team")
    open_q = Q(caseload__site_id=actor.site_id, caseload__state__in=OPEN_STATES)
    users = case_managers(actor).annotate(
        total=Count("caseload", filter=open_q, distinct=True),
        n_active=Count("caseload", filter=open_q & ~Q(caseload__state="inactive"), distinct=True),
        n_inactive=Count("caseload", filter=open_q & Q(caseload__state="inactive"), distinct=True),
    )
    site = actor.site
    return [
        LoadRow(
            user=u,
            total=u.total,
            active=u.n_active,
            inactive=u.n_inactive,
            level=rules.caseload_level(u.total, site.caseload_target, site.caseload_cap),
        )
        for u in users
    ]


def unassigned_count(actor: Actor) -> int:
    actor.require("casework.team")
    return Participant.objects.filter(
        site_id=actor.site_id, state__in=OPEN_STATES, case_manager__isnull=True
    ).count()


@dataclass
class StaffRow:
    membership: Membership
    profile: StaffProfile | None


def team_staff(actor: Actor) -> tuple[list[StaffRow], rules.Coverage]:
    """The case-management team with their profiles, and what the team covers together."""
    actor.require("casework.team")
    members = list(
        Membership.objects.filter(site_id=actor.site_id, active=True, role__in=STAFF_ROLES)
        .select_related("user")
        .order_by("role", "user__username")
    )
    profiles = {
        p.user_id: p
        for p in StaffProfile.objects.filter(
            site_id=actor.site_id, user_id__in=[m.user_id for m in members]
        )
    }
    rows = [StaffRow(m, profiles.get(m.user_id)) for m in members]
    coverage = rules.team_coverage(
        rules.StaffFacts(
            role=r.membership.role,
            clinical_credential=bool(r.profile and r.profile.clinical_credential),
            provides_supervision=bool(r.profile and r.profile.provides_supervision),
            lived_experience=r.profile.lived_experience if r.profile else None,
            languages=r.profile.languages if r.profile else [],
        )
        for r in rows
    )
    return rows, coverage


def profile_of(actor: Actor) -> StaffProfile:
    actor.require("casework.profile.edit")
    found = StaffProfile.objects.filter(site_id=actor.site_id, user_id=actor.user_id).first()
    return found or StaffProfile(site_id=actor.site_id, user_id=actor.user_id)


# Legal case statuses still in front of a court or the prosecutor (legal's LegalCase.Status).
PENDING_CASE_STATUSES = frozenset({"referred", "filed"})


@dataclass
class WorklistRow:
    participant: Participant
    pending_cases: list[str] = field(default_factory=list)
    next_court_date: date | None = None
    defence_counsel: list[str] = field(default_factory=list)


def advocate_worklist(actor: Actor) -> list[WorklistRow]:
    """The legal systems advocate's participants with their pending cases, next court date
    and defence counsel, from ``legal.queries.cases_for`` (which logs the read of legal cases):
    a fixed number of queries whatever the number of participants or cases."""
    actor.require("casework.advocate.worklist")
    participants = list(
        Participant.objects.filter(participants_q(actor), state__in=OPEN_STATES).select_related(
            "person", "case_manager"
        )
    )
    rows = {p.pk: WorklistRow(participant=p) for p in participants}
    cases = legal_queries.cases_for(actor) if actor.can("legal.view") else []
    today = today_for(actor)
    for case in cases:
        row = rows.get(case.participant_id)  # type: ignore[arg-type]
        if row is None or case.status not in PENDING_CASE_STATUSES:
            continue
        number = case.case_number or "no number yet"
        row.pending_cases.append(f"{number} ({case.get_status_display()}, {case.court})")
        for cd in case.court_date_list:
            if cd.on >= today and (row.next_court_date is None or cd.on < row.next_court_date):
                row.next_court_date = cd.on
        counsel = case.defence_counsel or (case.defence_agency.name if case.defence_agency else "")
        if counsel and counsel not in row.defence_counsel:
            row.defence_counsel.append(counsel)
    return list(rows.values())


# Contacts ---------------------------------------------------------------------------------


def contacts_for(actor: Actor, participant_id: int, *, path: str = "") -> tuple[Participant, list]:
    participant, basis = participant_for_read(
        actor, participant_id, "casework.contact.view", [Category.CONTACTS_NOTES]
    )
    contacts = list(
        Contact.objects.filter(site_id=actor.site_id, participant=participant).select_related(
            "author"
        )
    )
    _log_read(actor, participant, [Category.CONTACTS_NOTES], path, basis)
    return participant, contacts


def contacts_page(
    actor: Actor, participant_id: int, number: str | None, *, path: str = ""
) -> tuple[Participant, Page]:
    """One page of the participant's contacts, newest first, ``CONTACTS_PAGE_SIZE`` a page: a
    missing or malformed page number gives the first page, one past the end the last."""
    participant, basis = participant_for_read(
        actor, participant_id, "casework.contact.view", [Category.CONTACTS_NOTES]
    )
    rows = Contact.objects.filter(site_id=actor.site_id, participant=participant).select_related(
        "author"
    )
    page = Paginator(rows, CONTACTS_PAGE_SIZE).get_page(number)
    _log_read(actor, participant, [Category.CONTACTS_NOTES], path, basis)
    return participant, page


def draft_for(actor: Actor, participant_id: int) -> ContactDraft | None:
    """The actor's newest unfinished draft for this participant, to pick up where they left."""
    participant_for(actor, participant_id, "casework.contact.log")
    return (
        ContactDraft.objects.filter(
            site_id=actor.site_id, participant_id=participant_id, author_id=actor.user_id
        )
        .order_by("-updated_at")
        .first()
    )


# Plan and status --------------------------------------------------------------------------


def goals_for(actor: Actor, participant: Participant) -> list[Goal]:
    return list(
        Goal.objects.filter(site_id=actor.site_id, participant=participant).prefetch_related(
            "steps", "progress__author"
        )
    )


def plan_for(actor: Actor, participant_id: int, *, path: str = "") -> tuple[Participant, list]:
    participant, basis = participant_for_read(
        actor, participant_id, "casework.plan.view", [Category.PLAN_GOALS]
    )
    goals = goals_for(actor, participant)
    _log_read(actor, participant, [Category.PLAN_GOALS], path, basis)
    return participant, goals


def goal_for(actor: Actor, goal_id: int, permission: str) -> Goal:
    actor.require(permission)
    goal = (
        Goal.objects.filter(participants_q(actor, "participant__"), pk=goal_id)
        .select_related("participant")
        .first()
    )
    if goal is None:
        raise NotFound()
    return goal


def statuses_for(actor: Actor, participant_id: int, *, path: str = "") -> tuple[Participant, list]:
    participant, basis = participant_for_read(
        actor, participant_id, "casework.plan.view", [Category.PLAN_GOALS]
    )
    records = list(StatusRecord.objects.filter(site_id=actor.site_id, participant=participant))
    _log_read(actor, participant, [Category.PLAN_GOALS], path, basis)
    return participant, records


def service_referrals_for(actor: Actor, participant_id: int) -> tuple[Participant, list]:
    participant = participant_for(actor, participant_id, "casework.service.view")
    return participant, list(
        ServiceReferral.objects.filter(site_id=actor.site_id, participant=participant)
    )


def service_referral_for(actor: Actor, referral_id: int, permission: str) -> ServiceReferral:
    actor.require(permission)
    found = ServiceReferral.objects.filter(
        participants_q(actor, "participant__"), pk=referral_id
    ).first()
    if found is None:
        raise NotFound()
    return found


# The participant page ---------------------------------------------------------------------


@dataclass
class Event:
    on: date
    kind: str
    title: str
    detail: str = ""


@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    fill: str
    label: str


@dataclass
class Chart:
    months: list[str]
    rows: list[tuple[str, int]]
    bars: list[Bar]
    width: int
    height: int

    def bars_svg(self) -> SafeString:
        """The cells as SVG, made here in one pass: up to 48 cells of six values each were
        most of the participant page's template lookups. Numbers and palette colours need no
        escaping; the label is escaped."""
        return mark_safe(  # noqa: S308 - ints, the palette's colours, an escaped label  # nosec B308 B703
            "".join(
                f'<rect x="{b.x:d}" y="{b.y:d}" width="{b.width:d}" height="{b.height:d}" '
                f'fill="{escape(b.fill)}"><title>{escape(b.label)}</title></rect>'
                for b in self.bars
            )
        )

    def svg(self) -> SafeString:
        """The whole chart as the participant page's template wrote it (under ``localize
        off``): the picture, a label per row, the cells and the first and last month, every
        text escaped. Through the template its lookups and filters were about 7 % of the page's
        instructions (callgrind, 2026-11-30)."""
        w, h = self.width, self.height
        first = escape(self.months[0]) if self.months else ""
        last = escape(self.months[-1]) if self.months else ""
        rows = "".join(
            f'<text x="0" y="{y:d}" font-size="12" fill="#1b1f24">{escape(label)}</text>'
            for label, y in self.rows
        )
        return mark_safe(  # noqa: S308 - ints and escaped text  # nosec B308 B703
            f'<svg width="{w:d}" height="{h:d}" viewBox="0 0 {w:d} {h:d}" role="img" '
            'aria-label="Status by month over the last year: housing, income, employment and '
            'health coverage; darker green is more stable.">\n'
            f"  {rows}\n"
            f"  {self.bars_svg()}\n"
            f'  <text x="130" y="12" font-size="11" fill="#4a5560">{first}</text>\n'
            f'  <text x="{w - 50:d}" y="12" font-size="11" fill="#4a5560">{last}</text>\n'
            "</svg>"
        )


@dataclass
class ParticipantPage:
    participant: Participant
    goals: list[Goal]
    # The chart's records, oldest first: (id, domain, value, recorded on).
    statuses: list[tuple[int, str, str, date]]
    referrals: list[ServiceReferral]
    flex: list[FlexFundRequest]
    timeline: list[Event]
    chart: Chart
    latest_status: dict[str, StatusRecord] = field(default_factory=dict)
    next_court_date: date | None = None
    # From legalservices.queries.open_matters_for: status only, never the privileged file.
    legal_matters: list[legalservices_queries.StatusLine] = field(default_factory=list)
    basis: str = "role"
    more_timeline: bool = False
    more_referrals: bool = False
    more_flex: bool = False


PALETTE = ("#a4161a", "#c8702a", "#5b8c3a", "#1f6f3f", "#0b5cad")
LABEL_W, CELL_W, ROW_H = 130, 36, 26


def status_chart(records: Iterable[tuple[str, str, date]], today: date, months: int = 12) -> Chart:
    """A server-rendered picture of status over time: one row per domain, one cell per month,
    coloured by the rung on the domain's scale (no script; the same in HTML and PDF).
    ``records`` are (domain, value, recorded on)."""
    keys = rules.months_back(today, months)
    grid = rules.status_by_month(records, keys)
    bars, rows = [], []
    for row, (domain, values) in enumerate(grid.items()):
        label = rules.STATUS_DOMAINS[domain][0]
        y = row * ROW_H + 20
        rows.append((label, y + 17))
        for col, value in enumerate(values):
            if value is None:
                continue
            level = rules.status_level(domain, value)
            bars.append(
                Bar(
                    x=LABEL_W + col * CELL_W,
                    y=y,
                    width=CELL_W - 2,
                    height=ROW_H - 4,
                    fill=PALETTE[min(level, len(PALETTE) - 1)],
                    label=f"{label}, {keys[col]}: {rules.status_choices(domain)[value]}",
                )
            )
    return Chart(
        months=keys,
        rows=rows,
        bars=bars,
        width=LABEL_W + months * CELL_W,
        height=len(grid) * ROW_H + 24,
    )


# How much of a participant's history the page shows: the newest entries first, the rest one
# link away (the full history, the contacts page), so a page costs the same whatever its length.
TIMELINE_LIMIT = 30
SECTION_LIMIT = 10  # service referrals and flex-fund requests on the page
PROGRESS_LIMIT = 3  # progress notes under each goal on the page
HISTORY_PAGE_SIZE = 50
HISTORY_MAX_PAGE = 10_000  # the deepest page asked for; beyond it a page reads too much
CONTACTS_PAGE_SIZE = 50
STATUS_FIELDS = ("id", "domain", "value", "recorded_on")


REFERRAL_FIELDS = (
    "id",
    "kind",
    "provider",
    "status",
    "sent_on",
    "accepted_on",
    "declined_on",
    "completed_on",
)
FLEX_FIELDS = ("id", "category", "amount", "vendor", "status", "created_at")


def _contacts(
    site_id: int, participant_id: int
) -> QuerySet[Contact, tuple[str, datetime, bool, str]]:
    """A participant's contacts for the timeline, newest first (the model's order)."""
    return Contact.objects.filter(site_id=site_id, participant_id=participant_id).values_list(
        "kind", "occurred_at", "substantive", "note"
    )


def _changes(
    site_id: int, participant_id: int
) -> QuerySet[ParticipantStateChange, tuple[datetime, str, str, str]]:
    return (
        ParticipantStateChange.objects.filter(site_id=site_id, participant_id=participant_id)
        .order_by("-changed_at", "-id")
        .values_list("changed_at", "from_state", "to_state", "reason")
    )


# The participant page's contacts and state changes (its timeline's newest events, and the
# first history pages'), kept compiled (core.compiled, ADR 15); longer reads, the plain way.
_PAGE_EVENTS = TIMELINE_LIMIT + 1
_PAGE_CONTACTS: Compiled[tuple[str, datetime, bool, str]] = Compiled(
    lambda site_id, participant_id: _contacts(site_id, participant_id)[:_PAGE_EVENTS]
)
_PAGE_CHANGES: Compiled[tuple[datetime, str, str, str]] = Compiled(
    lambda site_id, participant_id: _changes(site_id, participant_id)[:_PAGE_EVENTS]
)


FLEX_STATUSES = dict(FlexFundRequest.Status.choices)


def _events(
    actor: Actor,
    participant: Participant,
    goals: list[Goal],
    limit: int,
    *,
    referrals: list[ServiceReferral] | None = None,
    flex: list[FlexFundRequest] | None = None,
    notes: list[tuple[date, str, int]] | None = None,
    statuses: list[tuple[date, str, str]] | None = None,
    contacts: list[tuple[str, datetime, bool, str]] | None = None,
    changes: list[tuple[datetime, str, str, str]] | None = None,
) -> list[Event]:
    """The participant's newest ``limit`` events, newest first: at most ``limit`` rows of each
    kind are read, which is enough, as each kind is read newest first. ``referrals``, ``flex``,
    ``notes`` (written on, note, goal id) and ``statuses`` (recorded on, domain, value), when
    the caller has already read them (newest first, at least ``limit`` rows or all there are),
    are used instead of being read again; so are ``contacts`` and ``changes`` (the kept
    reads' rows)."""
    site, tz = actor.site_id, actor.site.tz
    mine = {"site_id": site, "participant": participant}
    goal_by_id = {g.pk: g for g in goals}
    kept = limit <= _PAGE_EVENTS  # within what the kept reads fetch
    if contacts is None:
        contacts = list(
            _PAGE_CONTACTS(site_id=site, participant_id=participant.pk)
            if kept
            else _contacts(site, participant.pk)[:limit]
        )
    if notes is None:
        # The goals are all the participant's own: their ids select the notes without a join.
        notes = list(
            ProgressNote.objects.filter(site_id=site, goal_id__in=list(goal_by_id)).values_list(
                "written_on", "note", "goal_id"
            )[:limit]
            if goal_by_id
            else []
        )
    if statuses is None:
        statuses = list(
            StatusRecord.objects.filter(**mine)
            .order_by("-recorded_on", "-id")
            .values_list("recorded_on", "domain", "value")[:limit]
        )
    if referrals is None:
        referrals = list(ServiceReferral.objects.filter(**mine).only(*REFERRAL_FIELDS)[:limit])
    if flex is None:
        flex = list(FlexFundRequest.objects.filter(**mine).only(*FLEX_FIELDS)[:limit])
    if changes is None:
        changes = list(
            _PAGE_CHANGES(site_id=site, participant_id=participant.pk)
            if kept
            else _changes(site, participant.pk)[:limit]
        )
    by_newest = sorted(goals, key=lambda g: (g.created_at, g.pk), reverse=True)
    kinds, domains = rules.CONTACT_KINDS, rules.STATUS_DOMAINS
    events: list[Event] = []
    for kind, occurred_at, substantive, note in contacts[:limit]:
        what = kinds.get(kind, kind)
        extra = " · substantive" if substantive else ""
        events.append(
            Event(timezone.localtime(occurred_at, tz).date(), "Contact", what + extra, note)
        )
    for g in by_newest[:limit]:
        created = timezone.localtime(g.created_at, tz).date()
        events.append(Event(created, "Goal", str(g), rules.GOAL_STATES.get(g.state, g.state)))
    for written_on, note, goal_id in notes[:limit]:
        events.append(Event(written_on, "Progress", str(goal_by_id[goal_id]), note))
    for recorded_on, domain, value in statuses[:limit]:
        label = domains[domain][0] if domain in domains else domain
        value_label = rules.status_choices(domain).get(value, value)
        events.append(Event(recorded_on, "Status", f"{label}: {value_label}"))
    for r in referrals[:limit]:
        title = f"{rules.SERVICE_KINDS.get(r.kind, r.kind)} — {r.provider}"
        events.append(Event(r.sent_on, "Service referral", title, r.status))
    for f in flex[:limit]:
        created = timezone.localtime(f.created_at, tz).date()
        title = f"{rules.FLEX_CATEGORIES.get(f.category, f.category)} {f.amount} — {f.vendor}"
        status = FLEX_STATUSES.get(f.status, f.status)
        events.append(Event(created, "Flex funds", title, status))
    for changed_at, from_state, to_state, reason in changes[:limit]:
        changed = timezone.localtime(changed_at, tz).date()
        events.append(Event(changed, "State", f"{from_state or 'new'} → {to_state}", reason))
    # Legal events (court dates, filings) join this timeline with the legal issue, through
    # legal.queries; casework never reads legal's tables itself.
    events.sort(key=lambda e: e.on, reverse=True)  # stable: each kind stays newest first
    return events[:limit]


def _page_statuses(
    site_id: int, participant_id: int, start: date, newest: int
) -> QuerySet[StatusRecord]:
    """``_statuses_for_page``'s query (kept compiled: ``_PAGE_STATUSES``)."""
    # The records before the chart share one bucket per domain (the value carried in), those
    # within it one bucket per domain and month.
    bucket = Case(
        When(recorded_on__lt=start, then=Value(None, output_field=DateField())),
        default=TruncMonth("recorded_on", output_field=DateField()),
    )
    newest_first = [F("recorded_on").desc(), F("id").desc()]
    return (
        StatusRecord.objects.filter(site_id=site_id, participant_id=participant_id)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("domain"), bucket], order_by=newest_first),
            overall=Window(RowNumber(), order_by=newest_first),
        )
        .filter(Q(rank=1) | Q(overall__lte=newest))
        # Plain rows, not model instances: up to (months + 1) × domains + newest of them a page.
        .values_list(*STATUS_FIELDS, "rank", "overall")
    )


# Records as (id, domain, value, recorded on, rank, overall), the last two the window numbers.
_PAGE_STATUSES: Compiled[tuple[int, str, str, date, int, int]] = Compiled(_page_statuses)


def _chart_start(today: date, months: int = 12) -> date:
    """The first day of the status chart's first month."""
    return date.fromisoformat(f"{rules.months_back(today, months)[0]}-01")


def _statuses_for_page(
    rows: list[tuple[int, str, str, date, int, int]], newest: int
) -> tuple[list[tuple[int, str, str, date]], list[tuple[date, str, str]]]:
    """From ``_PAGE_STATUSES``'s rows (one query), the records the chart and the latest
    statuses need, oldest first (the last of each domain in each of the chart's months, the
    value in force at the month's end, and before them the last of each domain, the value
    carried into the chart: at most (months + 1) × domains), and the timeline's ``newest``
    records, newest first, as (recorded on, domain, value). The chart's records are (id,
    domain, value, recorded on)."""
    chart = sorted(
        ((pk, domain, value, on) for pk, domain, value, on, rank, _ in rows if rank == 1),
        key=lambda r: (r[3], r[0]),
    )
    recent = sorted((r for r in rows if r[5] <= newest), key=lambda r: r[5])
    return chart, [(on, domain, value) for _, domain, value, on, _, _ in recent]


# The participant page's goals, their steps and notes: kept compiled (core.compiled, ADR 15).
# The steps and notes are those of the participant's goals at the site (a join, not a list of
# goal ids, so the SQL is the same whatever the number of goals).
_GOALS: Compiled[Goal] = Compiled(
    lambda site_id, participant_id: Goal.objects.filter(
        site_id=site_id, participant_id=participant_id
    )
)
_STEPS: Compiled[ActionStep] = Compiled(
    lambda site_id, participant_id: ActionStep.objects.filter(
        site_id=site_id, goal__site_id=site_id, goal__participant_id=participant_id
    )
)


def _page_notes(site_id: int, participant_id: int, newest: int) -> QuerySet[ProgressNote]:
    """Each goal's newest ``PROGRESS_LIMIT`` notes and the newest ``newest`` of all (``rank``,
    ``overall``), newest first."""
    newest_first = [F("written_on").desc(), F("id").desc()]
    return (
        ProgressNote.objects.filter(
            site_id=site_id, goal__site_id=site_id, goal__participant_id=participant_id
        )
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("goal_id")], order_by=newest_first),
            overall=Window(RowNumber(), order_by=newest_first),
        )
        .filter(Q(rank__lte=PROGRESS_LIMIT) | Q(overall__lte=newest))
        .select_related("author")
    )


_NOTES: Compiled[ProgressNote] = Compiled(_page_notes)


def _goals_with_steps_and_progress(
    goals: list[Goal], all_steps: list[ActionStep], notes: list[ProgressNote], newest: int
) -> tuple[list[Goal], list[tuple[date, str, int]]]:
    """The participant's goals, each with its steps (``step_list``) and newest
    ``PROGRESS_LIMIT`` progress notes (``recent_progress``), and the timeline's ``newest``
    notes of all goals, newest first, as (written on, note, goal id): the rows of ``_GOALS``,
    ``_STEPS`` and ``_NOTES`` (plain queries), grouped here (cheaper than
    ``prefetch_related``'s machinery)."""
    steps: dict[int, list[ActionStep]] = defaultdict(list)
    progress: dict[int, list[ProgressNote]] = defaultdict(list)
    timeline: list[ProgressNote] = []
    for step in all_steps:
        steps[step.goal_id].append(step)
    for note in notes:  # newest first (the model's order)
        if note.rank <= PROGRESS_LIMIT:  # type: ignore[attr-defined]
            progress[note.goal_id].append(note)
        if note.overall <= newest:  # type: ignore[attr-defined]
            timeline.append(note)
    for g in goals:
        g.step_list = steps[g.pk]  # type: ignore[attr-defined]
        g.recent_progress = progress[g.pk]  # type: ignore[attr-defined]
    return goals, [(n.written_on, n.note, n.goal_id) for n in timeline]


# Read once for their sections and the timeline: enough rows for both, newest first.
_PAGE_ROWS = max(SECTION_LIMIT, TIMELINE_LIMIT) + 1
_PAGE_REFERRALS: Compiled[ServiceReferral] = Compiled(
    lambda site_id, participant_id: ServiceReferral.objects.filter(
        site_id=site_id, participant_id=participant_id
    ).only(*REFERRAL_FIELDS)[:_PAGE_ROWS]
)
_PAGE_FLEX: Compiled[FlexFundRequest] = Compiled(
    lambda site_id, participant_id: FlexFundRequest.objects.filter(
        site_id=site_id, participant_id=participant_id
    ).only(*FLEX_FIELDS)[:_PAGE_ROWS]
)


def participant_page(actor: Actor, participant_id: int, *, path: str = "") -> ParticipantPage:
    """What case management knows of one participant on one page: the plan, the latest status,
    and the newest of the history (``TIMELINE_LIMIT`` events, ``SECTION_LIMIT`` referrals and
    flex requests), in a fixed number of queries and rows whatever the history's length."""
    cats = [Category.CONTACTS_NOTES, Category.PLAN_GOALS]
    participant, basis = participant_for_read(
        actor, participant_id, "casework.participant.view", cats
    )
    mine = {"site_id": actor.site_id, "participant_id": participant.pk}
    newest = TIMELINE_LIMIT + 1
    today = today_for(actor)
    # The page's reads in one statement (core.compiled.gather): its eight sections (the
    # referrals, flex requests, contacts and state changes, enough rows for their sections and
    # the timeline), the next court date and the open legal matters with their deadlines.
    sections, next_court_date, legal_matters = run_steps(
        gather(
            ask(
                _GOALS.bind(**mine),
                _STEPS.bind(**mine),
                _NOTES.bind(**mine, newest=newest),
                _PAGE_STATUSES.bind(**mine, start=_chart_start(today), newest=newest),
                _PAGE_REFERRALS.bind(**mine),
                _PAGE_FLEX.bind(**mine),
                _PAGE_CONTACTS.bind(**mine),
                _PAGE_CHANGES.bind(**mine),
            ),
            legal_queries.next_court_date_steps(actor, participant.pk),
            legalservices_queries.open_matters_steps(actor, participant),
        )
    )
    goals, steps, progress, status_rows, referrals, flex, contacts, changes = sections
    goals, notes = _goals_with_steps_and_progress(goals, steps, progress, newest)
    statuses, recent_statuses = _statuses_for_page(status_rows, newest)
    events = _events(
        actor,
        participant,
        goals,
        newest,
        referrals=referrals,
        flex=flex,
        notes=notes,
        statuses=recent_statuses,
        contacts=contacts,
        changes=changes,
    )
    # The latest record of each domain, as a record for the page's labels (at most one a
    # domain built, in the order the domains first appear, as before).
    newest_of: dict[str, tuple[int, str, date]] = {}
    for pk, domain, value, on in statuses:
        newest_of[domain] = (pk, value, on)
    latest = {
        domain: StatusRecord(pk=pk, domain=domain, value=value, recorded_on=on)
        for domain, (pk, value, on) in newest_of.items()
    }
    _log_read(actor, participant, cats, path, basis)
    return ParticipantPage(
        participant=participant,
        goals=goals,
        statuses=statuses,
        referrals=referrals[:SECTION_LIMIT],
        flex=flex[:SECTION_LIMIT],
        timeline=events[:TIMELINE_LIMIT],
        chart=status_chart(((d, v, on) for _, d, v, on in statuses), today),
        latest_status=latest,
        next_court_date=next_court_date,
        legal_matters=legal_matters,
        basis=basis,
        more_timeline=len(events) > TIMELINE_LIMIT,
        more_referrals=len(referrals) > SECTION_LIMIT,
        more_flex=len(flex) > SECTION_LIMIT,
    )


@dataclass
class HistoryPage:
    participant: Participant
    events: list[Event]
    number: int
    has_older: bool
    basis: str = "role"


def history_for(actor: Actor, participant_id: int, page: int = 1, *, path: str = "") -> HistoryPage:
    """One page of the participant's whole history, newest first (``HISTORY_PAGE_SIZE`` events
    a page). A page reads at most ``page × size + 1`` rows of each kind."""
    cats = [Category.CONTACTS_NOTES, Category.PLAN_GOALS]
    participant, basis = participant_for_read(
        actor, participant_id, "casework.participant.view", cats
    )
    page = max(page, 1)
    goals = list(
        Goal.objects.filter(site_id=actor.site_id, participant=participant).only(
            "id", "domain", "title", "state", "created_at"
        )
    )
    end = page * HISTORY_PAGE_SIZE
    events = _events(actor, participant, goals, end + 1)
    _log_read(actor, participant, cats, path, basis)
    return HistoryPage(
        participant=participant,
        events=events[end - HISTORY_PAGE_SIZE : end],
        number=page,
        has_older=len(events) > end,
        basis=basis,
    )


# Flex funds -------------------------------------------------------------------------------


def pools_for(actor: Actor) -> list[FundingPool]:
    """The site's pools with what each has spent and has left (``spent``, ``left``)."""
    if not (actor.can("casework.flex.view") or actor.can("casework.flex.pools")):
        raise NotFound()
    return pools_for_report(actor)


def pool_for(actor: Actor, pool_id: int) -> FundingPool:
    found = FundingPool.objects.filter(site_id=actor.site_id, pk=pool_id).first()
    if found is None:
        raise NotFound()
    return found


def flex_requests_for(actor: Actor, status: str | None = None) -> list[FlexFundRequest]:
    actor.require("casework.flex.view")
    qs = FlexFundRequest.objects.filter(participants_q(actor, "participant__")).select_related(
        "participant__person", "pool", "goal", "requested_by", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    return list(qs[:500])


def flex_request_for(
    actor: Actor, request_id: int, *, path: str = "", log: bool = True
) -> FlexFundRequest:
    """One request the actor may see. Writes pass ``log=False``: they are audited instead."""
    actor.require("casework.flex.view")
    found = (
        FlexFundRequest.objects.filter(participants_q(actor, "participant__"), pk=request_id)
        .select_related("participant__person", "pool", "goal", "requested_by", "decided_by")
        .first()
    )
    if found is None:
        raise NotFound()
    if log:
        _log_read(actor, found.participant, [Category.PLAN_GOALS], path)
    return found


REPORT_GROUPS: dict[str, tuple[str, str]] = {
    "pool": ("pool__name", "Pool"),
    "participant": ("participant_id", "Participant"),
    "category": ("category", "Category"),
    "cm": ("case_manager__username", "Case manager"),
    "month": ("month", "Month"),
}


@dataclass
class Report:
    by: str
    heading: str
    rows: list[tuple[str, Decimal, int]]
    total: Decimal
    pools: list[FundingPool]


def ledger_report(
    actor: Actor,
    by: str = "pool",
    *,
    since: date | None = None,
    before: date | None = None,
    people: QuerySet[Any] | None = None,
    with_pools: bool = True,
) -> Report:
    """Ledger totals grouped per pool, participant, category, CM or month, with the total of
    all pools together. Reversals net against the spends they correct. ``since`` (included)
    and ``before`` (excluded) bound the entries by their own date (``entry_on``; a reversal
    counts on the day it is entered); ``people``, a participant-id subquery, keeps the entries
    of those participants (e.g. planning's region or door filter). The pools' budgets and
    spend to date stay whole-time; ``with_pools=False`` (a caller that shows only the rows,
    the PM's dashboard) leaves that query out and the report's pools empty."""
    actor.require("casework.flex.ledger")
    if by not in REPORT_GROUPS:
        by = "pool"
    key, heading = REPORT_GROUPS[by]
    qs = LedgerEntry.objects.filter(site_id=actor.site_id)
    if since is not None:
        qs = qs.filter(entry_on__gte=since)
    if before is not None:
        qs = qs.filter(entry_on__lt=before)
    if people is not None:
        qs = qs.filter(participant_id__in=people)
    if by == "month":
        qs = qs.annotate(month=TruncMonth("entry_on"))
    grouped = list(qs.values(key).annotate(total=Sum("amount"), n=Count("id")).order_by(key))
    names: dict[Any, str] = {}
    if by == "participant":  # the names of the participants the rows name, not the site's
        named = [g[key] for g in grouped if g[key] is not None]
        names = {
            p.pk: str(p)
            for p in Participant.objects.filter(site_id=actor.site_id, pk__in=named).select_related(
                "person"
            )
        }
    labels = dict(rules.FLEX_CATEGORIES)
    rows = []
    for g in grouped:
        value = g[key]
        if by == "participant":
            label = names.get(value, str(value))
        elif by == "category":
            label = labels.get(value, value)
        elif by == "month":
            label = value.strftime("%Y-%m") if value else "—"
        else:
            label = str(value)
        rows.append((label, g["total"] or Decimal("0"), g["n"]))
    total = sum((r[1] for r in rows), Decimal("0"))
    pools = pools_for_report(actor) if with_pools else []
    return Report(by=by, heading=heading, rows=rows, total=total, pools=pools)


def pools_for_report(actor: Actor) -> list[FundingPool]:
    pools: list[FundingPool] = list(
        FundingPool.objects.filter(site_id=actor.site_id).annotate(spent=Sum("entries__amount"))
    )
    for p in pools:
        p.spent = p.spent or Decimal("0")  # type: ignore[attr-defined]
        p.left = rules.remaining(p.budget, [p.spent])  # type: ignore[attr-defined]
    return pools


@dataclass(frozen=True)
class PoolSpend:
    """One pool's budget and its spend to date from the ledger (reversals net), in dollars."""

    id: int
    name: str
    funding_source: str
    budget: Decimal
    spent: Decimal


def pool_spend(site_id: int, pool_ids: list[int] | None = None) -> dict[int, PoolSpend]:
    """The site's flex-fund pools (or just ``pool_ids``) by id, with what each has spent, for
    another area's aggregate view (governance's budget links its flex-funds lines to pools).
    Amounts only, no participant; one query. Read-only."""
    qs = FundingPool.objects.filter(site_id=site_id)
    if pool_ids is not None:
        qs = qs.filter(pk__in=pool_ids)
    rows = qs.annotate(total=Sum("entries__amount")).order_by("name")
    return {
        p.pk: PoolSpend(
            id=p.pk,
            name=p.name,
            funding_source=p.funding_source,
            budget=p.budget,
            spent=p.total or Decimal("0"),  # type: ignore[attr-defined]
        )
        for p in rows
    }


def ledger_entries(actor: Actor) -> list[LedgerEntry]:
    actor.require("casework.flex.ledger")
    return list(
        LedgerEntry.objects.filter(site_id=actor.site_id)
        .select_related("pool", "participant__person", "case_manager")
        .order_by("-entry_on", "-id")[:300]
    )


_PENDING_APPROVALS: Compiled[int] = Compiled(
    lambda site_id: site_count(FlexFundRequest.objects.filter(site_id=site_id, status="pending"))
)


def pending_approvals_count(actor: Actor) -> int:
    return run_steps(pending_approvals_count_steps(actor))


def pending_approvals_count_steps(actor: Actor) -> Steps[int]:
    """The flex requests waiting for the actor's approval (none unless they approve), as steps
    (core.compiled): one kept query beside others."""
    if not actor.can("casework.flex.approve"):
        return 0
    (counts,) = yield (_PENDING_APPROVALS.bind(site_id=actor.site_id),)
    return sum(counts)


# The caseload card's one query, kept compiled (core.compiled, ADR 15).
_CASELOAD_COUNTED: Compiled[tuple[str, date, datetime | None, date | None]] = Compiled(
    lambda role, site_id, case_manager_id=None: (
        _caseload_query(role, site_id, case_manager_id)
        .order_by()  # the default order joins the person, which a count does not need
        # The two annotations come from _caseload_query: the type checker cannot follow them.
        .values_list("state", "enrolled_on", "last_contact_at", "last_status_on")  # type: ignore[misc]
    )
)


def in_the_wind_counts(actor: Actor) -> dict[str, int]:
    """The home page's caseload card: of the participants ``caseload_for(actor)`` lists, how
    many are proposed for inactive (in the wind), how many have a monthly status due, and how
    many there are. The caseload's rules on four columns a participant: one query, no names,
    notes or court dates read."""
    return run_steps(in_the_wind_counts_steps(actor))


def in_the_wind_counts_steps(actor: Actor) -> Steps[dict[str, int]]:
    """``in_the_wind_counts`` as steps (core.compiled): its query and the site's settings
    beside others."""
    rows, found = yield (
        _caseload_call(_CASELOAD_COUNTED, actor, None),
        _SETTINGS.bind(site_id=actor.site_id),
    )
    today = today_for(actor)
    after_days = actor.site.inactive_after_days
    every_days = _settings_or_defaults(found, actor.site_id).status_every_days
    counts = {"wind": 0, "status_due": 0, "total": 0}
    for state, enrolled_on, last_contact_at, last_status_on in rows:
        last = _local_date(last_contact_at, actor)
        in_the_wind = rules.is_in_the_wind(last, enrolled_on, today, after_days)
        counts["wind"] += rules.proposes_inactive(in_the_wind, state)
        counts["status_due"] += rules.status_is_due(last_status_on, today, every_days)
        counts["total"] += 1
    return counts


def is_case_management(actor: Actor) -> bool:
    return actor.role in CASE_MANAGEMENT_ROLES


def open_participants(actor: Actor, case_manager_id: int | None = None) -> list[Participant]:
    """Participants who may be moved between case managers (not exited)."""
    actor.require("casework.reassign")
    qs = Participant.objects.filter(participants_q(actor), state__in=OPEN_STATES).select_related(
        "person", "case_manager"
    )
    if case_manager_id:
        qs = qs.filter(case_manager_id=case_manager_id)
    return list(qs)


def contacts_per_month(
    actor: Actor,
    *,
    since: date,
    before: date | None = None,
    people: QuerySet[Any] | None = None,
) -> list[tuple[date, int, int]]:
    """Contacts logged at the site per month from ``since`` (up to ``before``, excluded, when
    given; by the month of the contact's date on the site's clock): ``(first of the month,
    contacts, participants contacted)``, for the PM's dashboard. ``people``, a participant-id
    subquery, keeps those participants' contacts. Counts only, no contents or names, so no
    access-log row; one grouped query over the contact counters (``ContactMonth``: a row per
    participant and month), not over the contacts themselves. A period starts and ends on a
    month's first day."""
    actor.require("casework.team")
    qs = ContactMonth.objects.filter(site_id=actor.site_id, month__gte=since)
    if before is not None:
        qs = qs.filter(month__lt=before)
    if people is not None:
        qs = qs.filter(participant_id__in=people)
    rows = (
        qs.order_by("month")
        .values_list("month")
        .annotate(n=Sum("contacts"), people_n=Count("*"))
        .values_list("month", "n", "people_n")
    )
    return [(month, int(n), int(people_n)) for month, n, people_n in rows]


@dataclass(frozen=True)
class RecordGaps:
    """Data-quality counts for planning's PCG report: participants in program, those with no
    status record within the due interval, no contact within the site's in-the-wind days, no
    open goal, and no case manager. Counts only, no one named."""

    in_program: int
    status_missing: int
    no_recent_contact: int
    no_open_goal: int
    no_case_manager: int
    status_every_days: int
    contact_within_days: int


def record_gaps(site_id: int, today: date, inactive_after_days: int, tz: tzinfo) -> RecordGaps:
    """Aggregate data-quality counts of a site's open participants as of ``today`` (a day of
    the site's time zone, ``tz``): one settings read and one aggregate query, whatever the
    number of participants."""
    conf = CaseworkSettings.objects.filter(site_id=site_id).first() or CaseworkSettings()
    status_since = today - timedelta(days=conf.status_every_days)
    contact_since = today - timedelta(days=inactive_after_days)
    # A contact counts from the site's midnight after ``contact_since``, not UTC's.
    contact_from = day_start(contact_since + timedelta(days=1), tz)
    counts = (
        Participant.objects.filter(site_id=site_id, state__in=OPEN_STATES)
        .annotate(
            has_status=Exists(
                StatusRecord.objects.filter(
                    site_id=site_id, participant=OuterRef("pk"), recorded_on__gt=status_since
                )
            ),
            has_contact=Exists(
                Contact.objects.filter(
                    site_id=site_id, participant=OuterRef("pk"), occurred_at__gte=contact_from
                )
            ),
            has_goal=Exists(Goal.objects.filter(participant=OuterRef("pk"), state="open")),
        )
        .aggregate(
            total=Count("id"),
            no_status=Count("id", filter=Q(has_status=False)),
            no_contact=Count("id", filter=Q(has_contact=False)),
            no_goal=Count("id", filter=Q(has_goal=False)),
            no_cm=Count("id", filter=Q(case_manager__isnull=True)),
        )
    )
    return RecordGaps(
        in_program=counts["total"],
        status_missing=counts["no_status"],
        no_recent_contact=counts["no_contact"],
        no_open_goal=counts["no_goal"],
        no_case_manager=counts["no_cm"],
        status_every_days=conf.status_every_days,
        contact_within_days=inactive_after_days,
    )


def status_history(
    actor: Actor,
    *,
    permission: str,
    domains: tuple[str, ...],
    between: tuple[date, date] | None = None,
    participants: list[int] | None = None,
) -> Iterator[tuple[int, str, str, date, bool]]:
    """The status records at the actor's site in ``domains`` (and, if given, recorded within
    ``between``, both ends included), oldest first per participant:
    ``(participant id, domain, value, recorded_on, at_intake)``. For evaluation (the HMIS
    export and the monthly indicators), which checks its own ``permission`` and writes its
    own access-log row when it shows identities. One query, streamed in chunks so an export's
    memory stays flat; no notes or authors. ``participants`` (ids) keeps only theirs."""
    actor.require(permission)
    rows = StatusRecord.objects.filter(site_id=actor.site_id, domain__in=domains)
    if participants is not None:
        rows = rows.filter(participant_id__in=participants)
    if between is not None:
        rows = rows.filter(recorded_on__range=between)
    return (
        rows.order_by("participant_id", "recorded_on", "pk")
        .values_list("participant_id", "domain", "value", "recorded_on", "at_intake")
        .iterator(chunk_size=2000)
    )
