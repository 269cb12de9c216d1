"""Matrix entries for OWG case conferencing: every page and API operation."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from goldenthread.core.roles import Role
from goldenthread.testing import site_today
from goldenthread.testing_matrix import Case

R = Role
RUN = frozenset({R.PM})
VIEW = frozenset(
    {
        R.PM,
        R.CM,
        R.SUPERVISOR,
        R.OUTREACH,
        R.ADVOCATE,
        R.OFFICER,
        R.POLICE_SUPERVISOR,
        R.PROSECUTOR,
        R.DEFENDER,
    }
)
OWG_ROLES = sorted(r.value for r in VIEW - RUN)


def meeting(site: Any, status: str = "draft", **kw: Any) -> Any:
    from goldenthread.conferencing.models import ConferenceMeeting

    return ConferenceMeeting.objects.create(
        site=site.site,
        title=kw.pop("title", "OWG North"),
        scheduled_for=kw.pop("scheduled_for", timezone.now()),
        status=status,
        **kw,
    )


def item(site: Any, m: Any = None, **kw: Any) -> Any:
    from goldenthread.conferencing.models import RosterItem

    return RosterItem.objects.create(
        site=site.site,
        meeting=m or meeting(site, "open"),
        kind=kw.pop("kind", "added"),
        title=kw.pop("title", "Shared item"),
        source="conferencing.pm",
        visible_to_roles=kw.pop("visible_to_roles", OWG_ROLES),
        **kw,
    )


def _meeting(world: Any, site: Any) -> dict[str, Any]:
    return {"meeting_id": meeting(site).pk}


def _open_meeting(world: Any, site: Any) -> dict[str, Any]:
    return {"meeting_id": meeting(site, "open").pk}


def _item(world: Any, site: Any) -> dict[str, Any]:
    return {"item_id": item(site).pk}


def _situation(world: Any, site: Any) -> dict[str, Any]:
    from goldenthread.conferencing.models import Situation

    s = Situation.objects.create(
        site=site.site, title="Camp by the bridge", place="5th & Pine", description="Tents"
    )
    return {"situation_id": s.pk}


def _action(world: Any, site: Any) -> dict[str, Any]:
    from goldenthread.conferencing.models import ActionItem

    m = meeting(site, "open")
    a = ActionItem.objects.create(
        site=site.site,
        meeting=m,
        description="Call the shelter",
        owner=site.users[R.PM],
        agency=site.memberships[R.PM].agency,
        due_on=site_today() + timedelta(days=7),
    )
    return {"action_id": a.pk}


def owg_bodies(site: Any, *, scope_area: str = "") -> tuple[Any, Any]:
    """A PCG and an OWG body at ``site`` (through governance's actions), for linking."""
    from goldenthread.governance import actions as governance_actions
    from goldenthread.governance import queries as governance_queries

    pm = site.actor(R.PM)
    existing = {b.name: b for b in governance_queries.bodies_for(pm)}
    name = f"{site.site.slug} OWG North"
    if name in existing:  # the matrix builds objects once per role
        return existing[f"{site.site.slug} PCG"], existing[name]
    formed = site_today() - timedelta(days=400)
    pcg = governance_actions.body_create(
        actor=pm, kind="pcg", name=f"{site.site.slug} PCG", formed_on=formed
    )
    owg = governance_actions.body_create(
        actor=pm,
        kind="owg",
        name=name,
        formed_on=formed,
        scope="neighbourhood" if scope_area else "citywide",
        scope_area=scope_area,
        cadence_days=14,
    )
    return pcg, owg


def _linked_meeting(world: Any, site: Any) -> dict[str, Any]:
    _pcg, owg = owg_bodies(site)
    return {"meeting_id": meeting(site, governance_body_id=owg.pk).pk}


MAKERS = {
    "linked_meeting": _linked_meeting,
    "meeting": _meeting,
    "open_meeting": _open_meeting,
    "roster_item": _item,
    "situation": _situation,
    "action_item": _action,
}

API = "/api/v1/conferencing"
WHEN = "2026-12-01T10:00:00Z"

CASES = [
    Case("conferencing:meeting_list", VIEW),
    Case("conferencing:meeting_create", RUN),
    Case("conferencing:meeting_detail", VIEW, obj="meeting"),
    Case("conferencing:roster_build", RUN, obj="meeting", method="POST", ok=302),
    Case(
        "conferencing:meeting_body_link",
        RUN,
        obj="linked_meeting",
        method="POST",
        ok=302,
        data={"body-governance_body_id": ""},
    ),
    Case(
        "conferencing:meeting_issue_escalate",
        RUN,
        obj="linked_meeting",
        method="POST",
        ok=302,
        data={"escalate-title": "Shelter beds", "escalate-description": "No beds after 9 pm"},
    ),
    Case("conferencing:roster_item_add", RUN, obj="meeting"),
    Case(
        "conferencing:roster_item_add",
        RUN,
        obj="meeting",
        method="POST",
        ok=302,
        data={"title": "Extra", "time_box_minutes": 5},
    ),
    Case("conferencing:meeting_open", RUN, obj="meeting", method="POST", ok=302),
    Case("conferencing:meeting_close", RUN, obj="open_meeting", method="POST", ok=302),
    Case("conferencing:attendance_record", RUN, obj="meeting", method="POST", ok=302),
    Case("conferencing:minutes_edit", RUN, obj="meeting"),
    Case("conferencing:meeting_run", VIEW, obj="open_meeting"),
    Case("conferencing:meeting_print", VIEW, obj="meeting"),
    Case("conferencing:meeting_pdf", VIEW, obj="meeting"),
    Case(
        "conferencing:roster_item_update",
        RUN,
        obj="roster_item",
        method="POST",
        ok=302,
        data={"op": "up"},
    ),
    Case(
        "conferencing:note_add",
        VIEW,
        obj="roster_item",
        method="POST",
        ok=302,
        data={"text": "Housed since Tuesday"},
    ),
    # No sphere chosen: every role that may decide gets the form back with the error.
    Case("conferencing:decision_record", VIEW, obj="roster_item", method="POST", ok=422),
    # No owner: refused for the PM, 404 for everyone else.
    Case(
        "conferencing:action_item_create",
        RUN,
        obj="roster_item",
        method="POST",
        ok=422,
        data={"description": "Call the shelter"},
    ),
    Case("conferencing:my_action_items", VIEW),
    Case(
        "conferencing:action_item_update",
        RUN,  # the maker's action item belongs to the PM
        obj="action_item",
        method="POST",
        ok=302,
        data={"status": "done"},
    ),
    Case("conferencing:situation_list", VIEW),
    Case("conferencing:situation_create", RUN),
    Case("conferencing:situation_detail", VIEW, obj="situation"),
    Case(
        "conferencing:situation_update",
        RUN,
        obj="situation",
        method="POST",
        ok=302,
        data={"status": "monitoring"},
    ),
    Case("conferencing:discussion_request_create", VIEW),
    Case(f"GET {API}/meetings", VIEW),
    Case(
        f"POST {API}/meetings",
        RUN,
        method="POST",
        ok=201,
        data={"title": "OWG South", "scheduled_for": WHEN},
    ),
    Case(f"GET {API}/meetings/{{meeting_id}}", VIEW, obj="meeting"),
    Case(f"GET {API}/meetings/{{meeting_id}}/print.pdf", VIEW, obj="meeting"),
    Case(f"GET {API}/meetings/{{meeting_id}}/items", VIEW, obj="meeting"),
    Case(f"POST {API}/meetings/{{meeting_id}}/roster", RUN, obj="meeting", method="POST"),
    Case(
        f"PUT {API}/meetings/{{meeting_id}}/governance-body",
        RUN,
        obj="linked_meeting",
        method="PUT",
        data={"governance_body_id": None},
    ),
    Case(
        f"POST {API}/meetings/{{meeting_id}}/escalate",
        RUN,
        obj="linked_meeting",
        method="POST",
        ok=201,
        data={"title": "Shelter beds", "description": "No beds after 9 pm"},
    ),
    Case(
        f"POST {API}/meetings/{{meeting_id}}/items",
        RUN,
        obj="meeting",
        method="POST",
        ok=201,
        data={"title": "Extra"},
    ),
    Case(f"POST {API}/meetings/{{meeting_id}}/open", RUN, obj="meeting", method="POST"),
    Case(f"POST {API}/meetings/{{meeting_id}}/close", RUN, obj="open_meeting", method="POST"),
    Case(
        f"PUT {API}/meetings/{{meeting_id}}/attendance",
        RUN,
        obj="meeting",
        method="PUT",
        data={"agency_ids": []},
    ),
    Case(
        f"PUT {API}/meetings/{{meeting_id}}/minutes",
        RUN,
        obj="meeting",
        method="PUT",
        data={"minutes": "Met; five items."},
    ),
    Case(
        f"PATCH {API}/items/{{item_id}}",
        RUN,
        obj="roster_item",
        method="PATCH",
        data={"time_box_minutes": 7},
    ),
    Case(
        f"POST {API}/items/{{item_id}}/notes",
        VIEW,
        obj="roster_item",
        method="POST",
        ok=201,
        data={"text": "Housed since Tuesday"},
    ),
    Case(
        f"POST {API}/items/{{item_id}}/decisions",
        VIEW,
        obj="roster_item",
        method="POST",
        ok=422,
        data={"sphere": "everything", "decision": "Decline to file"},
    ),
    Case(
        f"POST {API}/items/{{item_id}}/action-items",
        RUN,
        obj="roster_item",
        method="POST",
        ok=422,
        data={"description": "Call the shelter"},
    ),
    Case(f"GET {API}/action-items", VIEW),
    Case(
        f"PATCH {API}/action-items/{{action_id}}",
        RUN,
        obj="action_item",
        method="PATCH",
        data={"status": "done"},
    ),
    Case(
        f"POST {API}/requests",
        VIEW,
        method="POST",
        ok=422,
        data={"participant_id": 0, "reason": "?"},
    ),
    Case(f"GET {API}/situations", VIEW),
    Case(
        f"POST {API}/situations",
        RUN,
        method="POST",
        ok=201,
        data={"title": "Camp", "place": "5th & Pine", "description": "Tents on the sidewalk"},
    ),
    Case(f"GET {API}/situations/{{situation_id}}", VIEW, obj="situation"),
    Case(
        f"POST {API}/situations/{{situation_id}}/updates",
        RUN,
        obj="situation",
        method="POST",
        data={"status": "monitoring"},
    ),
]
