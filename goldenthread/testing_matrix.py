"""The permission matrix's registry: every endpoint's expected access, gathered from the
areas' ``tests/matrix.py`` modules (``CASES`` and ``MAKERS``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from goldenthread.core.roles import Role
from goldenthread.web.nav import AREAS

ALL_ROLES: frozenset[Role] = frozenset(Role)


@dataclass(frozen=True)
class Case:
    """One endpoint. ``endpoint`` is a URL name ("core:site_settings") or an API operation
    ("GET /api/v1/participants/{participant_id}"). ``allowed`` roles get ``ok`` on an object
    of their own site; every other role, every object of another site, and a missing object
    get 404. ``obj`` names the maker that builds the path's object, if the path has one."""

    endpoint: str
    allowed: frozenset[Role]
    obj: str | None = None
    ok: int = 200
    method: str = "GET"
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def is_api(self) -> bool:
        return " " in self.endpoint


def _modules() -> list[Any]:
    mods = []
    for area in AREAS:
        try:
            mods.append(import_module(f"goldenthread.{area}.tests.matrix"))
        except ModuleNotFoundError as exc:
            if exc.name != f"goldenthread.{area}.tests.matrix":
                raise
    return mods


def cases() -> list[Case]:
    return [case for mod in _modules() for case in getattr(mod, "CASES", [])]


def makers() -> dict[str, Callable[..., dict[str, Any]]]:
    out: dict[str, Callable[..., dict[str, Any]]] = {}
    for mod in _modules():
        out.update(getattr(mod, "MAKERS", {}))
    return out
