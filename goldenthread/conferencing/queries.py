"""Reads of OWG case conferencing, always restricted to the actor's site and to what the
actor's role may see: one meeting, one roster, role-filtered (``rules.item_visible``)."""

from __future__ import annotations

import functools
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, TextField, prefetch_related_objects
from django.db.models.functions import Cast

from goldenthread.access.actor import Actor, NotFound
from goldenthread.access.policy import Category, permissions_for
from goldenthread.access.scopes import participants_q
from goldenthread.audit.actions import access_record_keys
from goldenthread.conferencing import rules
from goldenthread.conferencing.models import (
    ActionItem,
    ConferenceMeeting,
    DiscussionNote,
    MinutesAmendment,
    PartnerDecision,
    RosterItem,
    Situation,
    SituationUpdate,
)
from goldenthread.core.compiled import Call, Compiled, Steps, ask, gather, run_steps, together
from goldenthread.core.models import Agency, Participant
from goldenthread.core.roles import Role
from goldenthread.disclosures import queries as disclosure_queries
from goldenthread.disclosures import rules as disclosure_rules
from goldenthread.governance import queries as governance_queries


def previous_meeting_time(meeting: ConferenceMeeting) -> datetime | None:
    """When the same OWG (same region) last met before this meeting."""
    earlier = (
        ConferenceMeeting.objects.filter(
            site_id=meeting.site_id,
            region=meeting.region,
            scheduled_for__lt=meeting.scheduled_for,
        )
        .order_by("-scheduled_for")
        .values_list("scheduled_for", flat=True)
        .first()
    )
    return earlier


def _meetings_at(site_id: int) -> QuerySet[ConferenceMeeting]:
    return ConferenceMeeting.objects.filter(site_id=site_id).annotate(
        item_count=Count("items", filter=~Q(items__status=rules.REMOVED))
    )


def meetings_for(actor: Actor) -> QuerySet[ConferenceMeeting]:
    actor.require("conferencing.view")
    return _meetings_at(actor.site_id)


# The meeting page's meeting, kept compiled (ADR 15); its attendance and amendments are read
# after it, as prefetch_related reads them.
_MEETING: Compiled[ConferenceMeeting] = Compiled(
    lambda site_id, meeting_id: _meetings_at(site_id).filter(pk=meeting_id)[:1]
)


def meeting_for(actor: Actor, meeting_id: int) -> ConferenceMeeting:
    actor.require("conferencing.view")
    found = _MEETING(site_id=actor.site_id, meeting_id=meeting_id)
    if not found:
        raise NotFound()
    prefetch_related_objects(found, "attending", "amendments")
    return found[0]


def governance_body_name(meeting: ConferenceMeeting) -> str | None:
    """The name of the governance OWG body the meeting belongs to, if linked. Names only, so
    every partner at the table may read it without governance's view permission."""
    if meeting.governance_body_id is None:
        return None
    names = governance_queries.body_names(meeting.site_id, [meeting.governance_body_id])
    return names.get(meeting.governance_body_id)


def owg_bodies(actor: Actor) -> list[Any]:
    """The OWG bodies the PM may link a meeting to (governance's standing OWG bodies)."""
    return list(governance_queries.owg_bodies_for(actor))


def today_for(actor: Actor) -> date:
    """Today in the site's own calendar (its time zone), not the server's."""
    return actor.site.today()


def _visible(actor: Actor, item: RosterItem) -> bool:
    owner = item.participant.case_manager_id if item.participant is not None else None
    return _visible_to(
        _Viewer.of(actor),
        item.kind,
        item.visible_to_roles,
        item.tags,
        owner,
        item.police_agency_ids,
    )


@dataclass(frozen=True)
class _Viewer:
    """What ``rules.item_visible`` asks of the actor, read once for a whole roster rather than
    for each item (the role is made from the membership's text each time it is read)."""

    role: Role
    user_id: int
    sees_health: bool
    agency_id: int

    @classmethod
    def of(cls, actor: Actor) -> _Viewer:
        return cls(actor.role, actor.user_id, actor.sees(Category.HEALTH), actor.agency_id)


def _visible_to(
    viewer: _Viewer,
    kind: str,
    visible_to_roles: Collection[str],
    tags: Collection[str],
    owner: int | None,
    police_agency_ids: Collection[int],
) -> bool:
    return rules.item_visible(
        role=viewer.role,
        kind=kind,
        visible_to_roles=visible_to_roles,
        tags=tags,
        is_own=owner is not None and owner == viewer.user_id,
        sees_health=viewer.sees_health,
        agency_id=viewer.agency_id,
        police_agency_ids=police_agency_ids,
    )


def _withdrawn_disclosures(actor: Actor, keys: dict[int, str]) -> set[int]:
    """The OWG-disclosure items (of ``keys``: item id to key) whose consent has since been
    revoked or has expired: the consent check (``disclosures.queries``) runs on every read, not
    only when the roster was built, so the role filter never shows what the consent no longer
    covers. One query."""
    named = {
        pk: did for pk, key in keys.items() if (did := disclosure_rules.owg_disclosure_of_key(key))
    }
    if not named:
        return set()
    live = disclosure_queries.live_owg_disclosure_ids(
        site_id=actor.site_id, ids=named.values(), today=today_for(actor)
    )
    return {pk for pk, did in named.items() if did not in live}


@dataclass(frozen=True)
class Entry:
    """One item of a roster's index: an item the actor may see, in the roster's order, read as
    a plain row (no model instance), so a long roster's index costs little."""

    pk: int
    status: str


@functools.lru_cache(maxsize=4096)
def _listed(text: str | None) -> tuple[Any, ...]:
    """One of a roster item's list columns (roles, tags, police agencies) from its JSON text,
    decoded once per process for each text. A roster's items share a handful of values (four
    in the bench site's 351 items), and the index reads three of them for every item: through
    the field, 666 ``json.loads`` a view of a 222-item roster. A tuple, so that no reader can
    change what the next one is given."""
    return tuple(json.loads(text)) if text else ()


# A roster's index rows (``roster_index``), kept compiled (ADR 15): the list columns as their
# JSON text, decoded by _listed.
_INDEX: Compiled[tuple[int, str, int | None, str, str, str, str, str]] = Compiled(
    lambda site_id, meeting_id: (
        RosterItem.objects.filter(site_id=site_id, meeting_id=meeting_id)
        .order_by("order", "id")
        .annotate(
            roles_text=Cast("visible_to_roles", TextField()),
            tags_text=Cast("tags", TextField()),
            agencies_text=Cast("police_agency_ids", TextField()),
        )
        .values_list(
            "pk",
            "status",
            "participant__case_manager_id",
            "kind",
            "roles_text",
            "tags_text",
            "agencies_text",
            "key",
        )
    )
)


def roster_index(actor: Actor, meeting: ConferenceMeeting) -> list[Entry]:
    """Every item of the meeting's roster this actor may see (its id and status), in order,
    without what was said on them: two queries (the items' rows and, when the roster names OWG
    disclosures, their consents). The pages and meeting mode read their counts and neighbours
    here, then load the whole of only the items they show (``roster_for_meeting``)."""
    return _entries(actor, _INDEX(site_id=actor.site_id, meeting_id=meeting.pk))


def _entries(
    actor: Actor, loaded: list[tuple[int, str, int | None, str, str, str, str, str]]
) -> list[Entry]:
    """The index rows (``_INDEX``) this actor may see, as entries: the OWG disclosures whose
    consent no longer covers them are left out (one query, only when the roster names any)."""
    withdrawn = _withdrawn_disclosures(actor, {r[0]: r[7] for r in loaded if r[7]})
    viewer = _Viewer.of(actor)
    return [
        Entry(pk=pk, status=status)
        for pk, status, owner, kind, roles, tags, agencies, _key in loaded
        if pk not in withdrawn
        and _visible_to(viewer, kind, _listed(roles), _listed(tags), owner, _listed(agencies))
    ]


@dataclass
class Roster:
    """What one actor sees of a meeting: ``entries``, every item the actor may see (the
    index), and ``items``, the whole of those shown (all of them, or one page, or meeting
    mode's current item), each with the notes, decisions and action items recorded on it; and
    whether Part 2 information appears among them (then the §2.32 notice goes with it)."""

    meeting: ConferenceMeeting
    items: list[RosterItem] = field(default_factory=list)
    part2: bool = False
    entries: list[Entry] = field(default_factory=list)

    @property
    def notice(self) -> str | None:
        return rules.PART2_NOTICE if self.part2 else None

    @property
    def active(self) -> list[RosterItem]:
        """The items shown that are still on the agenda: every status but removed."""
        return [i for i in self.items if rules.on_agenda(i.status)]


# A meeting's roster a page at a time (the meeting page, the API's items): built from its
# sources, the roster of a site of 1,500 to 2,000 participants holds about 200 items. Counts and
# the order come from the whole index; only the page's items are read whole and written to the
# access log.
ROSTER_PAGE = 50


def roster_page(
    actor: Actor, meeting: ConferenceMeeting, number: Any, *, path: str = ""
) -> tuple[Page[Entry], Roster]:
    """The page ``number`` of the roster the actor sees (Django's ``get_page``: a malformed
    number gives the first page, one past the end the last), and that page's items read whole."""
    entries = roster_index(actor, meeting)
    page = Paginator(entries, ROSTER_PAGE).get_page(number)
    roster = roster_for_meeting(
        actor, meeting, path=path, entries=entries, shown={e.pk for e in page}
    )
    return page, roster


# The meeting page's attendance and amendments, kept compiled (ADR 15): what
# ``meeting.attending.all()`` and ``meeting.amendments.all()`` give (in the agencies' and the
# amendments' own order), each amendment with its author's name (``amended_by_name``).
_ATTENDING: Compiled[Agency] = Compiled(
    lambda site_id, meeting_id: Agency.objects.filter(
        site_id=site_id,
        pk__in=ConferenceMeeting.attending.through.objects.filter(
            conferencemeeting_id=meeting_id
        ).values("agency_id"),
    )
)
_AMENDMENTS: Compiled[MinutesAmendment] = Compiled(
    lambda site_id, meeting_id: MinutesAmendment.objects.filter(
        site_id=site_id, meeting_id=meeting_id
    ).annotate(amended_by_name=F(f"amended_by__{get_user_model().USERNAME_FIELD}"))
)


@dataclass
class MeetingPage:
    """What the meeting page shows (``meeting_page``): the meeting, the page of its roster and
    the roster with the page's items read whole, who attended, the minutes' amendments, the
    name of its OWG body; and, for the PM who runs it, the OWG bodies it may be linked to, as
    (id, name), and the site's agencies (the attendance boxes)."""

    meeting: ConferenceMeeting
    page: Page[Entry]
    roster: Roster
    attending: list[Agency]
    amendments: list[MinutesAmendment]
    body_name: str | None
    bodies: tuple[tuple[int, str], ...] = ()
    agencies: list[Agency] = field(default_factory=list)


def meeting_page(
    actor: Actor, meeting_id: int, number: Any, *, runs: bool, path: str = ""
) -> MeetingPage:
    """The meeting page's reads (what ``meeting_for``, ``roster_page`` and
    ``governance_body_name`` read, and with ``runs`` the OWG bodies and the site's agencies) in
    two statements (``core.compiled.together``): the meeting, its attendance, amendments and
    roster index with what was said at it (and, with ``runs``, the bodies and agencies); then
    the page's items and the OWG body's name. The reads of what was said are logged as
    ``roster_for_meeting`` logs them. A meeting of another site, or none, is not found."""
    found = run_steps(_meeting_page_steps(actor, meeting_id, number, runs))
    _keep_said(actor, found.roster)
    _log_reads(actor, found.roster, path)
    return found


def _meeting_page_steps(
    actor: Actor, meeting_id: int, number: Any, runs: bool
) -> Steps[MeetingPage]:
    actor.require("conferencing.view")
    site_id = actor.site_id
    at = {"site_id": site_id, "meeting_id": meeting_id}
    first: list[Steps[Any]] = [
        ask(
            _MEETING.bind(**at),
            _ATTENDING.bind(**at),
            _AMENDMENTS.bind(**at),
            _INDEX.bind(**at),
            *_said_calls(actor, meeting_id),
        )
    ]
    if runs:
        first += [
            governance_queries.owg_body_choices_steps(actor),
            ask(_AGENCIES.bind(site_id=site_id)),
        ]
    read, *more = yield from gather(*first)
    meetings, attending, amendments, loaded, notes, decisions, actions = read
    if not meetings:
        raise NotFound()
    meeting = meetings[0]
    entries = _entries(actor, loaded)
    page = Paginator(entries, ROSTER_PAGE).get_page(number)
    wanted = [e.pk for e in page]
    items_asked = [_ROSTER_ITEMS.bind(**at, ids=wanted)] if wanted else []
    items, body_name = yield from gather(
        ask(*items_asked),
        governance_queries.body_name_steps(site_id, meeting.governance_body_id),
    )
    roster = Roster(meeting=meeting, entries=entries)
    roster.items = _attach(items[0] if wanted else [], notes, decisions, actions)
    found = MeetingPage(meeting, page, roster, attending, amendments, body_name)
    if runs:
        found.bodies = tuple(more[0])
        found.agencies = more[1][0]
    return found


# The items of a roster page, in the roster's order (the model's ordering is the index's).
_ROSTER_ITEMS: Compiled[RosterItem] = Compiled(
    lambda site_id, meeting_id, ids: RosterItem.objects.filter(
        site_id=site_id, meeting_id=meeting_id, pk__any_of=ids
    )
)


def roster_for_meeting(
    actor: Actor,
    meeting: ConferenceMeeting,
    *,
    path: str = "",
    log: bool = True,
    entries: list[Entry] | None = None,
    shown: Collection[int] | None = None,
) -> Roster:
    """The meeting's roster as this actor may see it (``entries``: ``roster_index``, read here
    unless given), with the whole of the items ``shown`` (item ids; all of them unless given)
    and only the notes and decisions this actor may read on each (``item.shown_notes``,
    ``item.shown_decisions``), in a fixed number of queries. Reading what was said about
    participants writes their access-log rows, for the items shown only, in one insert (what is
    said at the OWG is LEAD-derived)."""
    if entries is None:
        entries = roster_index(actor, meeting)
    wanted = [e.pk for e in entries if shown is None or e.pk in shown]
    roster = Roster(meeting=meeting, entries=entries)
    # In the roster's order: the model's ordering is the index's. The participant is not read:
    # the index decided what the actor sees, and the access log names participants by id. The
    # items and what was said on them in one statement (core.compiled.together).
    roster.items = _said_on(actor, meeting, wanted)
    _keep_said(actor, roster)
    if log:
        _log_reads(actor, roster, path)
    return roster


def _keep_said(actor: Actor, roster: Roster) -> None:
    """On each item of ``roster.items`` (read with what was said on them, ``_attach``), the notes
    and decisions this actor may read (``shown_notes``, ``shown_decisions``), and whether Part 2
    information appears (``roster.part2``)."""
    consent_roles = _consent_roles(actor, roster.items)
    for item in roster.items:
        covered = consent_roles.get(item.participant_id or 0, frozenset())
        item.shown_notes = [
            n
            for n in item.note_list
            if _said(actor, item, n.author_id, n.author_role, n.author_agency_id, n.part2, covered)
        ]
        item.shown_decisions = [
            d
            for d in item.decision_list
            if _said(actor, item, d.decided_by_id, d.decided_role, d.agency_id, False, covered)
        ]
        if rules.PART2_TAG in item.tags or rules.DISCLOSURES_TAG in item.tags:
            roster.part2 = True
        if any(n.part2 for n in item.shown_notes):
            roster.part2 = True


# What was said and agreed on a meeting's items, read by meeting (a join, not a list of item
# ids, so the SQL is the same however many items are shown) and kept compiled (core.compiled,
# ADR 15). The shape ``health`` leaves out the Part 2 notes for a viewer who may not read them.
_NOTES: Compiled[DiscussionNote] = Compiled(
    lambda health, site_id, meeting_id: DiscussionNote.objects.filter(
        Q() if health else Q(part2=False),
        site_id=site_id,
        item__site_id=site_id,
        item__meeting_id=meeting_id,
    ).select_related("author")
)
_DECISIONS: Compiled[PartnerDecision] = Compiled(
    lambda site_id, meeting_id: PartnerDecision.objects.filter(
        site_id=site_id, item__site_id=site_id, item__meeting_id=meeting_id
    ).select_related("decided_by")
)
_ACTIONS: Compiled[ActionItem] = Compiled(
    lambda site_id, meeting_id: ActionItem.objects.filter(
        site_id=site_id, item__site_id=site_id, item__meeting_id=meeting_id
    ).select_related("owner", "agency")
)


def _said_on(actor: Actor, meeting: ConferenceMeeting, wanted: list[int]) -> list[RosterItem]:
    """The meeting's items ``wanted`` (ids), each with its notes, decisions and action items
    in ``note_list``, ``decision_list`` and ``action_list``, in their own order: four kept
    queries run together whatever the number of items (none when no item is wanted)."""
    if not wanted:
        return []
    site_id, meeting_id = actor.site_id, meeting.pk
    items, notes, decisions, actions = together(
        _ROSTER_ITEMS.bind(site_id=site_id, meeting_id=meeting_id, ids=wanted),
        *_said_calls(actor, meeting_id),
    )
    return _attach(items, notes, decisions, actions)


def _said_calls(actor: Actor, meeting_id: int) -> list[Call[Any]]:
    """The kept queries of what was said and agreed at a meeting, by meeting: its notes (the
    Part 2 ones only for a reader of health information), decisions and action items."""
    site_id = actor.site_id
    return [
        _NOTES.bind(actor.sees(Category.HEALTH), site_id=site_id, meeting_id=meeting_id),
        _DECISIONS.bind(site_id=site_id, meeting_id=meeting_id),
        _ACTIONS.bind(site_id=site_id, meeting_id=meeting_id),
    ]


def _attach(
    items: list[RosterItem],
    notes: list[DiscussionNote],
    decisions: list[PartnerDecision],
    actions: list[ActionItem],
) -> list[RosterItem]:
    """``items``, each with the notes, decisions and action items on it (of a meeting's, in
    their own order) in ``note_list``, ``decision_list`` and ``action_list``."""
    by_pk = {item.pk: item for item in items}
    for item in items:
        item.note_list, item.decision_list, item.action_list = [], [], []
    for note in notes:
        if (on := by_pk.get(note.item_id)) is not None:
            on.note_list.append(note)
    for decision in decisions:
        if (on := by_pk.get(decision.item_id)) is not None:
            on.decision_list.append(decision)
    for action in actions:
        if action.item_id is not None and (on := by_pk.get(action.item_id)) is not None:
            on.action_list.append(action)
    return items


def _speakers(item: RosterItem) -> set[str]:
    return {n.author_role for n in item.note_list} | {d.decided_role for d in item.decision_list}


def _consent_roles(actor: Actor, items: list[RosterItem]) -> dict[int, frozenset[str]]:
    """For a viewer who does not read case notes: the roles each participant's live consents
    to the OWG for case conferencing cover (the OWG as a class also covers the PM who runs
    it). Looked up, in one query, only when case management said something about someone."""
    if actor.sees(Category.CONTACTS_NOTES) or actor.role in rules.POLICE:
        return {}
    ids = {
        i.participant_id
        for i in items
        if i.participant_id
        and any(rules.sphere_of(role) == rules.CLINICAL for role in _speakers(i))
    }
    if not ids:
        return {}
    found = disclosure_queries.owg_consent_recipients(
        site_id=actor.site_id, participant_ids=ids, today=today_for(actor)
    )
    return {
        pk: frozenset().union(
            *(
                disclosure_rules.owg_roles(kind) | ({str(Role.PM)} if kind is None else set())
                for kind in kinds
            )
        )
        for pk, kinds in found.items()
    }


def _said(
    actor: Actor,
    item: RosterItem,
    author_id: int,
    author_role: str,
    author_agency_id: int | None,
    part2: bool,
    consent_roles: frozenset[str],
) -> bool:
    return rules.said_visible(
        viewer_role=actor.role,
        viewer_agency_id=actor.agency_id,
        is_author=author_id == actor.user_id,
        author_role=author_role,
        author_agency_id=author_agency_id,
        about_participant=item.participant_id is not None,
        part2=part2,
        sees_health=actor.sees(Category.HEALTH),
        sees_case_notes=actor.sees(Category.CONTACTS_NOTES),
        sees_legal=actor.sees(Category.LEGAL_CASES),
        consent_roles=consent_roles,
    )


def _log_reads(actor: Actor, roster: Roster, path: str) -> None:
    """One access-log row per participant whose notes, decisions or disclosures this read
    showed, written in one insert."""
    seen: dict[int, set[str]] = {}
    for item in roster.items:
        if item.participant_id is None:
            continue
        cats: set[str] = set()
        if item.shown_notes or item.shown_decisions:
            cats.add(Category.CONTACTS_NOTES)
        if any(n.part2 for n in item.shown_notes):
            cats.add(Category.HEALTH)
        if rules.DISCLOSURES_TAG in item.tags:
            # A disclosure read at the table is LEAD-derived: the Golden Rule gate reads this.
            cats.add(Category.DISCLOSURES)
        if cats:
            seen.setdefault(item.participant_id, set()).update(cats)
    access_record_keys(
        actor=actor,
        reads=[("participant", pk, cats) for pk, cats in seen.items()],
        purpose="OWG case conference",
        path=path,
    )


def item_for(actor: Actor, item_id: int) -> RosterItem:
    """One roster item the actor may see, or the same 404 as a missing one."""
    actor.require("conferencing.view")
    item = (
        RosterItem.objects.filter(site_id=actor.site_id, pk=item_id)
        .select_related("meeting", "participant__person")
        .first()
    )
    if item is None or not _visible(actor, item):
        raise NotFound()
    if _withdrawn_disclosures(actor, {item.pk: item.key}):
        raise NotFound()
    return item


def situations_for(actor: Actor) -> QuerySet[Situation]:
    actor.require("conferencing.view")
    return Situation.objects.filter(site_id=actor.site_id).prefetch_related("partners")


def situation_for(actor: Actor, situation_id: int) -> Situation:
    situation = situations_for(actor).filter(pk=situation_id).first()
    if situation is None:
        raise NotFound()
    return situation


def situation_participants(actor: Actor, situation: Situation) -> list[Participant]:
    """The situation's linked participants that this actor may see: the access scopes still
    apply to the links."""
    return list(situation.participants.filter(participants_q(actor)).select_related("person"))


def situation_history(situation: Situation) -> list[SituationUpdate]:
    return list(situation.updates.select_related("meeting", "author"))


def my_action_items(actor: Actor) -> QuerySet[ActionItem]:
    """Open action items the actor owns at this site: their worklist."""
    actor.require("conferencing.view")
    return ActionItem.objects.filter(
        site_id=actor.site_id, owner_id=actor.user_id, status=ActionItem.Status.OPEN
    ).select_related("meeting", "agency")


# The home page's card: the owner's open action items (description, due date), at most 50,
# kept compiled (core.compiled, ADR 15).
_MY_OPEN_ITEMS: Compiled[tuple[str, date]] = Compiled(
    lambda site_id, owner_id: ActionItem.objects.filter(
        site_id=site_id, owner_id=owner_id, status=ActionItem.Status.OPEN
    ).values_list("description", "due_on")[:50]
)


def my_open_action_items(actor: Actor) -> list[tuple[str, date]]:
    """``my_action_items``' description and due date, the first 50, in the same order."""
    actor.require("conferencing.view")
    return _MY_OPEN_ITEMS(site_id=actor.site_id, owner_id=actor.user_id)


def my_open_action_items_steps(actor: Actor) -> Steps[list[tuple[str, date]]]:
    """``my_open_action_items`` as steps (core.compiled): its kept query beside others."""
    actor.require("conferencing.view")
    (rows,) = yield (_MY_OPEN_ITEMS.bind(site_id=actor.site_id, owner_id=actor.user_id),)
    return rows


def action_item_for(actor: Actor, action_id: int, *, lock: bool = False) -> ActionItem:
    """An action item its owner or the PM may change; anyone else gets the same 404."""
    actor.require("conferencing.view")
    qs = ActionItem.objects.filter(site_id=actor.site_id, pk=action_id)
    if lock:
        qs = qs.select_for_update(no_key=True)
    action = qs.first()
    if action is None or not (action.owner_id == actor.user_id or actor.can("conferencing.run")):
        raise NotFound()
    return action


# Who may own an action item: someone who can see it on their home page and close it.
OWNER_ROLES = frozenset(r.value for r in Role if "conferencing.view" in permissions_for(r))


def owner_choices(actor: Actor) -> list[Any]:
    """Everyone at the site holding an OWG role: the people who may own an action item."""
    return list(
        get_user_model()
        .objects.filter(
            memberships__site_id=actor.site_id,
            memberships__active=True,
            memberships__role__in=OWNER_ROLES,
        )
        .distinct()
        .order_by("username")
    )


def agencies_for(actor: Actor) -> QuerySet[Agency]:
    return _agencies_at(actor.site_id)


def _agencies_at(site_id: int) -> QuerySet[Agency]:
    return Agency.objects.filter(site_id=site_id).order_by("name")


_AGENCIES: Compiled[Agency] = Compiled(_agencies_at)


def participant_choices(actor: Actor) -> list[tuple[int, str]]:
    """(id, name) of the participants the actor may name, for a form's drop-down: one query of
    three columns, not a model object per participant (1,500 at a site)."""
    # The person is filtered by site too, as core.queries.participants_for does: without it
    # PostgreSQL joins every site's persons by a sequential scan at national scale.
    rows = (
        Participant.objects.filter(participants_q(actor), person__site_id=actor.site_id)
        .order_by("person__last_name", "person__first_name", "pk")
        .values_list("pk", "person__first_name", "person__last_name")
    )
    return [(pk, f"{first} {last}") for pk, first, last in rows]
