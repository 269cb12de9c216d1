"""Consent (42 CFR 2.31) and disclosure rules: pure, so they can be property-tested.

Consent is checked here and nowhere else (style.md, "Security-sensitive code exists once").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# 42 CFR 2.32, short form. Shown on screen, in exports and in API responses.
PART2_NOTICE = "42 CFR part 2 prohibits unauthorized disclosure of these records."

# Lifecycle: draft → active → expired | revoked; "refused" records a refusal to consent.
DRAFT, ACTIVE, EXPIRED, REVOKED, REFUSED = "draft", "active", "expired", "revoked", "refused"

# Audiences a case manager may share with (domain.md, "Legal coordination").
PROSECUTOR, DEFENCE, POLICE, OWG = "prosecutor", "defence", "police", "owg"
AUDIENCES = (PROSECUTOR, DEFENCE, POLICE, OWG)

# What a CM may share: that they work with the person, progress and the stabilisation plan,
# barriers. Specifics about violations of law or court orders are NOT a category, on purpose.
ENGAGEMENT, PROGRESS, PLAN, BARRIERS = "engagement", "progress", "plan", "barriers"
CATEGORIES = (ENGAGEMENT, PROGRESS, PLAN, BARRIERS)

# Purposes a consent may name, and a disclosure must state.
LEGAL_COORDINATION = "legal_coordination"
MONITORING = "progress_monitoring"  # §2.35: monitoring by the referring criminal-justice body
CASE_CONFERENCING = "case_conferencing"
PURPOSES = (LEGAL_COORDINATION, MONITORING, CASE_CONFERENCING)
PURPOSE_LABELS: dict[str, str] = {
    LEGAL_COORDINATION: "Coordinating legal cases",
    MONITORING: "Monitoring progress for the referring criminal-justice body (§2.35)",
    CASE_CONFERENCING: "OWG case conferencing",
}

# Which audience a receiving role reads as (role values, so this module stays pure).
AUDIENCE_OF_ROLE: dict[str, str] = {
    "prosecutor": PROSECUTOR,
    "defender": DEFENCE,
    "officer": POLICE,
    "police_supervisor": POLICE,
}


def categories_of_content(
    *, engagement_confirmed: bool, progress: str, plan: str, barriers: str
) -> list[str]:
    """The categories a disclosure actually carries, from what the CM wrote."""
    present = {
        ENGAGEMENT: engagement_confirmed,
        PROGRESS: bool(progress.strip()),
        PLAN: bool(plan.strip()),
        BARRIERS: bool(barriers.strip()),
    }
    return [c for c in CATEGORIES if present[c]]


# The §2.31 elements, by field, with the words a CM sees when one is missing.
REQUIRED_ELEMENTS: dict[str, str] = {
    "discloser": "who may disclose",
    "information": "a specific description of the information",
    "recipients": "at least one recipient, by agency, role class or name",
    "purposes": "the purpose",
    "revocation_method": "how to revoke",
    "expiry": "the expiry date or event",
    "signed_by": "the signature (or an authorised representative's)",
    "signed_on": "the date signed",
}


@dataclass(frozen=True)
class ConsentFacts:
    """What the rules need to know about a consent, free of the ORM."""

    status: str
    expires_on: date | None
    categories: frozenset[str]
    purposes: frozenset[str]
    # (audience, agency id or None for the whole class)
    recipients: frozenset[tuple[str, int | None]]
    criminal_justice: bool = False
    irrevocable_until: date | None = None


def missing_elements(values: dict[str, object]) -> list[str]:
    """The §2.31 elements that are empty, in the order the regulation lists them."""
    missing = []
    for field, _label in REQUIRED_ELEMENTS.items():
        if field == "expiry":
            if not values.get("expires_on") and not str(values.get("expiry_event") or "").strip():
                missing.append(field)
        elif not values.get(field) or (
            isinstance(values.get(field), str) and not str(values.get(field)).strip()
        ):
            missing.append(field)
    return missing


def effective_status(status: str, expires_on: date | None, today: date) -> str:
    """Expiry is automatic: an active consent past its date reads as expired."""
    if status == ACTIVE and expires_on is not None and expires_on < today:
        return EXPIRED
    return status


def is_live(facts: ConsentFacts, today: date) -> bool:
    return effective_status(facts.status, facts.expires_on, today) == ACTIVE


def revocation_refusal(
    *, status: str, criminal_justice: bool, irrevocable_until: date | None, today: date
) -> str | None:
    """Revocation takes effect at once, except inside a §2.35 irrevocable window."""
    if status not in {ACTIVE, DRAFT}:
        return f"This consent is {status}; only a draft or active consent can be revoked."
    if criminal_justice and irrevocable_until is not None and today <= irrevocable_until:
        return (
            "This consent was given for a criminal-justice referral under 42 CFR 2.35 and is "
            f"irrevocable until {irrevocable_until.isoformat()}, as stated on the signed form. "
            "It can be revoked after that date."
        )
    return None


def irrevocable_window_refusal(
    *, criminal_justice: bool, irrevocable_until: date | None, signed_on: date | None
) -> str | None:
    """§2.35: only a criminal-justice referral consent may carry an irrevocable period, and the
    period must end (a stated, reasonable period)."""
    if irrevocable_until is None:
        return None
    if not criminal_justice:
        return "Only a consent for a criminal-justice referral (42 CFR 2.35) can be irrevocable."
    if signed_on is not None and irrevocable_until < signed_on:
        return "The irrevocable period must end after the date signed."
    return None


def disclosure_refusal(
    consent: ConsentFacts | None,
    *,
    audience: str,
    agency_id: int | None,
    purpose: str,
    categories: Iterable[str],
    today: date,
) -> str | None:
    """Why a disclosure may not go out under this consent, or None when the consent covers it:
    live, naming the recipient (by class or agency), the purpose and every category."""
    wanted = set(categories)
    if unknown := wanted - set(CATEGORIES):
        return f"Not a category that may be shared: {', '.join(sorted(unknown))}."
    if consent is None:
        return "No active consent covers this participant: record a signed consent first."
    status = effective_status(consent.status, consent.expires_on, today)
    if status != ACTIVE:
        return f"The consent is {status}, not active: nothing may be disclosed under it."
    if not any(
        aud == audience and (agency is None or agency == agency_id)
        for aud, agency in consent.recipients
    ):
        return "The consent does not name this recipient."
    if purpose not in consent.purposes:
        return "The consent does not cover this purpose."
    if wanted - consent.categories:
        missing = ", ".join(sorted(wanted - consent.categories))
        return f"The consent does not cover: {missing}."
    return None


def covering_consent(
    consents: Iterable[tuple[int, ConsentFacts]],
    *,
    audience: str,
    agency_id: int | None,
    purpose: str,
    categories: Iterable[str],
    today: date,
) -> tuple[int | None, str | None]:
    """The first consent that covers the disclosure, or None with the reason of the closest."""
    cats = list(categories)
    reason: str | None = None
    for pk, facts in consents:
        refusal = disclosure_refusal(
            facts,
            audience=audience,
            agency_id=agency_id,
            purpose=purpose,
            categories=cats,
            today=today,
        )
        if refusal is None:
            return pk, None
        # A live consent's reason ("does not name this recipient") says more than "expired".
        if reason is None or is_live(facts, today):
            reason = refusal
    if reason is None:
        reason = disclosure_refusal(
            None,
            audience=audience,
            agency_id=agency_id,
            purpose=purpose,
            categories=cats,
            today=today,
        )
    return None, reason


# Who at the OWG table reads a disclosure addressed to the OWG (role values, so this stays
# pure). The consent names the OWG as a class, or one agency of it; the roster shows the item
# to the roles of that agency's kind. Police are listed only where the consent names a police
# agency: the roster contract lists police only for people their own agency deals with.
OWG_CASE_MANAGEMENT = frozenset({"cm", "supervisor", "outreach", "advocate"})
OWG_ROLES_OF_AGENCY_KIND: dict[str, frozenset[str]] = {
    "case_management": OWG_CASE_MANAGEMENT,
    "prosecutor": frozenset({"prosecutor"}),
    "defender": frozenset({"defender"}),
    "police": frozenset({"officer", "police_supervisor"}),
}
OWG_WHOLE_TABLE = OWG_CASE_MANAGEMENT | {"prosecutor", "defender"}


def owg_roles(agency_kind: str | None) -> frozenset[str]:
    """The OWG partner roles a disclosure to the OWG reaches: the whole table but police when
    the consent names the OWG as a class (``agency_kind`` None), else the named agency's roles
    (none for an agency that has no seat at the OWG table)."""
    if agency_kind is None:
        return OWG_WHOLE_TABLE
    return OWG_ROLES_OF_AGENCY_KIND.get(agency_kind, frozenset())


# A roster item made from an OWG disclosure names it in its key, so the roster can re-check
# the consent whenever it is read.
OWG_KEY_PREFIX = "disclosures:owg:"


def owg_roster_key(disclosure_id: int) -> str:
    return f"{OWG_KEY_PREFIX}{disclosure_id}"


def owg_disclosure_of_key(key: str) -> int | None:
    """The OWG disclosure a roster item's key names, or None for any other item."""
    if not key.startswith(OWG_KEY_PREFIX):
        return None
    tail = key[len(OWG_KEY_PREFIX) :]
    return int(tail) if tail.isdigit() else None


# The scan of the signed form: a PDF or a picture of it, recognised by its first bytes (never by
# the file's name or the type the browser claims), and no larger than the site allows.
SCAN_SIGNATURES: dict[str, bytes] = {
    "pdf": b"%PDF-",
    "png": b"\x89PNG\r\n\x1a\n",
    "jpg": b"\xff\xd8\xff",
}
SCAN_CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
SCAN_HEAD_BYTES = 8


def size_label(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(n / 1024))} KB"


def scan_kind(head: bytes) -> str | None:
    """The scan's type from its first bytes: "pdf", "png", "jpg", or None for anything else."""
    return next((kind for kind, sig in SCAN_SIGNATURES.items() if head.startswith(sig)), None)


def scan_refusal(head: bytes, size: int, max_bytes: int) -> str | None:
    """Why this file cannot be kept as the scan of a signed consent, or None."""
    if size <= 0:
        return "The file is empty."
    if size > max_bytes:
        return f"The scan may be at most {size_label(max_bytes)}; this file is {size_label(size)}."
    if scan_kind(head) is None:
        return "The scan must be a PDF, PNG or JPEG file (judged by its contents)."
    return None
