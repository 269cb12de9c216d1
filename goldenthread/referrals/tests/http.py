"""Small helpers for the referrals tests' HTTP calls."""

from __future__ import annotations

import json
from typing import Any

from goldenthread.core.roles import Role

BASE = "/api/v1/referrals"


def post(world: Any, role: Role, path: str, body: dict[str, Any] | None = None, site: Any = None):  # type: ignore[no-untyped-def]
    return world.api(role, site).post(
        BASE + path, data=json.dumps(body or {}), content_type="application/json"
    )


def patch(world: Any, role: Role, path: str, body: dict[str, Any]):  # type: ignore[no-untyped-def]
    return world.api(role).patch(
        BASE + path, data=json.dumps(body), content_type="application/json"
    )


def get(world: Any, role: Role, path: str, site: Any = None):  # type: ignore[no-untyped-def]
    return world.api(role, site).get(BASE + path)


def field_of(response: Any) -> str | None:
    return response.json()["errors"][0]["field"]


ARREST: dict[str, Any] = {
    "door": "arrest",
    "first_name": "Jordan",
    "last_name": "Kestrel",
    "date_of_birth": "1990-04-02",
    "offence_category": "drug_possession",
    "probable_cause": True,
    "charge": "VUCSA possession",
    "arrest_report_number": "AR-2026-0042",
    "quantity_grams": "1.5",
}
