"""Matrix entries for consents and disclosures."""

from __future__ import annotations

from typing import Any

from goldenthread.core.roles import Role
from goldenthread.disclosures import rules
from goldenthread.disclosures.tests import factories
from goldenthread.testing_matrix import Case

R = Role
MANAGE = frozenset({R.CM, R.SUPERVISOR})
VIEW = frozenset({R.CM, R.SUPERVISOR, R.ADVOCATE})
ACCOUNTING = frozenset({R.CM, R.SUPERVISOR, R.PM})
RECEIVERS = frozenset({R.PROSECUTOR, R.DEFENDER, R.OFFICER, R.POLICE_SUPERVISOR})


def _consent(world: Any, site: Any) -> dict[str, Any]:
    return {"consent_id": factories.consent(world, site).pk}


def _draft_consent(world: Any, site: Any) -> dict[str, Any]:
    return {"consent_id": factories.consent(world, site, status=rules.DRAFT).pk}


def _scanned_consent(world: Any, site: Any) -> dict[str, Any]:
    return {"consent_id": factories.with_scan(factories.consent(world, site)).pk}


def _consented_participant(world: Any, site: Any) -> dict[str, Any]:
    return {"participant_id": factories.consent(world, site).participant_id}


def _disclosure(world: Any, site: Any) -> dict[str, Any]:
    return {"disclosure_id": factories.disclosure(world, site).pk}


MAKERS = {
    "consent": _consent,
    "draft_consent": _draft_consent,
    "scanned_consent": _scanned_consent,
    "consented_participant": _consented_participant,
    "disclosure": _disclosure,
}

API = "/api/v1/disclosures"
P = "/participants/{participant_id}"

CASES = [
    Case("disclosures:received", RECEIVERS),
    Case("disclosures:participants", VIEW | ACCOUNTING),
    Case("disclosures:participant", VIEW, obj="participant"),
    Case("disclosures:consent_create", MANAGE, obj="participant"),
    Case("disclosures:consent_refuse", MANAGE, obj="participant", method="POST", ok=302),
    Case("disclosures:disclosure_create", MANAGE, obj="participant"),
    Case("disclosures:accounting", ACCOUNTING, obj="participant"),
    Case("disclosures:accounting_csv", ACCOUNTING, obj="participant"),
    Case("disclosures:accounting_pdf", ACCOUNTING, obj="participant"),
    Case("disclosures:consent_detail", VIEW, obj="consent"),
    Case("disclosures:consent_activate", MANAGE, obj="draft_consent", method="POST", ok=302),
    Case("disclosures:consent_revoke", MANAGE, obj="consent", method="POST", ok=302),
    Case("disclosures:consent_scan", VIEW, obj="scanned_consent"),
    # No file sent: the managers get the form back naming the field, everyone else 404.
    Case("disclosures:consent_scan_upload", MANAGE, obj="consent", method="POST", ok=422),
    Case("disclosures:disclosure_detail", VIEW | {R.PROSECUTOR}, obj="disclosure"),
    Case(f"GET {API}{P}/consents", VIEW, obj="participant"),
    Case(
        f"POST {API}{P}/consents",
        MANAGE,
        obj="participant",
        method="POST",
        ok=201,
        data=factories.consent_values(),
    ),
    Case(f"GET {API}/consents/{{consent_id}}", VIEW, obj="consent"),
    Case(f"GET {API}/consents/{{consent_id}}/scan", VIEW, obj="scanned_consent"),
    Case(f"POST {API}/consents/{{consent_id}}/scan", MANAGE, obj="consent", method="POST", ok=422),
    Case(
        f"POST {API}/consents/{{consent_id}}/activate", MANAGE, obj="draft_consent", method="POST"
    ),
    Case(f"POST {API}/consents/{{consent_id}}/revoke", MANAGE, obj="consent", method="POST"),
    Case(f"POST {API}{P}/consent-refusals", MANAGE, obj="participant", method="POST", ok=201),
    Case(
        f"POST {API}{P}/disclosures",
        MANAGE,
        obj="consented_participant",
        method="POST",
        ok=201,
        data={"audience": "prosecutor", "purpose": "legal_coordination", "progress": "Housed."},
    ),
    Case(f"GET {API}{P}/disclosures", VIEW, obj="participant"),
    Case(f"GET {API}/received", RECEIVERS),
    Case(f"GET {API}/disclosures/{{disclosure_id}}", VIEW | {R.PROSECUTOR}, obj="disclosure"),
    Case(f"GET {API}{P}/accounting", ACCOUNTING, obj="participant"),
    Case(f"GET {API}{P}/accounting.pdf", ACCOUNTING, obj="participant"),
]
