"""Reads of governance. Every read takes the actor and its site; nothing here reads a
participant (governance works on aggregates).

For other areas (no actor needed, by site id):

- ``decision_adopted(site_id, subject_type, subject_id) -> Decision | None``: the consensus
  decision that adopted that artefact, if any (e.g. subject_type
  "referrals.eligibilitypolicyversion").
- ``last_adopted(site_id, subject_type) -> Decision | None``: the latest decision adopting any
  artefact of that type: "the eligibility policy in force is the one the PCG last adopted".
- ``owg_bodies_for(actor)`` / ``owg_body_for(actor, body_id)``: the site's standing OWG bodies
  (conferencing links a case-conference meeting to one); ``body_names(site_id, ids)``: their
  names by id, for pages shown to partners who do not read governance.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from goldenthread.access.actor import Actor, NotFound
from goldenthread.core.compiled import Compiled, Steps, run_steps
from goldenthread.core.models import Agency
from goldenthread.governance import rules
from goldenthread.governance.models import (
    ActionItem,
    Body,
    Budget,
    CommunityCheckin,
    Decision,
    GovernanceSettings,
    Issue,
    Meeting,
    MouVersion,
    Policy,
    PolicyVersion,
    Position,
    Procurement,
    Proposal,
    Seat,
)

VIEW = "governance.view"  # role-wide, as far as the site's role scopes reach
ALL = "governance.all"  # every body and record (the PM, the site admin)
MEMBER = "governance.member"  # the bodies one holds a seat on (every role)
BODY_KINDS = frozenset(Body.Kind.values)


# The interface for other areas --------------------------------------------------------------


def decision_adopted(site_id: int, subject_type: str, subject_id: int) -> Decision | None:
    """The decision that adopted ``subject_type``/``subject_id`` at the site, or None."""
    return (
        Decision.objects.filter(site_id=site_id, subject_type=subject_type, subject_id=subject_id)
        .order_by("-decided_on", "-id")
        .first()
    )


def has_pcg(site_id: int) -> bool:
    """Whether the site has recorded its PCG (other areas then adopt by its decision)."""
    return Body.objects.filter(site_id=site_id, kind=Body.Kind.PCG).exists()


def last_adopted(site_id: int, subject_type: str) -> Decision | None:
    """The most recent decision adopting an artefact of ``subject_type`` at the site."""
    return (
        Decision.objects.filter(site_id=site_id, subject_type=subject_type)
        .order_by("-decided_on", "-id")
        .first()
    )


# Flex-fund pools, read from casework ------------------------------------------------------------
#
# Governance imports no other area (legal and conferencing import governance, and must never
# reach casework through it). Casework registers its read-only ``pool_spend`` here when the
# app starts (``CaseworkConfig.ready``); without casework there are no pools to link.


class PoolSpend(Protocol):
    """What governance reads of one flex-fund pool: amounts only, no participant."""

    @property
    def id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def funding_source(self) -> str: ...
    @property
    def budget(self) -> Decimal: ...
    @property
    def spent(self) -> Decimal: ...


PoolReader = Callable[[int, list[int] | None], Mapping[int, PoolSpend]]
_pool_readers: list[PoolReader] = []


def register_pool_reader(reader: PoolReader) -> None:
    """Casework's ``pool_spend(site_id, pool_ids)``: pools by id with their ledger spend."""
    _pool_readers[:] = [reader]


def flex_pools(site_id: int, pool_ids: list[int] | None = None) -> Mapping[int, PoolSpend]:
    """The site's flex-fund pools (or those of ``pool_ids``) with their spend. One query."""
    return _pool_readers[0](site_id, pool_ids) if _pool_readers else {}


# Helpers ------------------------------------------------------------------------------------


def site_today(actor: Actor) -> date:
    """Today at the actor's site, in the site's time zone (not the server's)."""
    return actor.site.today()


def active_seats(body_ids: list[int] | None = None, *, on: date, site_id: int) -> QuerySet[Seat]:
    qs = Seat.objects.filter(site_id=site_id, start_on__lte=on).exclude(end_on__lt=on)
    if body_ids is not None:
        qs = qs.filter(body_id__in=body_ids)
    return qs


def member_agencies(body: Body, on: date) -> set[int]:
    """The agencies that hold an active seat on the body: each takes one position."""
    return set(
        active_seats([body.pk], on=on, site_id=body.site_id)
        .exclude(kind=Seat.Kind.STAFF)
        .values_list("agency_id", flat=True)
    )


def tally_for(proposal: Proposal, on: date | None = None) -> rules.Tally:
    """The consensus tally of a proposal, from its recorded positions and its body's members
    on ``on`` (default: today at the site, in the site's time zone, not the server's)."""
    on = on or timezone.localdate(timezone=proposal.site.tz)
    votes = [
        rules.Vote(
            agency=p.agency_id,
            stance=p.stance,
            authorised=p.seat.authorised,
            blocked_options=frozenset(p.blocked_options),
        )
        for p in proposal.positions.select_related("seat")
    ]
    return rules.tally_consensus(
        member_agencies(proposal.body, on),
        votes,
        options=proposal.options,
        rule=proposal.body.consensus_rule,
    )


_SETTINGS: Compiled[GovernanceSettings] = Compiled(
    lambda site_id: GovernanceSettings.objects.filter(site_id=site_id).order_by("pk")[:1]
)


def settings_for(actor: Actor) -> GovernanceSettings:
    actor.require(VIEW)
    return _settings_or_defaults(_SETTINGS(site_id=actor.site_id), actor.site_id)


def _settings_or_defaults(found: list[GovernanceSettings], site_id: int) -> GovernanceSettings:
    return found[0] if found else GovernanceSettings(site_id=site_id)


# Who sees what --------------------------------------------------------------------------------


def role_scopes(actor: Actor) -> frozenset[str]:
    """What the actor's role sees site-wide (PCG and CLT members, per the site's setting)."""
    if actor.can(ALL):
        return rules.SCOPE_KEYS
    if not actor.can(VIEW):
        return frozenset()
    setting = (
        GovernanceSettings.objects.filter(site_id=actor.site_id)
        .values_list("role_scopes", flat=True)
        .first()
    )
    return rules.scopes_for(actor.role.value, setting)


def my_seats(actor: Actor) -> QuerySet[Seat]:
    """The actor's own active seats at the site (today, in the site's time zone)."""
    return _seats_of(actor.site_id, actor.user_id, site_today(actor))


def _seats_of(site_id: int, user_id: int, on: date) -> QuerySet[Seat]:
    return active_seats(on=on, site_id=site_id).filter(user_id=user_id)


# The home card's two queries, kept compiled (core.compiled, ADR 15): every member's home page
# reads them.
_MY_SEATS: Compiled[Seat] = Compiled(
    lambda site_id, user_id, on: (
        _seats_of(site_id, user_id, on).select_related("body").order_by("pk")
    )
)
_AWAITING_MY_POSITION: Compiled[str] = Compiled(
    lambda site_id, user_id, on: (
        Proposal.objects.filter(
            site_id=site_id,
            status=Proposal.Status.OPEN,
            # Only bodies where the actor holds an authorised seat (not staff's) may take one, and
            # each is among the bodies they see (their seats'). actions._authorised_seat refuses
            # the others, each with its reason.
            body_id__in=_seats_of(site_id, user_id, on)
            .filter(authorised=True)
            .exclude(kind=Seat.Kind.STAFF)
            .values("body_id"),
        )
        .exclude(
            pk__in=Position.objects.filter(site_id=site_id, seat__user_id=user_id).values(
                "proposal_id"
            )
        )
        .order_by("pk")
        .values_list("title", flat=True)
    )
)


def my_seats_with_bodies(actor: Actor) -> list[Seat]:
    """``my_seats`` with each seat's body: one kept query."""
    return _MY_SEATS(site_id=actor.site_id, user_id=actor.user_id, on=site_today(actor))


def my_seats_and_waiting_steps(actor: Actor) -> Steps[tuple[list[Seat], list[str]]]:
    """``my_seats_with_bodies`` and ``awaiting_my_position`` as steps (core.compiled): their
    two kept queries beside others."""
    actor.require("governance.position")
    today = site_today(actor)
    seats, waiting = yield (
        _MY_SEATS.bind(site_id=actor.site_id, user_id=actor.user_id, on=today),
        _AWAITING_MY_POSITION.bind(site_id=actor.site_id, user_id=actor.user_id, on=today),
    )
    return seats, waiting


def awaiting_my_position(actor: Actor) -> list[str]:
    """The titles of the open proposals that wait for the actor's position, oldest first: those
    of the bodies where they hold an authorised seat that is not staff's, which they have not
    answered. One kept query."""
    actor.require("governance.position")
    return _AWAITING_MY_POSITION(site_id=actor.site_id, user_id=actor.user_id, on=site_today(actor))


def visible_bodies_q(actor: Actor, prefix: str = "") -> Q:
    """A filter for the bodies the actor sees: every one with ``governance.all``; otherwise
    the bodies they hold an active seat on, and the kinds their role sees site-wide. ``prefix``
    reaches the body from a related record ("body__", "meeting__body__")."""
    actor.require(MEMBER)
    if actor.can(ALL):
        return Q()
    q = Q(**{f"{prefix}pk__in": my_seats(actor).values("body_id")})
    kinds = role_scopes(actor) & BODY_KINDS
    if kinds:
        q |= Q(**{f"{prefix}kind__in": sorted(kinds)})
    return q


def sees(actor: Actor, scope: str) -> bool:
    """Whether the actor sees a scope site-wide: ``governance.all``, their role's setting, or,
    for the PCG's own records (its budget, its procurements, its policy and MOU drafts), an
    active seat on the PCG."""
    if not actor.can(MEMBER):
        return False
    if scope in role_scopes(actor):
        return True
    return scope in {"pcg", "budget", "procurement"} and (
        my_seats(actor).filter(body__kind=Body.Kind.PCG).exists()
    )


# Bodies -------------------------------------------------------------------------------------


def bodies_for(actor: Actor) -> QuerySet[Body]:
    """The bodies the actor sees (``visible_bodies_q``), with their active member counts."""
    today = site_today(actor)
    visible = visible_bodies_q(actor)
    active = Q(seats__start_on__lte=today) & (
        Q(seats__end_on__isnull=True) | Q(seats__end_on__gte=today)
    )
    return (
        Body.objects.filter(visible, site_id=actor.site_id)
        .select_related("parent")
        .annotate(member_count=Count("seats", filter=active, distinct=True))
    )


def body_for(actor: Actor, body_id: int) -> Body:
    body = bodies_for(actor).filter(pk=body_id).first()
    if body is None:
        raise NotFound()
    return body


def owg_bodies_for(actor: Actor) -> QuerySet[Body]:
    """The site's OWG bodies that have not been dissolved, for linking an OWG meeting."""
    actor.require(VIEW)
    return _standing_owg(actor.site_id).filter(visible_bodies_q(actor))


def _standing_owg(site_id: int) -> QuerySet[Body]:
    """A site's OWG bodies that have not been dissolved, by name."""
    return Body.objects.filter(
        site_id=site_id, kind=Body.Kind.OWG, dissolved_on__isnull=True
    ).order_by("name")


# The OWG bodies a meeting page offers, as (id, name), for a reader who sees every body
# (``governance.all``: the PM who runs the meeting), and a body's name by its id; kept compiled
# (core.compiled, ADR 15) so that the meeting page reads them beside its own queries.
_OWG_BODY_CHOICES: Compiled[tuple[int, str]] = Compiled(
    lambda site_id: _standing_owg(site_id).values_list("pk", "name")
)
_BODY_NAME: Compiled[str] = Compiled(
    lambda site_id, body_id: Body.objects.filter(site_id=site_id, pk=body_id).values_list(
        "name", flat=True
    )
)


def owg_body_choices_steps(actor: Actor) -> Steps[list[tuple[int, str]]]:
    """``owg_bodies_for`` as (id, name), as steps (core.compiled): one kept query for a reader
    who sees every body; otherwise read at once, the plain way (its filter reads the reader's
    seats and their role's setting)."""
    actor.require(VIEW)
    if not actor.can(ALL):
        return list(owg_bodies_for(actor).values_list("pk", "name"))
    (found,) = yield [_OWG_BODY_CHOICES.bind(site_id=actor.site_id)]
    return found


def body_name_steps(site_id: int, body_id: int | None) -> Steps[str | None]:
    """``body_names`` of one body (or of none), as steps: its name, or None."""
    if body_id is None:
        return None
    (found,) = yield [_BODY_NAME.bind(site_id=site_id, body_id=body_id)]
    return found[0] if found else None


def owg_body_for(actor: Actor, body_id: int) -> Body:
    """One standing OWG body at the actor's site, or the same 404 as a missing one."""
    body = owg_bodies_for(actor).filter(pk=body_id).first()
    if body is None:
        raise NotFound()
    return body


def body_names(site_id: int, ids: list[int]) -> dict[int, str]:
    """Bodies' names by id at one site (names only: no charter, no seats). One query."""
    if not ids:
        return {}
    return dict(Body.objects.filter(site_id=site_id, pk__in=ids).values_list("pk", "name"))


def seats_for(actor: Actor, body: Body) -> QuerySet[Seat]:
    """The seats of a body the actor sees (get it from ``body_for``)."""
    actor.require(MEMBER)
    return (
        Seat.objects.filter(site_id=actor.site_id, body=body)
        .select_related("agency", "user", "appointed_by__proposal")
        .order_by("end_on", "agency__name", "name")
    )


@dataclass
class Balance:
    present: list[tuple[str, str, int]]
    missing: list[tuple[str, str]]
    most_affected: bool


def clt_balance(actor: Actor, body: Body) -> Balance:
    """Which CLT sectors are represented by active members, which are missing, and whether the
    communities most affected by street-level enforcement are represented."""
    return _balance_of(list(active_seats([body.pk], on=site_today(actor), site_id=actor.site_id)))


def _balance_of(seats: list[Seat]) -> Balance:
    """``clt_balance`` of the CLT's active ``seats``."""
    counts: dict[str, int] = {}
    for s in seats:
        if s.sector:
            counts[s.sector] = counts.get(s.sector, 0) + 1
    missing = rules.missing_sectors(counts)
    return Balance(
        present=[
            (k, rules.SECTOR_LABELS[k], counts[k]) for k, _ in rules.CLT_SECTORS if k in counts
        ],
        missing=[(k, rules.SECTOR_LABELS[k]) for k in missing],
        most_affected=any(s.most_affected for s in seats),
    )


# Health -------------------------------------------------------------------------------------


# The PM's home page checks these on every visit: kept compiled (ADR 15).
_OPEN_BODIES: Compiled[Body] = Compiled(
    lambda site_id: Body.objects.filter(site_id=site_id, dissolved_on__isnull=True)
)
_SEATS_WITH_AGENCIES: Compiled[Seat] = Compiled(
    lambda site_id, on: active_seats(on=on, site_id=site_id).select_related("agency")
)
_PM_ORGS: Compiled[Agency] = Compiled(
    lambda site_id: Agency.objects.filter(site_id=site_id, kind=Agency.Kind.PROJECT_MANAGEMENT)
)
_LAST_CHECKIN: Compiled[CommunityCheckin] = Compiled(
    lambda site_id: CommunityCheckin.objects.filter(site_id=site_id).order_by("-held_on")[:1]
)


def health_for(actor: Actor) -> list[rules.Warning]:
    """The core-principle checks for the site, as warnings for the PM."""
    return run_steps(health_for_steps(actor))


def health_for_steps(actor: Actor) -> Steps[list[rules.Warning]]:
    """``health_for`` as steps (core.compiled): its five queries beside others."""
    actor.require("governance.manage")
    actor.require(VIEW)  # the settings' permission (``settings_for``)
    today = site_today(actor)
    site_id = actor.site_id
    found, bodies, seats, pm_orgs, checkins = yield (
        _SETTINGS.bind(site_id=site_id),
        _OPEN_BODIES.bind(site_id=site_id),
        _SEATS_WITH_AGENCIES.bind(site_id=site_id, on=today),
        _PM_ORGS.bind(site_id=site_id),
        _LAST_CHECKIN.bind(site_id=site_id),
    )
    conf = _settings_or_defaults(found, site_id)
    pcg = next((b for b in bodies if b.kind == Body.Kind.PCG), None)
    clt = next((b for b in bodies if b.kind == Body.Kind.CLT), None)
    pcg_seats = [s for s in seats if pcg and s.body_id == pcg.pk]
    clt_seats = [s for s in seats if clt and s.body_id == clt.pk]
    clt_convened = bool(clt_seats)
    clt_agencies = {s.agency_id for s in clt_seats}
    clt_users = {s.user_id for s in clt_seats if s.user_id}
    represented = any(
        s.kind == Seat.Kind.COMMUNITY and (s.agency_id in clt_agencies or s.user_id in clt_users)
        for s in pcg_seats
    )
    last = next(iter(checkins), None)
    balance = _balance_of(clt_seats) if clt else None
    facts = rules.HealthFacts(
        today=today,
        pcg_formed_on=pcg.formed_on if pcg else None,
        launch_on=conf.launch_on,
        clt_convened=clt_convened,
        clt_represented_on_pcg=represented,
        pcg_seats_not_senior_or_authorised=tuple(
            s.name
            for s in pcg_seats
            if s.kind == Seat.Kind.AGENCY and not (s.senior and s.authorised)
        ),
        pm_org_independent=all(a.independent for a in pm_orgs),
        pcg_oversees_pm=conf.pcg_oversees_pm,
        pm_subcommittee=any(b.kind == Body.Kind.COMMITTEE and b.oversees_pm for b in bodies),
        last_checkin=last.held_on if last else None,
        checkin_interval_days=conf.checkin_interval_days,
        clt_missing_sectors=tuple(k for k, _ in balance.missing) if balance else (),
        clt_most_affected_represented=balance.most_affected if balance else True,
    )
    return rules.governance_warnings(facts)


# Meetings -----------------------------------------------------------------------------------


def meetings_for(actor: Actor, body: Body) -> QuerySet[Meeting]:
    """The meetings of a body the actor sees (get it from ``body_for``)."""
    actor.require(MEMBER)
    return Meeting.objects.filter(site_id=actor.site_id, body=body).annotate(
        present=Count("attendance", distinct=True)
    )


def meeting_for(actor: Actor, meeting_id: int) -> Meeting:
    """One meeting of a body the actor sees; another body's answers 404 like a missing one."""
    meeting = (
        Meeting.objects.filter(
            visible_bodies_q(actor, "body__"), site_id=actor.site_id, pk=meeting_id
        )
        .select_related("body")
        .prefetch_related(
            "agenda__proposal",
            Prefetch("attendance__seat"),
            Prefetch("action_items", queryset=ActionItem.objects.select_related("owner_agency")),
        )
        .first()
    )
    if meeting is None:
        raise NotFound()
    return meeting


def meeting_quorum(meeting: Meeting) -> bool:
    present = {a.seat.agency_id for a in meeting.attendance.all()}
    return rules.has_quorum(
        present, member_agencies(meeting.body, meeting.held_on), meeting.body.quorum_percent
    )


def carried_forward(actor: Actor, meeting: Meeting) -> QuerySet[ActionItem]:
    """Open action items from the body's earlier meetings: they carry forward."""
    actor.require(MEMBER)
    return ActionItem.objects.filter(
        site_id=actor.site_id,
        meeting__body=meeting.body,
        meeting__held_on__lt=meeting.held_on,
        status=ActionItem.Status.OPEN,
    ).select_related("owner_agency", "meeting")


def pending_for_agenda(actor: Actor, meeting: Meeting) -> list[tuple[str, str, Proposal | None]]:
    """What the PM should put on the body's next agenda: proposals awaiting decision (by topic),
    escalated OWG issues, and overdue action items."""
    actor.require("governance.manage")
    out: list[tuple[str, str, Proposal | None]] = []
    proposals = Proposal.objects.filter(
        site_id=actor.site_id,
        body=meeting.body,
        status__in=[Proposal.Status.OPEN, Proposal.Status.DRAFT],
    ).select_related("escalated_from__body")
    for p in proposals.order_by("topic", "created_at"):
        if p.escalated_from is not None:
            out.append((f"Escalated from {p.escalated_from.body}: {p.title}", p.topic, p))
        else:
            out.append((f"Decision: {p.title} (v{p.version})", p.topic, p))
    overdue = ActionItem.objects.filter(
        site_id=actor.site_id,
        meeting__body=meeting.body,
        status=ActionItem.Status.OPEN,
        due_on__lt=meeting.held_on,
    ).select_related("owner_agency")
    for item in overdue:
        out.append((f"Overdue: {item.title} ({item.owner_agency})", "other", None))
    return out


# Proposals and decisions --------------------------------------------------------------------


def proposals_for(actor: Actor) -> QuerySet[Proposal]:
    """Proposals (with their positions) to the bodies the actor sees."""
    return Proposal.objects.filter(
        visible_bodies_q(actor, "body__"), site_id=actor.site_id
    ).select_related("body")


def proposal_for(actor: Actor, proposal_id: int) -> Proposal:
    proposal = (
        proposals_for(actor)
        .filter(pk=proposal_id)
        .select_related("revises", "escalated_from", "decision")
        .prefetch_related("positions__agency", "positions__seat")
        .first()
    )
    if proposal is None:
        raise NotFound()
    return proposal


def decisions_for(actor: Actor) -> QuerySet[Decision]:
    """Decisions of the bodies the actor sees."""
    return Decision.objects.filter(
        visible_bodies_q(actor, "body__"), site_id=actor.site_id
    ).select_related("body", "proposal")


def issues_for(actor: Actor, body: Body) -> QuerySet[Issue]:
    """An OWG's administrative issues (get the body from ``body_for``)."""
    actor.require(MEMBER)
    return Issue.objects.filter(site_id=actor.site_id, body=body).prefetch_related("proposals")


# Public view: policies and MOU ---------------------------------------------------------------


def policies_for(actor: Actor) -> list[tuple[Policy, PolicyVersion | None, list[PolicyVersion]]]:
    """Each policy with the version in force (the latest adopted) and its drafts. Every site
    member may read adopted policies; drafts only those who see the PCG's business."""
    actor.require("governance.public")
    policies = Policy.objects.filter(site_id=actor.site_id).prefetch_related(
        Prefetch(
            "versions",
            queryset=PolicyVersion.objects.select_related("adopted_by").order_by("-number"),
        )
    )
    show_drafts = sees(actor, "pcg")
    out = []
    for policy in policies:
        versions = list(policy.versions.all())
        in_force = next((v for v in versions if v.adopted_by_id), None)
        drafts = [v for v in versions if not v.adopted_by_id] if show_drafts else []
        if in_force or drafts:
            out.append((policy, in_force, drafts))
    return out


def policy_for(actor: Actor, policy_id: int) -> Policy:
    actor.require("governance.public")
    policy = Policy.objects.filter(site_id=actor.site_id, pk=policy_id).first()
    if policy is None:
        raise NotFound()
    return policy


@dataclass
class MouStatus:
    version: MouVersion
    signed: list[tuple[str, date, str]]
    unsigned: list[str]


def mou_status(actor: Actor) -> list[MouStatus]:
    """MOU versions (adopted ones for everyone; drafts for those who see the PCG's business),
    who signed and who has not yet."""
    actor.require("governance.public")
    qs = (
        MouVersion.objects.filter(site_id=actor.site_id)
        .select_related("adopted_by")
        .prefetch_related("parties", "signatures__agency")
    )
    if not sees(actor, "pcg"):
        qs = qs.filter(adopted_by__isnull=False)
    out = []
    for version in qs:
        sigs = {s.agency_id: s for s in version.signatures.all()}
        parties = {p.pk: p.name for p in version.parties.all()}
        out.append(
            MouStatus(
                version=version,
                signed=[(s.agency.name, s.signed_on, s.signed_by) for s in sigs.values()],
                unsigned=[parties[p] for p in rules.unsigned(sorted(parties), sigs)],
            )
        )
    return out


def mou_version_for(actor: Actor, version_id: int) -> MouVersion:
    actor.require(ALL)
    version = MouVersion.objects.filter(site_id=actor.site_id, pk=version_id).first()
    if version is None:
        raise NotFound()
    return version


# Budget -------------------------------------------------------------------------------------


def budgets_for(actor: Actor) -> QuerySet[Budget]:
    """The site's budgets, for those who see them (the PCG approves the budget)."""
    if not sees(actor, "budget"):
        raise NotFound()
    return Budget.objects.filter(site_id=actor.site_id).select_related("approved_by")


def budget_for(actor: Actor, budget_id: int) -> Budget:
    """One budget, its lines prefetched. A line linked to casework pools gets its actual from
    the pools' ledger spend (``line.spent``: whole dollars; ``line.pools``: the pools), read in
    one query for the whole budget; any other line keeps its recorded actual."""
    budget = budgets_for(actor).filter(pk=budget_id).prefetch_related("lines").first()
    if budget is None:
        raise NotFound()
    lines = list(budget.lines.all())
    linked = sorted({pk for line in lines for pk in line.pool_ids})
    spend = flex_pools(actor.site_id, linked) if linked else {}
    for line in lines:
        line.pools = [spend[pk] for pk in line.pool_ids if pk in spend]  # type: ignore[attr-defined]
        line.spent = (  # type: ignore[attr-defined]
            rules.whole_dollars(sum(p.spent for p in line.pools))  # type: ignore[attr-defined]
            if line.pool_ids
            else line.actual
        )
    return budget


def pool_choices(actor: Actor) -> list[PoolSpend]:
    """The site's flex-fund pools a flex-funds line may link (for the PM). One query."""
    actor.require("governance.manage")
    return list(flex_pools(actor.site_id).values())


def budget_vs_actual(
    budget: Budget,
) -> tuple[dict[str, tuple[int, int]], dict[str, tuple[int, int]]]:
    """Planned and actual per category and per source (of a budget from ``budget_for``)."""
    return rules.budget_totals(
        (line.category, line.source, line.planned, line.spent)  # type: ignore[attr-defined]
        for line in budget.lines.all()
    )


# Check-ins ----------------------------------------------------------------------------------


def checkins_for(actor: Actor) -> QuerySet[CommunityCheckin]:
    actor.require("governance.manage")
    return CommunityCheckin.objects.filter(site_id=actor.site_id)


def checkin_for(actor: Actor, checkin_id: int) -> CommunityCheckin:
    checkin = checkins_for(actor).filter(pk=checkin_id).first()
    if checkin is None:
        raise NotFound()
    return checkin


def procurements_for(actor: Actor) -> QuerySet[Procurement]:
    """The site's procurements, for those who see them (the PCG or its committee runs them)."""
    if not sees(actor, "procurement"):
        raise NotFound()
    return Procurement.objects.filter(site_id=actor.site_id).select_related(
        "committee", "awardee", "award_decision"
    )


def decision_counts(actor: Actor, *, since: date | None = None) -> list[tuple[str, int]]:
    """Decisions per body (``(body name, count)``, most first), optionally from ``since``, for
    the PM's dashboard and the PCG report. One grouped query."""
    actor.require(VIEW)
    qs = Decision.objects.filter(visible_bodies_q(actor, "body__"), site_id=actor.site_id)
    if since is not None:
        qs = qs.filter(decided_on__gte=since)
    rows = qs.values("body__name").annotate(n=Count("id")).order_by("-n", "body__name")
    return [(r["body__name"], r["n"]) for r in rows]


def open_action_counts(actor: Actor, *, due_before: date | None = None) -> tuple[int, int]:
    """Open action items at the site and how many of them are past due on ``due_before``:
    ``(open, overdue)``, for the PCG report. One aggregate query."""
    actor.require(VIEW)
    overdue = Q(due_on__lt=due_before) if due_before is not None else Q(pk__in=[])
    counts = ActionItem.objects.filter(
        site_id=actor.site_id, status=ActionItem.Status.OPEN
    ).aggregate(n=Count("id"), late=Count("id", filter=overdue))
    return counts["n"], counts["late"]
