"""Reads in the core area, always restricted to what the actor may see."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from goldenthread.access.actor import Actor, NotFound
from goldenthread.access.policy import Category
from goldenthread.access.scopes import participants_q_for
from goldenthread.core.compiled import Compiled
from goldenthread.core.models import Agency, Participant
from goldenthread.core.roles import Role


def participants_for(actor: Actor) -> QuerySet[Participant]:
    """The participants this actor may see, with their person and case manager."""
    actor.require("participants.view")
    actor.require_category(Category.IDENTITY)
    return _participants(actor.role, actor.site_id)


def _participants(role: Role, site_id: int) -> QuerySet[Participant]:
    # The person is filtered by site too (it always is the participant's site): without it
    # PostgreSQL joins every site's persons by a sequential scan (37 ms at national scale
    # against 9 ms; docs/performance.md).
    return Participant.objects.filter(
        participants_q_for(role, site_id), person__site_id=site_id
    ).select_related("person", "case_manager")


# The API's participant list, kept compiled (ADR 15): the role and the limit are its shape.
_ROWS: Compiled[tuple[int, str, str, str, date, str | None]] = Compiled(
    lambda role, limit, site_id: _participants(role, site_id).values_list(
        "pk",
        "person__first_name",
        "person__last_name",
        "state",
        "enrolled_on",
        "case_manager__username",
    )[:limit]
)


def participant_rows(actor: Actor, *, limit: int) -> list[dict[str, object]]:
    """``participants_for`` as the API lists it: id, name, state, enrolled_on, case_manager
    (the username), in the same order, as plain rows rather than model instances."""
    actor.require("participants.view")
    actor.require_category(Category.IDENTITY)
    rows = _ROWS(actor.role, limit, site_id=actor.site_id)
    return [
        {
            "id": pk,
            "name": f"{first} {last}",
            "state": state,
            "enrolled_on": enrolled_on,
            "case_manager": case_manager,
        }
        for pk, first, last, state, enrolled_on, case_manager in rows
    ]


def participant_for(actor: Actor, participant_id: int) -> Participant:
    """One participant, or the same 404 whether it is missing or not the actor's to see."""
    participant = participants_for(actor).filter(pk=participant_id).first()
    if participant is None:
        raise NotFound()
    return participant


def agencies_for(actor: Actor) -> QuerySet[Agency]:
    return Agency.objects.filter(site_id=actor.site_id)
