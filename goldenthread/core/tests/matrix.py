"""Matrix entries for the shell and the core area."""

from __future__ import annotations

from typing import Any

from goldenthread.access.scopes import SEES_ALL_PARTICIPANTS
from goldenthread.core.roles import Role
from goldenthread.testing_matrix import ALL_ROLES, Case


def _participant(world: Any, site: Any) -> dict[str, Any]:
    return {"participant_id": world.participant(site).pk}


def _token(world: Any, site: Any) -> dict[str, Any]:
    from goldenthread.access.actions import token_create

    token, _ = token_create(user=site.users[Role.PM], site=site.site)
    return {"token_id": token.pk}


MAKERS = {"participant": _participant, "token": _token}

TRANSITION_OK = frozenset({Role.PM, Role.CM, Role.SUPERVISOR})

CASES = [
    Case("home", ALL_ROLES),
    Case("account", ALL_ROLES),
    Case("site_switch", ALL_ROLES, method="POST", ok=302),
    # Only the token's owner (the PM here) or a site admin may revoke it.
    Case("token_revoke", frozenset({Role.PM, Role.SITE_ADMIN}), obj="token", method="POST", ok=302),
    Case("core:site_settings", frozenset({Role.SITE_ADMIN})),
    Case("audit:log", frozenset({Role.SITE_ADMIN, Role.PM, Role.SUPERVISOR})),
    Case("GET /api/v1/me", ALL_ROLES),
    Case("GET /api/v1/participants", SEES_ALL_PARTICIPANTS),
    Case("GET /api/v1/participants/{participant_id}", SEES_ALL_PARTICIPANTS, obj="participant"),
    Case(
        "POST /api/v1/participants/{participant_id}/transition",
        TRANSITION_OK,
        obj="participant",
        method="POST",
        data={"to_state": "inactive"},
    ),
    Case("GET /api/v1/site", frozenset({Role.SITE_ADMIN})),
    Case(
        "PATCH /api/v1/site",
        frozenset({Role.SITE_ADMIN}),
        method="PATCH",
        data={"caseload_target": 18},
    ),
]
