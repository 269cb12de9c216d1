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
    R.PM: frozenset(
        {
            "audit.view",
            "participants.view",
            "participant.transition",
            "breakglass.use",
            "breakglass.review",
        }
    ),
    R.CM: frozenset({"participants.view", "participant.transition"}),
    R.SUPERVISOR: frozenset(
        {"participants.view", "participant.transition", "audit.view", "breakglass.review"}
    ),
    R.OUTREACH: frozenset({"participants.view"}),
    R.ADVOCATE: frozenset({"participants.view"}),
}

# Referrals (issue 3): case management and the PM see everything in this area; police see the
# status of their own and their agency's referrals; prosecutors only the filing queue.
_REFERRAL_STAFF = frozenset(
    {
        "referrals.view",
        "referrals.create",
        "referrals.screen",
        "referrals.people",
        "referrals.handoff",
        "referrals.decline",
        "referrals.filing_queue",
        "referrals.queue",
        "referrals.capacity",
        "referrals.policy_view",
    }
)
_REFERRAL_CM = _REFERRAL_STAFF | {"referrals.intake", "referrals.enroll", "referrals.queue_manage"}
_REFERRAL_POLICE = frozenset({"referrals.create", "referrals.view_status"})
REFERRALS: dict[Role, frozenset[str]] = {
    R.PM: _REFERRAL_STAFF
    | {
        "referrals.override",
        "referrals.queue_manage",
        "referrals.queue_reorder",
        "referrals.policy_edit",
        "referrals.policy_adopt",
        "referrals.settings",
    },
    R.CM: _REFERRAL_CM,
    R.SUPERVISOR: _REFERRAL_CM | {"referrals.override"},
    R.OUTREACH: _REFERRAL_STAFF,
    R.OFFICER: _REFERRAL_POLICE,
    R.POLICE_SUPERVISOR: _REFERRAL_POLICE,
    R.PROSECUTOR: frozenset({"referrals.filing_queue"}),
}
# Case management (issue 4). Police, prosecutors, defenders, legal services, the PCG, the CLT
# and the evaluator hold none of these: every casework page and API path answers them 404.
_CW_FIELD = frozenset(
    {
        "casework.caseload",
        "casework.participant.view",
        "casework.contact.view",
        "casework.contact.log",
        "casework.plan.view",
        "casework.service.view",
        "casework.service.refer",
        "casework.profile.edit",
        "casework.advocate.worklist",
    }
)
CASEWORK: dict[Role, frozenset[str]] = {
    R.CM: _CW_FIELD
    | {
        "casework.plan.edit",
        "casework.status.record",
        "casework.flex.view",
        "casework.flex.request",
        "casework.flex.disburse",
    },
    R.SUPERVISOR: _CW_FIELD
    | {
        "casework.plan.edit",
        "casework.status.record",
        "casework.flex.view",
        "casework.flex.request",
        "casework.flex.approve",
        "casework.flex.disburse",
        "casework.flex.pools",
        "casework.flex.ledger",
        "casework.team",
        "casework.reassign",
        "casework.settings",
    },
    R.OUTREACH: _CW_FIELD,
    R.ADVOCATE: _CW_FIELD,
    # The PM manages budgets and forecasts caseload: pools, the ledger's reports, the team
    # view and reassignment; no contacts, notes or plans.
    R.PM: frozenset(
        {
            "casework.flex.pools",
            "casework.flex.ledger",
            "casework.team",
            "casework.reassign",
            "casework.settings",
        }
    ),
}
# Legal coordination: legal systems advocates and liaison prosecutors record and maintain a
# participant's court cases (the issue: "Legal systems advocates and prosecutors maintain
# them"; the seed: advocates track pending cases, liaison prosecutors coordinate non-diverted
# ones); defence counsel only read their clients'. Only prosecutors decide (each partner
# decides within its own sphere); the PM reviews flags. The Golden Rule look-back is a site
# setting: the PM, who runs the review, or the site admin, who keeps the site's configuration.
_LEGAL_CASE_KEEPER = frozenset({"legal.view", "legal.manage", "legal.case.create"})
LEGAL: dict[Role, frozenset[str]] = {
    R.PM: frozenset({"legal.view", "legal.review", "legal.settings"}),
    R.CM: frozenset({"legal.view"}),
    R.SUPERVISOR: frozenset({"legal.view"}),
    R.ADVOCATE: _LEGAL_CASE_KEEPER,
    R.PROSECUTOR: _LEGAL_CASE_KEEPER | {"legal.decide"},
    R.DEFENDER: frozenset({"legal.view"}),
    R.SITE_ADMIN: frozenset({"legal.settings"}),
}
# Consent and disclosure (42 CFR Part 2): case managers record consents and share; receivers
# read only what was addressed to them under a live consent; the PM sees the accounting.
DISCLOSURES: dict[Role, frozenset[str]] = {
    R.CM: frozenset(
        {
            "disclosures.view_participant",
            "disclosures.consent.manage",
            "disclosures.share",
            "disclosures.accounting",
        }
    ),
    R.SUPERVISOR: frozenset(
        {
            "disclosures.view_participant",
            "disclosures.consent.manage",
            "disclosures.share",
            "disclosures.accounting",
        }
    ),
    R.ADVOCATE: frozenset({"disclosures.view_participant"}),
    R.PM: frozenset({"disclosures.accounting"}),
    R.PROSECUTOR: frozenset({"disclosures.receive"}),
    R.DEFENDER: frozenset({"disclosures.receive"}),
    R.OFFICER: frozenset({"disclosures.receive"}),
    R.POLICE_SUPERVISOR: frozenset({"disclosures.receive"}),
}
# LEAD Legal Services (issue 6). The file (actions, notes, strategy, documents) is legal
# services' alone; case managers refer and follow the status of their referrals; the PM sees
# status and the aggregate report. Police, prosecutors and everyone else: nothing.
LEGALSERVICES: dict[Role, frozenset[str]] = {
    R.LEGAL_SERVICES: frozenset(
        {
            "legalservices.work",
            "legalservices.status",
            "legalservices.report",
            "legalservices.settings",
        }
    ),
    R.CM: frozenset({"legalservices.refer", "legalservices.status"}),
    R.ADVOCATE: frozenset({"legalservices.refer", "legalservices.status"}),
    R.PM: frozenset({"legalservices.status", "legalservices.report"}),
}
# Governance (issue 7): every site member reads the adopted policies and the MOU's status, and
# sees the bodies they hold a seat on (body membership drives it: a police officer on an OWG
# sees that OWG), recording their agency's position where their seat is authorised. PCG and
# CLT members also see the body kinds their role's site setting lists (GovernanceSettings:
# role_scopes); the PM runs it and sees all of it, as does the site admin. Never participants.
_GOV_MEMBER = frozenset({"governance.public", "governance.member", "governance.position"})
_GOV_ALL = frozenset(
    {"governance.public", "governance.member", "governance.view", "governance.all"}
)
GOVERNANCE: dict[Role, frozenset[str]] = {
    **{role: _GOV_MEMBER for role in Role},
    R.PM: _GOV_ALL | {"governance.manage"},
    R.PCG_MEMBER: _GOV_MEMBER | {"governance.view"},
    R.CLT_MEMBER: _GOV_MEMBER | {"governance.view"},
    R.SITE_ADMIN: _GOV_ALL,
}
# OWG case conferencing (issue 8): the PM runs the meeting; the partners at the table see a
# role-filtered roster, add notes, ask for a participant to be discussed, and record decisions
# (conferencing.rules.decision_refusal keeps each to its own sphere).
_OWG_PARTNER = frozenset(
    {
        "conferencing.view",
        "conferencing.note",
        "conferencing.decide",
        "conferencing.request",
    }
)
CONFERENCING: dict[Role, frozenset[str]] = {
    R.PM: _OWG_PARTNER | {"conferencing.run"},
    R.CM: _OWG_PARTNER,
    R.SUPERVISOR: _OWG_PARTNER,
    R.OUTREACH: _OWG_PARTNER,
    R.ADVOCATE: _OWG_PARTNER,
    R.OFFICER: _OWG_PARTNER,
    R.POLICE_SUPERVISOR: _OWG_PARTNER,
    R.PROSECUTOR: _OWG_PARTNER,
    R.DEFENDER: _OWG_PARTNER,
}
# Planning: the PM forecasts and plans capacity (domain.md, "Project manager"). Aggregate
# reports go to every role whose categories include aggregates; no police, prosecutor or
# defender role sees planning at all.
_PLANNING_REPORT = frozenset({"planning.report.view", "planning.report.export"})
PLANNING: dict[Role, frozenset[str]] = {
    R.PM: _PLANNING_REPORT
    | {
        "planning.capacity.view",
        "planning.forecast.run",
        "planning.scenario.manage",
        "planning.report.settings",
    },
    R.SUPERVISOR: _PLANNING_REPORT | {"planning.capacity.view"},
    R.CM: _PLANNING_REPORT,
    R.PCG_MEMBER: _PLANNING_REPORT,
    R.CLT_MEMBER: _PLANNING_REPORT,
    R.EVALUATOR: _PLANNING_REPORT,
}
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
            "evaluation.costs",
        }
    ),
    # Unit costs are the cost analysis's inputs: the PM or the site's evaluator sets them.
    R.EVALUATOR: frozenset({"evaluation.results", "evaluation.export_deid", "evaluation.costs"}),
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
