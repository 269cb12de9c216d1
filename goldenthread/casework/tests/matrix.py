"""Matrix entries for case management. Police, prosecutors, defenders, legal services, the
PCG, the CLT and the evaluator are in no ``allowed`` set here: every casework page and API
path (list, detail, export) answers them 404.

Where a write's success depends on ids the matrix cannot know (or on a key that is unique per
site), the entry sends input the action refuses with 422 *after* the permission check: allowed
roles get 422, every other role 404. The success paths have their own test files."""

from __future__ import annotations

from goldenthread.casework.tests.factories import MAKERS as _MAKERS
from goldenthread.core.roles import Role
from goldenthread.testing_matrix import Case

R = Role
FIELD = frozenset({R.CM, R.SUPERVISOR, R.OUTREACH, R.ADVOCATE})
CLINICAL = frozenset({R.CM, R.SUPERVISOR})
SUPERVISOR = frozenset({R.SUPERVISOR})
MANAGERS = frozenset({R.SUPERVISOR, R.PM})

MAKERS = _MAKERS

A = "/api/v1/casework"
P = A + "/participants/{participant_id}"
FLEX_BAD = {
    "participant_id": 1,
    "pool_id": 1,
    "goal_id": 1,
    "amount": "0",
    "category": "other",
    "vendor": "v",
    "purpose": "p",
}

CASES = [
    # Pages
    Case("casework:caseload", FIELD),
    Case("casework:participant", FIELD, obj="participant"),
    Case("casework:participant_inactive", CLINICAL, obj="participant", method="POST", ok=302),
    Case("casework:contacts", FIELD, obj="participant"),
    Case("casework:history", FIELD, obj="participant"),
    Case("casework:contact_new", FIELD, obj="participant"),
    Case(
        "casework:contact_draft",
        FIELD,
        obj="participant",
        method="POST",
        data={"idempotency_key": "draft-1", "note": "half a thought"},
    ),
    Case("casework:goal_new", CLINICAL, obj="participant"),
    Case("casework:step_new", CLINICAL, obj="cw_goal"),
    Case("casework:goal_progress", CLINICAL, obj="cw_goal"),
    Case("casework:step_done", CLINICAL, obj="cw_step", method="POST", ok=302),
    Case("casework:status_new", CLINICAL, obj="participant"),
    Case("casework:service_new", FIELD, obj="participant"),
    Case("casework:service_update", FIELD, obj="cw_service"),
    Case("casework:flex_new", CLINICAL, obj="participant"),
    Case("casework:team", MANAGERS),
    Case("casework:reassign", MANAGERS),
    Case("casework:profile", FIELD),
    Case("casework:advocate", FIELD),
    Case("casework:flex", CLINICAL),
    Case("casework:flex_detail", CLINICAL, obj="cw_flex_pending"),
    Case(
        "casework:flex_decide",
        SUPERVISOR,
        obj="cw_flex_pending",
        method="POST",
        ok=302,
        data={"decision": "approve"},
    ),
    Case("casework:flex_disburse", CLINICAL, obj="cw_flex_approved", method="POST", ok=302),
    Case("casework:flex_receipt", CLINICAL, obj="cw_flex_receipt"),
    Case("casework:pools", MANAGERS),
    Case("casework:ledger", MANAGERS),
    Case("casework:ledger_export", MANAGERS),
    Case(
        "casework:ledger_reverse",
        MANAGERS,
        obj="cw_entry",
        method="POST",
        ok=302,
        data={"reason": "Entered twice"},
    ),
    Case("casework:settings", MANAGERS),
    # API
    Case(f"GET {A}/caseload", FIELD),
    Case(f"GET {A}/team", MANAGERS),
    Case(
        f"POST {A}/reassign",
        MANAGERS,
        method="POST",
        ok=422,
        data={"participant_ids": [], "to_user_id": 0, "reason": "CM left"},
    ),
    Case(f"GET {A}/profile", FIELD),
    Case(f"PUT {A}/profile", FIELD, method="PUT", data={"languages": ["Spanish"]}),
    Case(f"GET {A}/advocate/worklist", FIELD),
    Case(f"GET {P}/timeline", FIELD, obj="participant"),
    Case(f"GET {P}/history", FIELD, obj="participant"),
    Case(f"POST {P}/inactive", CLINICAL, obj="participant", method="POST", data={"reason": "gone"}),
    Case(f"GET {P}/contacts", FIELD, obj="participant"),
    Case(
        f"POST {P}/contacts",
        FIELD,
        obj="participant",
        method="POST",
        ok=422,
        data={"idempotency_key": "m-1", "kind": "carrier pigeon"},
    ),
    Case(
        f"PUT {P}/contacts/draft",
        FIELD,
        obj="participant",
        method="PUT",
        data={"idempotency_key": "d-1", "data": {"note": "half"}},
    ),
    Case(f"GET {P}/goals", FIELD, obj="participant"),
    Case(
        f"POST {P}/goals",
        CLINICAL,
        obj="participant",
        method="POST",
        ok=201,
        data={"domain": "housing", "title": "A place of my own"},
    ),
    Case(
        f"POST {A}/goals/{{goal_id}}/steps",
        CLINICAL,
        obj="cw_goal",
        method="POST",
        ok=201,
        data={"description": "Call the housing list", "owner": "Participant"},
    ),
    Case(f"POST {A}/steps/{{step_id}}/done", CLINICAL, obj="cw_step", method="POST"),
    Case(
        f"POST {A}/goals/{{goal_id}}/progress",
        CLINICAL,
        obj="cw_goal",
        method="POST",
        ok=201,
        data={"note": "On the list now"},
    ),
    Case(f"GET {P}/statuses", FIELD, obj="participant"),
    Case(
        f"POST {P}/statuses",
        CLINICAL,
        obj="participant",
        method="POST",
        ok=201,
        data={"domain": "housing", "value": "sheltered"},
    ),
    Case(f"GET {P}/services", FIELD, obj="participant"),
    Case(
        f"POST {P}/services",
        FIELD,
        obj="participant",
        method="POST",
        ok=201,
        data={"kind": "moud", "provider": "Evergreen Treatment Services"},
    ),
    Case(
        f"POST {A}/services/{{referral_id}}/status",
        FIELD,
        obj="cw_service",
        method="POST",
        data={"status": "accepted"},
    ),
    Case(f"GET {A}/flex/pools", frozenset({R.CM, R.SUPERVISOR, R.PM})),
    Case(
        f"POST {A}/flex/pools",
        MANAGERS,
        method="POST",
        ok=422,
        data={
            "name": "Bad",
            "funding_source": "x",
            "budget": "0",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
    ),
    Case(f"GET {A}/flex/requests", CLINICAL),
    Case(f"POST {A}/flex/requests", CLINICAL, method="POST", ok=422, data=FLEX_BAD),
    Case(f"GET {A}/flex/requests/{{request_id}}", CLINICAL, obj="cw_flex_pending"),
    Case(
        f"POST {A}/flex/requests/{{request_id}}/decide",
        SUPERVISOR,
        obj="cw_flex_pending",
        method="POST",
        data={"approve": True},
    ),
    Case(
        f"POST {A}/flex/requests/{{request_id}}/disburse",
        CLINICAL,
        obj="cw_flex_approved",
        method="POST",
    ),
    Case(f"GET {A}/flex/ledger", MANAGERS),
    Case(f"GET {A}/flex/report", MANAGERS),
    Case(
        f"POST {A}/flex/ledger/{{entry_id}}/reverse",
        MANAGERS,
        obj="cw_entry",
        method="POST",
        ok=201,
        data={"reason": "Entered twice"},
    ),
    Case(f"GET {A}/settings", MANAGERS),
    Case(f"PATCH {A}/settings", MANAGERS, method="PATCH", data={"status_every_days": 28}),
]
