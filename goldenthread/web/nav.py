"""Navigation and the home page's "what needs me today", gathered from every area.

Each area may have a ``nav.py`` with ``ITEMS`` (NavItem) and a ``home.py`` with
``cards(actor)``, which gives a ``list[Card]`` or is written as steps (``core.compiled.Steps``):
the home page runs every area's cards in lock step, so the kept queries they ask for first go
to the database in one statement (ADR 23). The shell shows an item only when the actor holds
its permission, so each role sees only what it may use.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.urls import reverse

from goldenthread.access.actor import Actor
from goldenthread.access.policy import permissions_for
from goldenthread.core.compiled import Steps, done, gather, run_steps
from goldenthread.core.roles import Role
from goldenthread.web.links import url_of

AREAS = (
    "core",
    "access",
    "referrals",
    "casework",
    "disclosures",
    "legal",
    "legalservices",
    "governance",
    "conferencing",
    "planning",
    "evaluation",
    "audit",
)


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str
    order: int = 100

    @property
    def url(self) -> str:
        return url_of(self.url_name)


@dataclass
class Card:
    """One box on the home page: a title, a few lines, and where to go next."""

    title: str
    lines: list[str] = field(default_factory=list)
    url_name: str | None = None
    count: int | None = None
    urgent: bool = False

    @property
    def url(self) -> str | None:
        return reverse(self.url_name) if self.url_name else None


@cache
def _optional(area: str, module: str) -> object | None:
    """The area's module, or None when it has none (kept per process: a missing module would
    otherwise be searched for on disk again on every request)."""
    try:
        return import_module(f"goldenthread.{area}.{module}")
    except ModuleNotFoundError as exc:
        if exc.name != f"goldenthread.{area}.{module}":
            raise
        return None


def nav_for(actor: Actor) -> list[NavItem]:
    return list(nav_items(actor.role))


@cache
def nav_items(role: Role) -> tuple[NavItem, ...]:
    """The items a role may use: fixed for the process (the items and the role's permissions
    are code, not data)."""
    items: list[NavItem] = []
    for area in AREAS:
        mod = _optional(area, "nav")
        items += [
            i
            for i in getattr(mod, "ITEMS", [])
            if not i.permission or i.permission in permissions_for(role)
        ]
    return tuple(sorted(items, key=lambda i: (i.order, i.label)))


def cards_for(actor: Actor) -> list[Card]:
    """Every area's cards, in the order of ``AREAS``; the areas' queries run round by round,
    each round in one statement (``core.compiled.gather``)."""
    steps: list[Steps[list[Card]]] = []
    for area in AREAS:
        mod = _optional(area, "home")
        make: Callable[[Actor], list[Card] | Steps[list[Card]]] | None = getattr(mod, "cards", None)
        if make is not None:
            made = make(actor)
            steps.append(made if isinstance(made, Generator) else done(made))
    return [card for cards in run_steps(gather(*steps)) for card in cards]
