"""Matrix entries for the referrals area: every page and API operation, role by role."""

from __future__ import annotations

from typing import Any

from goldenthread.core.roles import Role
from goldenthread.referrals.tests import makers
from goldenthread.testing_matrix import Case

R = Role
STAFF = frozenset({R.PM, R.CM, R.SUPERVISOR, R.OUTREACH})
POLICE = frozenset({R.OFFICER, R.POLICE_SUPERVISOR})
CREATORS = STAFF | POLICE
CASE_MANAGERS = frozenset({R.CM, R.SUPERVISOR})
PM = frozenset({R.PM})
AUTHORITY = frozenset({R.PM, R.SUPERVISOR})
QUEUE_MANAGERS = frozenset({R.PM, R.CM, R.SUPERVISOR})
FILING = STAFF | {R.PROSECUTOR}


def _referral(world: Any, site: Any) -> dict[str, Any]:
    makers.adopted_policy(site)
    return {"referral_id": makers.referral(site).pk}


def _unidentified(world: Any, site: Any) -> dict[str, Any]:
    return {"referral_id": makers.referral(site, identified=False).pk}


def _pending(world: Any, site: Any) -> dict[str, Any]:
    return {"referral_id": makers.pending(site).pk}


def _waiting(world: Any, site: Any) -> dict[str, Any]:
    return {"referral_id": makers.waiting(site).pk}


def _screening(world: Any, site: Any) -> dict[str, Any]:
    return {"screening_id": makers.screening(site).pk}


def _draft(world: Any, site: Any) -> dict[str, Any]:
    return {"version_id": makers.draft(site).pk}


def _draft_before_pcg(world: Any, site: Any) -> dict[str, Any]:
    from goldenthread.governance.tests.matrix import pcg

    pcg(site)
    return {"version_id": makers.draft(site).pk}


def _policy(world: Any, site: Any) -> dict[str, Any]:
    return {"policy_id": makers.adopted_policy(site).policy_id}


def _link(world: Any, site: Any) -> dict[str, Any]:
    return {"link_id": makers.link(site).pk}


def _notification(world: Any, site: Any) -> dict[str, Any]:
    return {"notification_id": makers.failed_notification(site).pk}


MAKERS = {
    "referral": _referral,
    "unidentified_referral": _unidentified,
    "pending_referral": _pending,
    "waiting_referral": _waiting,
    "screening": _screening,
    "policy_draft": _draft,
    "policy_draft_pcg": _draft_before_pcg,
    "policy": _policy,
    "person_link": _link,
    "notification": _notification,
}

ARREST = {
    "door": "arrest",
    "first_name": "Sam",
    "last_name": "Matrix",
    "offence_category": "drug_possession",
    "probable_cause": True,
}
ADOPT = {"effective_from": "2026-01-01"}
OVERRIDE = {"result": "eligible", "reason": "Approved by the designated approver"}
REORDER = {"points": 5, "reason": "Pregnant and unsheltered"}
INTAKE_UI = {"assessment": "Assessed", "roi_signed": "on", "roi_signed_on": "2026-01-02"}
INTAKE = {"assessment": "Assessed", "roi_signed": True, "roi_signed_on": "2026-01-02"}
NO_PEOPLE = {"person_id": 987654321, "other_id": 987654322}
P = "/api/v1/referrals"

CASES = [
    # Pages.
    Case("referrals:list", STAFF | POLICE),
    Case("referrals:new", CREATORS),
    Case("referrals:new", CREATORS, method="POST", ok=302, data=ARREST),
    Case("referrals:detail", STAFF | POLICE, obj="referral"),
    Case(
        "referrals:identify",
        STAFF,
        obj="unidentified_referral",
        method="POST",
        ok=302,
        data={"person": "new"},
    ),
    Case("referrals:link", STAFF, obj="referral", method="POST", ok=422, data={"other_id": "0"}),
    Case("referrals:unlink", STAFF, obj="person_link", method="POST", ok=302),
    Case("referrals:handoff", STAFF, obj="referral", method="POST", ok=302),
    Case("referrals:screen", STAFF, obj="referral", method="POST", ok=302),
    Case("referrals:override", AUTHORITY, obj="screening", method="POST", ok=302, data=OVERRIDE),
    Case("referrals:decline", STAFF, obj="pending_referral", method="POST", ok=302),
    Case(
        "referrals:intake",
        CASE_MANAGERS,
        obj="pending_referral",
        method="POST",
        ok=302,
        data=INTAKE_UI,
    ),
    Case("referrals:enroll", CASE_MANAGERS, obj="pending_referral", method="POST", ok=302),
    Case("referrals:admit", QUEUE_MANAGERS, obj="waiting_referral", method="POST", ok=302),
    Case("referrals:reorder", PM, obj="waiting_referral", method="POST", ok=302, data=REORDER),
    Case("referrals:oncall", STAFF),
    Case("referrals:notification_retry", STAFF, obj="notification", method="POST", ok=302),
    Case("referrals:filing_queue", FILING),
    Case("referrals:queue", STAFF),
    Case("referrals:capacity", STAFF),
    Case("referrals:settings", PM),
    Case("referrals:policies", STAFF),
    Case("referrals:policy_draft", PM, obj="policy", method="POST", ok=302),
    Case("referrals:policy_version", STAFF, obj="policy_draft"),
    Case("referrals:policy_adopt", PM, obj="policy_draft", method="POST", ok=302, data=ADOPT),
    Case("referrals:policy_propose", PM, obj="policy_draft_pcg", method="POST", ok=302),
    # API.
    Case(f"GET {P}/", STAFF),
    Case(f"POST {P}/", CREATORS, method="POST", ok=201, data=ARREST),
    Case(f"GET {P}/mine", POLICE),
    Case(f"GET {P}/filing-queue", FILING),
    Case(f"GET {P}/queue", STAFF),
    Case(f"GET {P}/capacity", STAFF),
    Case(f"GET {P}/oncall", STAFF),
    Case(f"GET {P}/notifications", STAFF),
    Case(
        f"POST {P}/notifications/{{notification_id}}/retry",
        STAFF,
        obj="notification",
        method="POST",
    ),
    Case(f"GET {P}/settings", PM),
    Case(f"PATCH {P}/settings", PM, method="PATCH", data={"weight_per_day_waiting": 2}),
    Case(f"GET {P}/policies", STAFF),
    Case(f"POST {P}/policies", PM, method="POST", ok=201, data={"name": "Matrix policy"}),
    Case(f"POST {P}/policies/{{policy_id}}/drafts", PM, obj="policy", method="POST", ok=201),
    Case(f"GET {P}/policy-versions/{{version_id}}", STAFF, obj="policy_draft"),
    Case(
        f"PATCH {P}/policy-versions/{{version_id}}",
        PM,
        obj="policy_draft",
        method="PATCH",
        data={"minimum_age": 18},
    ),
    Case(
        f"POST {P}/policy-versions/{{version_id}}/adopt",
        PM,
        obj="policy_draft",
        method="POST",
        data=ADOPT,
    ),
    Case(
        f"POST {P}/policy-versions/{{version_id}}/propose",
        PM,
        obj="policy_draft_pcg",
        method="POST",
        data={},
    ),
    Case(f"POST {P}/links", STAFF, method="POST", ok=422, data=NO_PEOPLE),
    Case(f"POST {P}/links/{{link_id}}/unlink", STAFF, obj="person_link", method="POST"),
    Case(
        f"POST {P}/screenings/{{screening_id}}/override",
        AUTHORITY,
        obj="screening",
        method="POST",
        data=OVERRIDE,
    ),
    Case(f"GET {P}/{{referral_id}}", STAFF, obj="referral"),
    Case(f"GET {P}/{{referral_id}}/status", STAFF | POLICE, obj="referral"),
    Case(f"GET {P}/{{referral_id}}/matches", STAFF, obj="referral"),
    Case(f"GET {P}/{{referral_id}}/screenings", STAFF, obj="referral"),
    Case(
        f"POST {P}/{{referral_id}}/identify",
        STAFF,
        obj="unidentified_referral",
        method="POST",
        data={"confirm_new": True},
    ),
    Case(f"POST {P}/{{referral_id}}/handoff", STAFF, obj="referral", method="POST"),
    Case(f"POST {P}/{{referral_id}}/screen", STAFF, obj="referral", method="POST", ok=201),
    Case(f"POST {P}/{{referral_id}}/decline", STAFF, obj="pending_referral", method="POST"),
    Case(
        f"POST {P}/{{referral_id}}/intake",
        CASE_MANAGERS,
        obj="pending_referral",
        method="POST",
        data=INTAKE,
    ),
    Case(f"POST {P}/{{referral_id}}/enroll", CASE_MANAGERS, obj="pending_referral", method="POST"),
    Case(f"POST {P}/{{referral_id}}/admit", QUEUE_MANAGERS, obj="waiting_referral", method="POST"),
    Case(
        f"POST {P}/{{referral_id}}/reorder", PM, obj="waiting_referral", method="POST", data=REORDER
    ),
]
