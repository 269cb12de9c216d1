"""Where a meeting's roster comes from: every area that has a ``roster`` module.

The contract (docs/conferencing.md): ``goldenthread.<area>.roster`` defines

    def items(actor: Actor, meeting: ConferenceMeeting, since: datetime | None)
        -> list[RosterCandidate]

``actor`` is the PM building the roster, ``meeting`` the meeting (its ``site_id``, ``region``,
``scheduled_for``), ``since`` when the previous meeting of the same OWG was held (None for the
first). Each area's function must run a fixed number of queries, never one per participant.

An area that knows where participants belong may also define

    def regions(site_id: int, participant_ids: Collection[int]) -> dict[int, str]

(one query): each participant's region, where it records one. A regional OWG's roster keeps
only the items about its own region's participants (``rules.same_region``).
Areas are found the way the shell finds nav and home modules (``web.nav``), so no area imports
another: conferencing never imports casework, and casework needs nothing from here but this
dataclass.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

from goldenthread.web.nav import AREAS

if TYPE_CHECKING:
    from goldenthread.access.actor import Actor


@dataclass(frozen=True)
class RosterCandidate:
    """One thing a source proposes for the roster.

    ``kind``: what it is ("referral", "intake", "legal_event", "no_contact", "situation", …).
    ``participant_id``: the participant it is about, or None.
    ``title`` / ``detail``: what the roster shows; write only what every role in
    ``visible_to_roles`` may read.
    ``source``: the area and rule that proposed it ("casework.no_contact").
    ``visible_to_roles``: role values that see it (the PM always does; see
    ``rules.item_visible``).
    ``key``: stable identity, so a rebuilt roster does not repeat it ("casework:nc:42").
    ``tags``: "legal", "disclosures" (the prosecutor sees these), "part2" (42 CFR Part 2
    information: the page carries the §2.32 notice).
    ``police_agency_ids``: when the item lists police roles, the police agencies whose
    officers see it (the agency that referred the person). Empty: no agency restriction, so
    a source lists police roles only together with the agencies.
    """

    kind: str
    participant_id: int | None
    title: str
    detail: str
    source: str
    visible_to_roles: frozenset[str]
    key: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)
    situation_id: int | None = None
    carried_from_id: int | None = None
    time_box_minutes: int = 5
    police_agency_ids: frozenset[int] = field(default_factory=frozenset)


ItemsFn = Callable[..., Sequence[RosterCandidate]]


def _optional(area: str, module: str) -> ModuleType | None:
    try:
        return import_module(f"goldenthread.{area}.{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"goldenthread.{area}.{module}":
            raise
        return None


def _functions(name: str) -> list[tuple[str, Any]]:
    """Each area's ``roster.<name>`` function, in the shell's area order."""
    found: list[tuple[str, Any]] = []
    for area in AREAS:
        fn = getattr(_optional(area, "roster"), name, None)
        if fn is not None:
            found.append((area, fn))
    return found


def roster_sources() -> list[tuple[str, ItemsFn]]:
    """Each area's ``roster.items``, in the shell's area order."""
    return _functions("items")


RegionsFn = Callable[[int, Collection[int]], dict[int, str]]


def region_sources() -> list[tuple[str, RegionsFn]]:
    """Each area's ``roster.regions``, in the shell's area order."""
    return _functions("regions")


def regions_of(site_id: int, participant_ids: Collection[int]) -> dict[int, str]:
    """Each participant's region, as the first area that records one says (one query per
    area that has a ``regions`` function)."""
    out: dict[int, str] = {}
    wanted = set(participant_ids)
    for _area, fn in region_sources():
        if not wanted:
            break
        for pk, region in fn(site_id, wanted).items():
            if region.strip() and pk in wanted:
                out[pk] = region
                wanted.discard(pk)
    return out


def candidates_for(actor: Actor, meeting: Any, since: datetime | None) -> list[RosterCandidate]:
    """Every source's candidates, first one per key."""
    seen: set[str] = set()
    out: list[RosterCandidate] = []
    for _area, fn in roster_sources():
        for candidate in fn(actor, meeting, since):
            if candidate.key and candidate.key in seen:
                continue
            seen.add(candidate.key)
            out.append(candidate)
    return out
