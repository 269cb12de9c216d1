"""Where a meeting's roster comes from: every area that has a ``roster`` module.

The contract (docs/conferencing.md): ``goldenthread.<area>.roster`` defines

    def items(actor: Actor, meeting: ConferenceMeeting, since: datetime | None)
        -> list[RosterCandidate]

``actor`` is the PM building the roster, ``meeting`` the meeting (its ``site_id``, ``region``,
``scheduled_for``), ``since`` when the previous meeting of the same OWG was held (None for the
first). Each area's function must run a fixed number of queries, never one per participant.
Areas are found the way the shell finds nav and home modules (``web.nav``), so no area imports
another: conferencing never imports casework, and casework needs nothing from here but this
dataclass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


ItemsFn = Callable[..., Sequence[RosterCandidate]]


def _optional(area: str, module: str) -> ModuleType | None:
    try:
        return import_module(f"goldenthread.{area}.{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"goldenthread.{area}.{module}":
            raise
        return None


def roster_sources() -> list[tuple[str, ItemsFn]]:
    """Each area's ``roster.items``, in the shell's area order."""
    found: list[tuple[str, ItemsFn]] = []
    for area in AREAS:
        fn = getattr(_optional(area, "roster"), "items", None)
        if fn is not None:
            found.append((area, fn))
    return found


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
