"""Matrix entries for emergency access."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from goldenthread.core.roles import Role
from goldenthread.testing_matrix import Case

REVIEWERS = frozenset({Role.PM, Role.SUPERVISOR})
USERS = frozenset({Role.PM})


def _grant(world: Any, site: Any) -> dict[str, Any]:
    from goldenthread.access.models import BreakGlassGrant

    now = timezone.now()
    grant = BreakGlassGrant.objects.create(
        site=site.site,
        membership=site.memberships[Role.CM],
        user=site.users[Role.CM],
        participant=world.participant(site),
        reason="Participant missing, welfare check",
        opened_at=now,
        expires_at=now + timedelta(hours=2),
    )
    return {"grant_id": grant.pk}


MAKERS = {"grant": _grant}

CASES = [
    Case("access:breakglass_queue", REVIEWERS),
    Case("access:breakglass_open", USERS, obj="participant"),
    Case(
        "access:breakglass_review",
        REVIEWERS,
        obj="grant",
        method="POST",
        ok=302,
        data={"outcome": "justified"},
    ),
    Case("GET /api/v1/access/breakglass", REVIEWERS),
    Case(
        "POST /api/v1/access/breakglass",
        USERS,
        method="POST",
        ok=422,
        data={"participant_id": 0, "reason": "short", "hours": 2},
    ),
    Case(
        "POST /api/v1/access/breakglass/{grant_id}/review",
        REVIEWERS,
        obj="grant",
        method="POST",
        data={"outcome": "justified", "note": "ok"},
    ),
]
