"""Matrix entries for governance: every page and API operation, each role, own site, other site
and missing object."""

from __future__ import annotations

from datetime import date
from typing import Any

from goldenthread.core.roles import Role
from goldenthread.governance.models import (
    ActionItem,
    Body,
    Budget,
    CommunityCheckin,
    Decision,
    Issue,
    Meeting,
    MouVersion,
    Policy,
    PolicyVersion,
    Position,
    Procurement,
    Proposal,
    Seat,
)
from goldenthread.testing_matrix import ALL_ROLES, Case

PM = frozenset({Role.PM})
VIEW = frozenset({Role.PM, Role.PCG_MEMBER, Role.CLT_MEMBER, Role.SITE_ADMIN})
MEMBERS = frozenset({Role.PCG_MEMBER, Role.CLT_MEMBER})
# The PCG's own records (budgets, procurements): the PM, the site admin, and PCG members by
# the default role scopes (a CLT member only by a seat on the PCG, which these makers do not
# give).
PCG_SIDE = frozenset({Role.PM, Role.SITE_ADMIN, Role.PCG_MEMBER})
# An OWG whose members are an officer and a prosecutor (other roles, seated by membership):
# they see it and take positions; PCG and CLT members do not (their default scopes).
OWG_SEATED = frozenset({Role.OFFICER, Role.PROSECUTOR})
OWG_VIEW = OWG_SEATED | {Role.PM, Role.SITE_ADMIN}
FORMED = date(2025, 1, 1)


def pcg(site: Any) -> Body:
    """A PCG whose members are the site's pcg_member and clt_member users, both authorised."""
    body, _ = Body.objects.get_or_create(
        site=site.site, name="PCG", defaults={"kind": Body.Kind.PCG, "formed_on": FORMED}
    )
    for role in (Role.PCG_MEMBER, Role.CLT_MEMBER):
        Seat.objects.get_or_create(
            site=site.site,
            body=body,
            user=site.users[role],
            defaults={
                "name": site.users[role].get_username(),
                "agency": site.memberships[role].agency,
                "senior": True,
                "authorised": True,
                "start_on": FORMED,
            },
        )
    return body


def proposal(site: Any, status: str = Proposal.Status.OPEN, **kw: Any) -> Proposal:
    return Proposal.objects.create(
        site=site.site, body=pcg(site), title="Raise the threshold", text="…", status=status, **kw
    )


def consensus(site: Any) -> Proposal:
    p = proposal(site)
    for seat in Seat.objects.filter(body=p.body):
        Position.objects.create(
            site=site.site,
            proposal=p,
            agency=seat.agency,
            seat=seat,
            stance="support",
            reason="Agreed",
            recorded_by=seat.user or site.users[Role.PM],
        )
    return p


def decision(site: Any) -> Decision:
    p = consensus(site)
    p.status = Proposal.Status.DECIDED
    p.save()
    return Decision.objects.create(
        site=site.site,
        body=p.body,
        proposal=p,
        decided_on=FORMED,
        recorded_by=site.users[Role.PM],
    )


def _meeting(site: Any) -> Meeting:
    n = Meeting.objects.filter(site=site.site).count()
    return Meeting.objects.create(site=site.site, body=pcg(site), held_on=date(2026, 1, 1 + n))


def _owg(site: Any) -> Body:
    body, _ = Body.objects.get_or_create(
        site=site.site,
        name="OWG",
        defaults={"kind": Body.Kind.OWG, "scope": "citywide", "formed_on": FORMED},
    )
    return body


def owg_seated(site: Any) -> Body:
    """An OWG with authorised seats for the site's officer and prosecutor users."""
    body = _owg(site)
    for role in OWG_SEATED:
        Seat.objects.get_or_create(
            site=site.site,
            body=body,
            user=site.users[role],
            defaults={
                "name": site.users[role].get_username(),
                "agency": site.memberships[role].agency,
                "authorised": True,
                "start_on": FORMED,
            },
        )
    return body


def _owg_meeting(site: Any) -> dict[str, Any]:
    n = Meeting.objects.filter(site=site.site).count()
    meeting = Meeting.objects.create(
        site=site.site, body=owg_seated(site), held_on=date(2026, 2, 1 + n)
    )
    return {"meeting_id": meeting.pk}


def _owg_proposal(site: Any) -> dict[str, Any]:
    p = Proposal.objects.create(
        site=site.site, body=owg_seated(site), title="Shift the meeting", text="…", status="open"
    )
    return {"proposal_id": p.pk}


def _mou(site: Any) -> MouVersion:
    n = MouVersion.objects.filter(site=site.site).count()
    version = MouVersion.objects.create(
        site=site.site, number=n + 1, text="We agree.", adopted_by=decision(site)
    )
    version.parties.set([site.memberships[Role.PM].agency, site.memberships[Role.CM].agency])
    return version


def _policy(site: Any) -> dict[str, Any]:
    n = Policy.objects.filter(site=site.site).count()
    policy = Policy.objects.create(site=site.site, kind="referral", title=f"Referral {n}")
    PolicyVersion.objects.create(site=site.site, policy=policy, number=1, text="v1")
    return {"policy_id": policy.pk}


def _budget(site: Any) -> dict[str, Any]:
    n = Budget.objects.filter(site=site.site).count()
    return {"budget_id": Budget.objects.create(site=site.site, year=2026 + n).pk}


def _checkin(site: Any) -> dict[str, Any]:
    c = CommunityCheckin.objects.create(
        site=site.site, leader="Rev. Lee", held_on=FORMED, input_raised="More outreach downtown"
    )
    return {"checkin_id": c.pk}


def _action_item(site: Any) -> dict[str, Any]:
    m = _meeting(site)
    item = ActionItem.objects.create(
        site=site.site,
        meeting=m,
        title="Draft the letter",
        owner_agency=site.memberships[Role.PM].agency,
        due_on=date(2026, 3, 1),
    )
    return {"item_id": item.pk}


def _issue(site: Any) -> dict[str, Any]:
    pcg(site)
    issue = Issue.objects.create(
        site=site.site, body=_owg(site), title="Hand-offs too slow", description="…"
    )
    return {"issue_id": issue.pk}


def _seat(site: Any) -> dict[str, Any]:
    seat = Seat.objects.create(
        site=site.site,
        body=pcg(site),
        name="Chief",
        agency=site.memberships[Role.OFFICER].agency,
        start_on=FORMED,
    )
    return {"seat_id": seat.pk}


MAKERS = {
    "gov_body": lambda world, site: {"body_id": pcg(site).pk},
    "gov_owg": lambda world, site: {"body_id": _owg(site).pk},
    "gov_owg_seated": lambda world, site: {"body_id": owg_seated(site).pk},
    "gov_owg_meeting": lambda world, site: _owg_meeting(site),
    "gov_owg_proposal": lambda world, site: _owg_proposal(site),
    "gov_seat": lambda world, site: _seat(site),
    "gov_meeting": lambda world, site: {"meeting_id": _meeting(site).pk},
    "gov_action_item": lambda world, site: _action_item(site),
    "gov_proposal": lambda world, site: {"proposal_id": proposal(site).pk},
    "gov_draft": lambda world, site: {"proposal_id": proposal(site, "draft").pk},
    "gov_consensus": lambda world, site: {"proposal_id": consensus(site).pk},
    "gov_issue": lambda world, site: _issue(site),
    "gov_policy": lambda world, site: _policy(site),
    "gov_mou": lambda world, site: {"version_id": _mou(site).pk},
    "gov_budget": lambda world, site: _budget(site),
    "gov_checkin": lambda world, site: _checkin(site),
    "gov_procurement": lambda world, site: {
        "procurement_id": Procurement.objects.create(
            site=site.site, title="RFP", service="case_management"
        ).pk
    },
}

API = "/api/v1/governance"
TODAY = "2026-02-01"


def _post(endpoint: str, allowed: frozenset[Role], obj: str | None, data: dict, ok: int = 302):
    return Case(endpoint, allowed, obj=obj, method="POST", data=data, ok=ok)


def _api(method: str, path: str, allowed: frozenset[Role], obj: str | None = None, **kw: Any):
    return Case(f"{method} {API}{path}", allowed, obj=obj, method=method, **kw)


CASES = [
    # Pages
    Case("governance:index", ALL_ROLES),
    Case("governance:health", PM),
    _post("governance:settings_update", PM, None, {"checkin_interval_days": "30"}),
    Case("governance:body_create", PM),
    Case("governance:body_detail", VIEW, obj="gov_body"),
    Case("governance:body_detail", OWG_VIEW, obj="gov_owg_seated"),
    _post(
        "governance:seat_add",
        PM,
        "gov_body",
        {"name": "Chief", "agency_id": "", "start_on": TODAY},
        ok=422,
    ),
    _post("governance:seat_end", PM, "gov_seat", {"end_on": TODAY}),
    _post("governance:meeting_create", PM, "gov_body", {"held_on": "2026-06-01"}),
    _post("governance:issue_create", PM, "gov_owg", {"title": "Slow", "description": "…"}),
    _post("governance:issue_escalate", PM, "gov_issue", {}),
    Case("governance:meeting_detail", VIEW, obj="gov_meeting"),
    Case("governance:meeting_detail", OWG_VIEW, obj="gov_owg_meeting"),
    Case("governance:meeting_pdf", VIEW, obj="gov_meeting"),
    _post("governance:meeting_attendance", PM, "gov_meeting", {}),
    _post("governance:meeting_minutes", PM, "gov_meeting", {"minutes": "We met."}),
    _post("governance:agenda_item_add", PM, "gov_meeting", {"title": "Evaluation"}),
    _post("governance:agenda_build", PM, "gov_meeting", {}),
    _post(
        "governance:action_item_add",
        PM,
        "gov_meeting",
        {"title": "Write", "owner_agency_id": "0", "due_on": "2026-12-01"},
        ok=422,
    ),
    _post("governance:action_item_complete", PM, "gov_action_item", {}),
    Case("governance:proposal_create", PM),
    Case("governance:proposal_detail", VIEW, obj="gov_proposal"),
    Case("governance:proposal_detail", OWG_VIEW, obj="gov_owg_proposal"),
    _post("governance:proposal_open", PM, "gov_draft", {}),
    _post("governance:proposal_revise", PM, "gov_proposal", {"text": "Better"}),
    _post(
        "governance:position_record",
        MEMBERS,
        "gov_proposal",
        {"stance": "support", "reason": "Good"},
    ),
    _post(
        "governance:position_record",
        OWG_SEATED,
        "gov_owg_proposal",
        {"stance": "support", "reason": "Good"},
    ),
    _post("governance:decision_record", PM, "gov_consensus", {}),
    Case("governance:policies", ALL_ROLES),
    _post(
        "governance:policy_create",
        PM,
        None,
        {"kind": "communications", "title": "Comms", "text": "Speak as one."},
    ),
    _post("governance:policy_version_add", PM, "gov_policy", {"text": "v2"}),
    Case("governance:mou", ALL_ROLES),
    _post("governance:mou_version_create", PM, None, {"text": "MOU", "party_ids": []}, ok=422),
    _post(
        "governance:mou_sign",
        PM,
        "gov_mou",
        {"agency_id": "0", "signed_on": TODAY, "signed_by": "Chief"},
        ok=422,
    ),
    Case("governance:budgets", PCG_SIDE),
    _post("governance:budget_create", PM, None, {"year": "2030"}),
    Case("governance:budget_detail", PCG_SIDE, obj="gov_budget"),
    _post(
        "governance:budget_line_set",
        PM,
        "gov_budget",
        {"category": "evaluation", "source": "city", "planned": "1000"},
    ),
    Case("governance:procurements", PCG_SIDE),
    _post(
        "governance:procurement_create",
        PM,
        None,
        {"title": "Case-management RFP", "service": "case_management"},
    ),
    _post("governance:procurement_advance", PM, "gov_procurement", {"stage": "rfp_issued"}),
    Case("governance:checkins", PM),
    _post("governance:checkin_record", PM, None, {"leader": "Ana", "held_on": "2026-01-02"}),
    _post("governance:checkin_respond", PM, "gov_checkin", {"response": "Added a route."}),
    # API
    _api("GET", "/settings", VIEW),
    _api("PUT", "/settings", PM, data={"checkin_interval_days": 14}),
    _api("GET", "/health", PM),
    _api("GET", "/bodies", ALL_ROLES),
    _api(
        "POST",
        "/bodies",
        PM,
        data={"kind": "clt", "name": "CLT", "formed_on": TODAY},
        ok=201,
    ),
    _api("GET", "/bodies/{body_id}", VIEW, "gov_body"),
    _api("GET", "/bodies/{body_id}", OWG_VIEW, "gov_owg_seated"),
    _api(
        "POST",
        "/bodies/{body_id}/seats",
        PM,
        "gov_body",
        data={"name": "Chief", "agency_id": 0, "start_on": TODAY},
        ok=422,
    ),
    _api("POST", "/seats/{seat_id}/end", PM, "gov_seat", data={"end_on": TODAY}),
    _api(
        "POST",
        "/bodies/{body_id}/meetings",
        PM,
        "gov_body",
        data={"held_on": "2026-06-01"},
        ok=201,
    ),
    _api("GET", "/meetings/{meeting_id}", VIEW, "gov_meeting"),
    _api("GET", "/meetings/{meeting_id}", OWG_VIEW, "gov_owg_meeting"),
    _api("GET", "/meetings/{meeting_id}/agenda.pdf", VIEW, "gov_meeting"),
    _api("POST", "/meetings/{meeting_id}/attendance", PM, "gov_meeting", data={"seat_ids": []}),
    _api("POST", "/meetings/{meeting_id}/minutes", PM, "gov_meeting", data={"minutes": "Met."}),
    _api(
        "POST",
        "/meetings/{meeting_id}/agenda",
        PM,
        "gov_meeting",
        data={"title": "Funding", "topic": "funding"},
        ok=201,
    ),
    _api("POST", "/meetings/{meeting_id}/agenda/build", PM, "gov_meeting"),
    _api(
        "POST",
        "/meetings/{meeting_id}/action-items",
        PM,
        "gov_meeting",
        data={"title": "Write", "owner_agency_id": 0, "due_on": "2026-12-01"},
        ok=422,
    ),
    _api("POST", "/action-items/{item_id}/complete", PM, "gov_action_item"),
    _api("GET", "/proposals", ALL_ROLES),
    _api("POST", "/proposals", PM, data={"title": "T", "text": "x"}, ok=422),
    _api("GET", "/proposals/{proposal_id}", VIEW, "gov_proposal"),
    _api("GET", "/proposals/{proposal_id}", OWG_VIEW, "gov_owg_proposal"),
    _api("POST", "/proposals/{proposal_id}/open", PM, "gov_draft"),
    _api(
        "POST", "/proposals/{proposal_id}/revise", PM, "gov_proposal", data={"text": "v2"}, ok=201
    ),
    _api(
        "POST",
        "/proposals/{proposal_id}/positions",
        MEMBERS,
        "gov_proposal",
        data={"stance": "stand_aside", "reason": "We can live with it"},
        ok=201,
    ),
    _api(
        "POST",
        "/proposals/{proposal_id}/positions",
        OWG_SEATED,
        "gov_owg_proposal",
        data={"stance": "block", "reason": "Not on patrol nights"},
        ok=201,
    ),
    _api("POST", "/proposals/{proposal_id}/decision", PM, "gov_consensus", data={}, ok=201),
    _api("GET", "/decisions", ALL_ROLES),
    _api(
        "POST",
        "/bodies/{body_id}/issues",
        PM,
        "gov_owg",
        data={"title": "Slow", "description": "…"},
        ok=201,
    ),
    _api("POST", "/issues/{issue_id}/escalate", PM, "gov_issue", ok=201),
    _api("GET", "/policies", ALL_ROLES),
    _api(
        "POST",
        "/policies",
        PM,
        data={"kind": "evaluation", "title": "Evaluation plan", "text": "GEE"},
        ok=201,
    ),
    _api("POST", "/policies/{policy_id}/versions", PM, "gov_policy", data={"text": "v2"}, ok=201),
    _api("GET", "/mou", ALL_ROLES),
    _api("POST", "/mou", PM, data={"text": "MOU", "party_ids": []}, ok=422),
    _api(
        "POST",
        "/mou/{version_id}/signatures",
        PM,
        "gov_mou",
        data={"agency_id": 0, "signed_on": TODAY, "signed_by": "Chief"},
        ok=422,
    ),
    _api("GET", "/budgets", PCG_SIDE),
    _api("POST", "/budgets", PM, data={"year": 2031}, ok=201),
    _api("GET", "/budgets/{budget_id}", PCG_SIDE, "gov_budget"),
    _api(
        "POST",
        "/budgets/{budget_id}/lines",
        PM,
        "gov_budget",
        data={"category": "other", "source": "state", "planned": 10},
    ),
    _api("GET", "/procurements", PCG_SIDE),
    _api("POST", "/procurements", PM, data={"title": "RFP", "service": "other"}, ok=201),
    _api(
        "POST",
        "/procurements/{procurement_id}/advance",
        PM,
        "gov_procurement",
        data={"stage": "evaluation"},
    ),
    _api("GET", "/checkins", PM),
    _api("POST", "/checkins", PM, data={"leader": "Ana", "held_on": "2026-01-02"}, ok=201),
    _api(
        "POST",
        "/checkins/{checkin_id}/response",
        PM,
        "gov_checkin",
        data={"response": "Done"},
    ),
]
