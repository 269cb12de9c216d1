"""API shapes for consents and disclosures. Every disclosure carries the §2.32 notice and its
provenance; the accounting carries no content."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema

from goldenthread.disclosures import rules


class RecipientIn(Schema):
    audience: str
    agency_id: int | None = None
    name: str = ""


class RecipientOut(Schema):
    audience: str
    agency: str | None
    name: str


class ConsentIn(Schema):
    discloser: str = ""
    information: str = ""
    categories: list[str] = []
    purposes: list[str] = []
    purpose_text: str = ""
    revocation_method: str = ""
    expires_on: date | None = None
    expiry_event: str = ""
    signed_by: str = ""
    signed_by_representative: bool = False
    representative_authority: str = ""
    signed_on: date | None = None
    criminal_justice: bool = False
    irrevocable_until: date | None = None
    recipients: list[RecipientIn] = []
    activate: bool = True


class ConsentOut(Schema):
    id: int
    participant_id: int
    status: str
    discloser: str
    information: str
    categories: list[str]
    purposes: list[str]
    purpose_text: str
    revocation_method: str
    expires_on: date | None
    expiry_event: str
    signed_by: str
    signed_by_representative: bool
    representative_authority: str
    signed_on: date | None
    criminal_justice: bool
    irrevocable_until: date | None
    revoked_on: date | None
    refusal_note: str
    has_scan: bool
    recipients: list[RecipientOut]


class RevokeIn(Schema):
    note: str = ""


class RefusalIn(Schema):
    note: str = ""


class DisclosureIn(Schema):
    audience: str
    purpose: str
    recipient_agency_id: int | None = None
    engagement_confirmed: bool = False
    progress: str = ""
    plan: str = ""
    barriers: str = ""
    nothing_to_share: bool = False


class DisclosureOut(Schema):
    id: int
    participant_id: int
    participant: str
    audience: str
    recipient_agency: str | None
    purpose: str
    categories: list[str]
    engagement_confirmed: bool
    progress: str
    plan: str
    barriers: str
    nothing_to_share: bool
    shared_by: str
    shared_at: datetime
    provenance: str
    notice: str = rules.PART2_NOTICE


class DisclosureSummaryOut(Schema):
    id: int
    participant_id: int
    participant: str
    audience: str
    recipient_agency: str | None
    categories: list[str]
    shared_at: datetime
    provenance: str
    notice: str = rules.PART2_NOTICE


class ViewOut(Schema):
    at: datetime
    who: str
    role: str


class AccountingRowOut(Schema):
    disclosure_id: int
    shared_at: datetime
    shared_by: str
    recipient: str
    purpose: str
    categories: list[str]
    consent_id: int
    consent_status: str
    views: list[ViewOut]


class AccountingOut(Schema):
    participant_id: int
    participant: str
    notice: str = rules.PART2_NOTICE
    rows: list[AccountingRowOut]
