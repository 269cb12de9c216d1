"""Core API: who am I, the participants I may see, state transitions, site settings."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from goldenthread.access.policy import permissions_for
from goldenthread.core import actions, queries
from goldenthread.core.models import Participant
from goldenthread.core.schemas import (
    MeOut,
    ParticipantOut,
    SiteIn,
    SiteOut,
    TransitionIn,
)

router = Router(tags=["core"])


def _participant_out(p: Participant) -> ParticipantOut:
    return ParticipantOut(
        id=p.pk,
        name=str(p.person),
        state=p.state,
        enrolled_on=p.enrolled_on,
        case_manager=p.case_manager.get_username() if p.case_manager else None,
    )


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> MeOut:
    actor = request.auth  # type: ignore[attr-defined]
    return MeOut(
        username=actor.user.get_username(),
        site=actor.site.slug,
        site_name=actor.site.name,
        role=actor.role.value,
        role_label=actor.role.label,
        agency=actor.agency.name,
        permissions=sorted(permissions_for(actor.role)),
    )


@router.get("/participants", response=list[ParticipantOut])
def participant_list(request: HttpRequest) -> list[dict[str, object]]:
    return queries.participant_rows(request.auth, limit=500)  # type: ignore[attr-defined]


@router.get("/participants/{participant_id}", response=ParticipantOut)
def participant_detail(request: HttpRequest, participant_id: int) -> ParticipantOut:
    return _participant_out(queries.participant_for(request.auth, participant_id))  # type: ignore[attr-defined]


@router.post("/participants/{participant_id}/transition", response=ParticipantOut)
def participant_transition(
    request: HttpRequest, participant_id: int, payload: TransitionIn
) -> ParticipantOut:
    participant = actions.participant_transition(
        actor=request.auth,  # type: ignore[attr-defined]
        participant_id=participant_id,
        to_state=payload.to_state,
        reason=payload.reason,
    )
    return _participant_out(queries.participant_for(request.auth, participant.pk))  # type: ignore[attr-defined]


@router.get("/site", response=SiteOut)
def site_detail(request: HttpRequest) -> SiteOut:
    actor = request.auth  # type: ignore[attr-defined]
    actor.require("site.manage")
    return SiteOut.from_orm(actor.site)


@router.patch("/site", response=SiteOut)
def site_update(request: HttpRequest, payload: SiteIn) -> SiteOut:
    changes = payload.dict(exclude_unset=True, exclude_none=True)
    site = actions.site_update(actor=request.auth, changes=changes)  # type: ignore[attr-defined]
    return SiteOut.from_orm(site)
