"""The one access policy: which role may do what, and which categories of information it may
read. Nothing else in the code decides visibility; every query and action asks here.

HIPAA's minimum-necessary standard: each class of user sees only the categories it needs.
The table follows domain.md, "Who uses it" ("Must never see").
"""

from __future__ import annotations

from enum import StrEnum

from goldenthread.core.roles import Role


class Category(StrEnum):
    IDENTITY = "identity"
    REFERRAL_STATUS = "referral_status"
    ENROLLMENT_STATUS = "enrollment_status"
    CONTACTS_NOTES = "contacts_notes"
    HEALTH = "health"  # health and substance use: 42 CFR Part 2
    PLAN_GOALS = "plan_goals"
    LEGAL_CASES = "legal_cases"
    DISCLOSURES = "disclosures"
    LEGAL_SERVICES = "legal_services"
    GOVERNANCE = "governance"
    AGGREGATES = "aggregates"


C = Category
R = Role

# Reading these categories writes an access-log row (architecture.md, "Audit").
SENSITIVE: frozenset[Category] = frozenset(
    {C.CONTACTS_NOTES, C.HEALTH, C.PLAN_GOALS, C.LEGAL_CASES, C.DISCLOSURES, C.LEGAL_SERVICES}
)

_CASE_MANAGEMENT = frozenset(
    {
        C.IDENTITY,
        C.REFERRAL_STATUS,
        C.ENROLLMENT_STATUS,
        C.CONTACTS_NOTES,
        C.HEALTH,
        C.PLAN_GOALS,
        C.LEGAL_CASES,
        C.DISCLOSURES,
        C.AGGREGATES,
        C.GOVERNANCE,
    }
)

CATEGORIES: dict[Role, frozenset[Category]] = {
    # The PM sees operations; clinical detail only where a policy grants it.
    R.PM: frozenset(
        {
            C.IDENTITY,
            C.REFERRAL_STATUS,
            C.ENROLLMENT_STATUS,
            C.PLAN_GOALS,
            C.LEGAL_CASES,
            C.GOVERNANCE,
            C.AGGREGATES,
        }
    ),
    R.CM: _CASE_MANAGEMENT,
    R.SUPERVISOR: _CASE_MANAGEMENT,
    R.OUTREACH: frozenset(
        {C.IDENTITY, C.REFERRAL_STATUS, C.ENROLLMENT_STATUS, C.CONTACTS_NOTES, C.PLAN_GOALS}
    ),
    R.ADVOCATE: frozenset(
        {
            C.IDENTITY,
            C.REFERRAL_STATUS,
            C.ENROLLMENT_STATUS,
            C.CONTACTS_NOTES,
            C.PLAN_GOALS,
            C.LEGAL_CASES,
            C.DISCLOSURES,
        }
    ),
    # Police: status of their own and their agency's referrals, nothing else.
    R.OFFICER: frozenset({C.IDENTITY, C.REFERRAL_STATUS, C.ENROLLMENT_STATUS}),
    R.POLICE_SUPERVISOR: frozenset({C.IDENTITY, C.REFERRAL_STATUS, C.ENROLLMENT_STATUS}),
    # Prosecutors: legal cases and what was disclosed to them under consent.
    R.PROSECUTOR: frozenset({C.IDENTITY, C.LEGAL_CASES, C.DISCLOSURES}),
    R.DEFENDER: frozenset({C.IDENTITY, C.ENROLLMENT_STATUS, C.LEGAL_CASES, C.DISCLOSURES}),
    R.LEGAL_SERVICES: frozenset({C.IDENTITY, C.LEGAL_SERVICES}),
    R.PCG_MEMBER: frozenset({C.GOVERNANCE, C.AGGREGATES}),
    R.CLT_MEMBER: frozenset({C.GOVERNANCE, C.AGGREGATES}),
    R.EVALUATOR: frozenset({C.AGGREGATES}),
    R.SITE_ADMIN: frozenset({C.GOVERNANCE}),
}


# Permissions, one block per area so each area's grants read together.
FOUNDATION: dict[Role, frozenset[str]] = {
    R.SITE_ADMIN: frozenset({"site.manage", "users.manage", "audit.view"}),
    R.PM: frozenset({"audit.view", "participants.view", "participant.transition"}),
    R.CM: frozenset({"participants.view", "participant.transition"}),
    R.SUPERVISOR: frozenset({"participants.view", "participant.transition", "audit.view"}),
    R.OUTREACH: frozenset({"participants.view"}),
    R.ADVOCATE: frozenset({"participants.view"}),
}

REFERRALS: dict[Role, frozenset[str]] = {}
CASEWORK: dict[Role, frozenset[str]] = {}
LEGAL: dict[Role, frozenset[str]] = {}
DISCLOSURES: dict[Role, frozenset[str]] = {}
LEGALSERVICES: dict[Role, frozenset[str]] = {}
GOVERNANCE: dict[Role, frozenset[str]] = {}
CONFERENCING: dict[Role, frozenset[str]] = {}
PLANNING: dict[Role, frozenset[str]] = {}
# Evaluation: the PM runs imports and exports; the evaluator gets aggregates and the
# de-identified bundle only, never identified data (domain.md, "Who uses it").
EVALUATION: dict[Role, frozenset[str]] = {
    R.PM: frozenset(
        {
            "evaluation.import",
            "evaluation.run",
            "evaluation.results",
            "evaluation.export_deid",
            "evaluation.export_hmis",
        }
    ),
    R.EVALUATOR: frozenset({"evaluation.results", "evaluation.export_deid"}),
}

_AREAS = (
    FOUNDATION,
    REFERRALS,
    CASEWORK,
    LEGAL,
    DISCLOSURES,
    LEGALSERVICES,
    GOVERNANCE,
    CONFERENCING,
    PLANNING,
    EVALUATION,
)


def _merge() -> dict[Role, frozenset[str]]:
    merged: dict[Role, frozenset[str]] = {role: frozenset() for role in Role}
    for area in _AREAS:
        for role, perms in area.items():
            merged[role] = merged[role] | perms
    return merged


PERMISSIONS: dict[Role, frozenset[str]] = _merge()


def categories_for(role: Role | str) -> frozenset[Category]:
    return CATEGORIES[Role(role)]


def permissions_for(role: Role | str) -> frozenset[str]:
    return PERMISSIONS[Role(role)]
