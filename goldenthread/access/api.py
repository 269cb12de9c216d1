"""Emergency access through the API."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from goldenthread.access import actions, queries
from goldenthread.access.models import BreakGlassGrant

router = Router(tags=["access"])


class BreakGlassIn(Schema):
    participant_id: int
    reason: str
    hours: float = 4


class ReviewIn(Schema):
    outcome: str
    note: str = ""


class BreakGlassOut(Schema):
    id: int
    user: str
    participant_id: int
    reason: str
    opened_at: datetime
    expires_at: datetime
    outcome: str
    reviewed_by: str | None


def _out(g: BreakGlassGrant) -> BreakGlassOut:
    return BreakGlassOut(
        id=g.pk,
        user=g.user.get_username(),
        participant_id=g.participant_id,
        reason=g.reason,
        opened_at=g.opened_at,
        expires_at=g.expires_at,
        outcome=g.outcome,
        reviewed_by=g.reviewed_by.get_username() if g.reviewed_by else None,
    )


@router.post("/breakglass", response={201: BreakGlassOut})
def breakglass_open(request: HttpRequest, payload: BreakGlassIn):  # type: ignore[no-untyped-def]
    grant = actions.breakglass_open(
        actor=request.auth,  # type: ignore[attr-defined]
        participant_id=payload.participant_id,
        reason=payload.reason,
        hours=payload.hours,
    )
    return 201, _out(grant)


@router.get("/breakglass", response=list[BreakGlassOut])
def breakglass_queue(request: HttpRequest) -> list[BreakGlassOut]:
    return [_out(g) for g in queries.breakglass_queue(request.auth)]  # type: ignore[attr-defined]


@router.post("/breakglass/{grant_id}/review", response=BreakGlassOut)
def breakglass_review(request: HttpRequest, grant_id: int, payload: ReviewIn) -> BreakGlassOut:
    grant = actions.breakglass_review(
        actor=request.auth,  # type: ignore[attr-defined]
        grant_id=grant_id,
        outcome=payload.outcome,
        note=payload.note,
    )
    return _out(grant)
