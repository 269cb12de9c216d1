"""The roles people hold at a LEAD site (domain.md, "Who uses it").

Pure data: the access policy in ``goldenthread.access.policy`` decides what each may do.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    PM = "pm"
    CM = "cm"
    SUPERVISOR = "supervisor"
    OUTREACH = "outreach"
    ADVOCATE = "advocate"
    OFFICER = "officer"
    POLICE_SUPERVISOR = "police_supervisor"
    PROSECUTOR = "prosecutor"
    DEFENDER = "defender"
    LEGAL_SERVICES = "legal_services"
    PCG_MEMBER = "pcg_member"
    CLT_MEMBER = "clt_member"
    EVALUATOR = "evaluator"
    SITE_ADMIN = "site_admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.PM: "Project manager",
    Role.CM: "Case manager",
    Role.SUPERVISOR: "Clinical supervisor",
    Role.OUTREACH: "Outreach / screening coordinator",
    Role.ADVOCATE: "Legal systems advocate",
    Role.OFFICER: "Police officer",
    Role.POLICE_SUPERVISOR: "Police supervisor",
    Role.PROSECUTOR: "Liaison prosecutor",
    Role.DEFENDER: "Defence attorney",
    Role.LEGAL_SERVICES: "Legal services attorney",
    Role.PCG_MEMBER: "PCG member",
    Role.CLT_MEMBER: "CLT member",
    Role.EVALUATOR: "Evaluator",
    Role.SITE_ADMIN: "Site admin",
}

ROLE_CHOICES = [(role.value, ROLE_LABELS[role]) for role in Role]

# MFA is required for these roles unless a site configures otherwise (issue: foundation).
DEFAULT_MFA_REQUIRED_ROLES = [
    Role.OFFICER.value,
    Role.POLICE_SUPERVISOR.value,
    Role.PROSECUTOR.value,
    Role.SITE_ADMIN.value,
]
