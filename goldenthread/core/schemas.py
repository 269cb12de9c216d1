"""API shapes for the core area."""

from __future__ import annotations

from datetime import date

from ninja import Schema


class MeOut(Schema):
    username: str
    site: str
    site_name: str
    role: str
    role_label: str
    agency: str
    permissions: list[str]


class ParticipantOut(Schema):
    id: int
    name: str
    state: str
    enrolled_on: date
    case_manager: str | None


class TransitionIn(Schema):
    to_state: str
    reason: str = ""


class SiteOut(Schema):
    slug: str
    name: str
    time_zone: str
    intake_deadline_days: int
    handoff_target_minutes: int
    caseload_target: int
    caseload_cap: int
    inactive_after_days: int
    mfa_required_roles: list[str]
    termination_enabled: bool


class SiteIn(Schema):
    name: str | None = None
    time_zone: str | None = None
    intake_deadline_days: int | None = None
    handoff_target_minutes: int | None = None
    caseload_target: int | None = None
    caseload_cap: int | None = None
    inactive_after_days: int | None = None
    mfa_required_roles: list[str] | None = None
    termination_enabled: bool | None = None
