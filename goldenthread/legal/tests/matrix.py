"""Matrix entries for legal coordination."""

from __future__ import annotations

from typing import Any

from goldenthread.core.roles import Role
from goldenthread.legal.tests import factories
from goldenthread.testing_matrix import Case

R = Role
VIEW = frozenset({R.PM, R.CM, R.SUPERVISOR, R.ADVOCATE, R.PROSECUTOR, R.DEFENDER})
MANAGE = frozenset({R.ADVOCATE, R.PROSECUTOR})
CREATE = MANAGE  # legal systems advocates and liaison prosecutors record cases
SETTINGS = frozenset({R.PM, R.SITE_ADMIN})
DECIDE = frozenset({R.PROSECUTOR})
REVIEW = frozenset({R.PM})


def _case(world: Any, site: Any) -> dict[str, Any]:
    return {"case_id": factories.case(world, site).pk}


def _flagged(world: Any, site: Any) -> dict[str, Any]:
    return {"decision_id": factories.flagged_decision(world, site).pk}


MAKERS = {"legal_case": _case, "flagged_decision": _flagged}

API = "/api/v1/legal"
C = "/cases/{case_id}"
CHARGE = {"statute": "RCW 69.50.4013", "level": "felony", "incident_date": "2026-01-03"}

CASES = [
    Case("legal:worklist", VIEW),
    Case("legal:worklist_queue", VIEW),
    Case("legal:worklist_holds", VIEW),
    Case("legal:worklist_court_dates", VIEW),
    Case("legal:worklist_cases", VIEW),
    Case("legal:case_create", CREATE),
    Case("legal:case_detail", VIEW, obj="legal_case"),
    Case("legal:charge_add", MANAGE, obj="legal_case", method="POST", ok=302, data=CHARGE),
    Case(
        "legal:court_date_add",
        MANAGE,
        obj="legal_case",
        method="POST",
        ok=302,
        data={"on": "2026-12-01", "kind": "Arraignment"},
    ),
    Case(
        "legal:warrant_record",
        MANAGE,
        obj="legal_case",
        method="POST",
        ok=302,
        data={"status": "quashed", "on": "2026-03-01"},
    ),
    Case(
        "legal:baseline_set",
        DECIDE,
        obj="legal_case",
        method="POST",
        ok=302,
        data={"baseline": "file_charges"},
    ),
    Case("legal:decision_record", DECIDE, obj="legal_case"),
    Case("legal:reviews", REVIEW),
    Case(
        "legal:review_record",
        REVIEW,
        obj="flagged_decision",
        method="POST",
        ok=302,
        data={"outcome": "cleared", "note": "Police report predates every disclosure."},
    ),
    Case(f"GET {API}/worklist", VIEW),
    Case(f"GET {API}/worklist/queue", VIEW),
    Case(f"GET {API}/worklist/holds", VIEW),
    Case(f"GET {API}/worklist/court-dates", VIEW),
    Case(f"GET {API}/worklist/cases", VIEW),
    Case(f"GET {API}/cases", VIEW),
    # The participant does not exist: advocate and prosecutor get the field error, others 404.
    Case(
        f"POST {API}/cases",
        CREATE,
        method="POST",
        ok=422,
        data={"participant_id": 987654321, "court": "Municipal Court", "charges": [CHARGE]},
    ),
    Case(f"GET {API}{C}", VIEW, obj="legal_case"),
    Case(f"POST {API}{C}/charges", MANAGE, obj="legal_case", method="POST", ok=201, data=CHARGE),
    Case(
        f"POST {API}{C}/court-dates",
        MANAGE,
        obj="legal_case",
        method="POST",
        ok=201,
        data={"on": "2026-12-01"},
    ),
    Case(
        f"POST {API}{C}/warrants",
        MANAGE,
        obj="legal_case",
        method="POST",
        ok=201,
        data={"status": "issued", "on": "2026-03-01", "reference": "W-1"},
    ),
    Case(
        f"PUT {API}{C}/baseline",
        DECIDE,
        obj="legal_case",
        method="PUT",
        data={"baseline": "decline_to_file"},
    ),
    Case(
        f"POST {API}{C}/decisions",
        DECIDE,
        obj="legal_case",
        method="POST",
        ok=201,
        data={"kind": "monitor", "rationale": "Watching progress."},
    ),
    Case(f"GET {API}/reviews", REVIEW),
    Case(
        f"POST {API}/reviews/{{decision_id}}",
        REVIEW,
        obj="flagged_decision",
        method="POST",
        data={"outcome": "concern", "note": "The report was written after the disclosure."},
    ),
    Case("legal:settings", SETTINGS),
    Case(
        "legal:settings",
        SETTINGS,
        method="POST",
        ok=302,
        data={"taint_lookback_days": "365", "hold_review_warning_days": "7"},
    ),
    Case(f"GET {API}/settings", SETTINGS),
    Case(f"PATCH {API}/settings", SETTINGS, method="PATCH", data={"taint_lookback_days": 180}),
]
