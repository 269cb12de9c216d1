"""Pure rules of case management (domain.md, "Case management"). No Django here: the
actions and queries feed these functions plain values, and the tests specify them directly."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from decimal import Decimal

# Contacts (encounters) happen mostly in the field.
CONTACT_KINDS: dict[str, str] = {
    "street": "Street outreach",
    "shelter": "Shelter",
    "office": "Office",
    "phone": "Phone",
    "text": "Text",
    "court": "Court",
    "accompaniment": "Appointment accompaniment",
}

# Individual Intervention Plan domains: the participant names the goals.
GOAL_DOMAINS: dict[str, str] = {
    "housing": "Housing",
    "income": "Income and benefits",
    "health": "Health",
    "substance_use": "Substance use",
    "legal": "Legal",
    "family": "Family",
    "prosocial": "Pro-social",
    "employment": "Employment",
}
GOAL_STATES: dict[str, str] = {"open": "Open", "achieved": "Achieved", "set_aside": "Set aside"}

# Status domains, each an ordered scale (low → high) so months can be compared.
STATUS_DOMAINS: dict[str, tuple[str, dict[str, str]]] = {
    "housing": (
        "Housing",
        {
            "unsheltered": "Unsheltered",
            "sheltered": "Sheltered",
            "temporary": "Temporary",
            "permanent": "Permanent",
        },
    ),
    "income": (
        "Income and benefits",
        {
            "none": "No income",
            "applied": "Benefits applied for",
            "benefits": "Benefits",
            "earned": "Earned income",
        },
    ),
    "employment": (
        "Employment",
        {
            "not_working": "Not working",
            "training": "In training",
            "part_time": "Part-time work",
            "full_time": "Full-time work",
            "retired": "Retired",
        },
    ),
    "coverage": (
        "Health coverage",
        {
            "none": "Uninsured",
            "applied": "Applied",
            "public": "Medicaid / Medicare",
            "private": "Private or other",
        },
    ),
}

# Retirement ends the employment continuum as well as work does (domain.md).
_LEVEL_OVERRIDES = {("employment", "retired"): 3}


def status_choices(domain: str) -> dict[str, str]:
    return STATUS_DOMAINS[domain][1] if domain in STATUS_DOMAINS else {}


def status_level(domain: str, value: str) -> int:
    """The value's rung on its domain's scale, 0-based; the picture of status over time."""
    if (domain, value) in _LEVEL_OVERRIDES:
        return _LEVEL_OVERRIDES[(domain, value)]
    return list(status_choices(domain)).index(value)


def status_refusal(
    domain: str, value: str, recorded_on: date, today: date
) -> tuple[str, str] | None:
    """(field, message) when a status record is refused, else None. A status is something
    observed: a date in the future is refused."""
    if domain not in STATUS_DOMAINS:
        return "domain", f"{domain!r} is not a status domain."
    if value not in status_choices(domain):
        return "value", f"{value!r} is not a {STATUS_DOMAINS[domain][0].lower()} status."
    if recorded_on > today:
        return "recorded_on", "A status cannot be recorded for a date in the future."
    return None


def days_since(when: date | None, today: date) -> int | None:
    return None if when is None else (today - when).days


def is_in_the_wind(
    last_contact: date | None, enrolled_on: date, today: date, after_days: int
) -> bool:
    """No contact for ``after_days`` (a site setting) marks someone 'in the wind'. Someone
    never contacted counts from enrolment."""
    since = last_contact or enrolled_on
    return (today - since).days >= after_days


def proposes_inactive(in_the_wind: bool, state: str) -> bool:
    """The caseload proposes marking someone inactive when they are in the wind and not
    already inactive (enrolled or active)."""
    return in_the_wind and state in {"enrolled", "active"}


def status_is_due(last_status: date | None, today: date, every_days: int) -> bool:
    """Status domains are recorded at intake and at least monthly: due when never recorded or
    when the last record is ``every_days`` old."""
    return last_status is None or (today - last_status).days >= every_days


def caseload_level(count: int, target: int, cap: int) -> str:
    """'over' past the cap (never more than 25), 'high' past the target, else 'ok'."""
    if count > cap:
        return "over"
    if count > target:
        return "high"
    return "ok"


def contact_refusal(
    kind: str, duration_minutes: int | None, occurred_on: date, today: date
) -> tuple[str, str] | None:
    if kind not in CONTACT_KINDS:
        return "kind", f"{kind!r} is not a kind of contact."
    if duration_minutes is not None and not 0 <= duration_minutes <= 24 * 60:
        return "duration_minutes", "The duration is in minutes, between 0 and 1440."
    if occurred_on > today:
        return "occurred_at", "A contact cannot be logged for a time in the future."
    return None


# Service referrals out: a closed loop.
SERVICE_KINDS: dict[str, str] = {
    "housing": "Housing",
    "treatment": "Treatment",
    "moud": "Medication for opioid use disorder (MOUD)",
    "benefits": "Benefits",
    "id_documents": "ID documents",
    "health_care": "Health care",
}
SERVICE_STATES: dict[str, str] = {
    "sent": "Sent",
    "accepted": "Accepted",
    "declined": "Declined",
    "completed": "Completed",
}
_SERVICE_NEXT: dict[str, frozenset[str]] = {
    "sent": frozenset({"accepted", "declined"}),
    "accepted": frozenset({"completed", "declined"}),
    "declined": frozenset(),
    "completed": frozenset(),
}


def service_transition_refusal(
    current: str, wanted: str, on: date, last_date: date, today: date
) -> tuple[str, str] | None:
    if wanted not in _SERVICE_NEXT.get(current, frozenset()):
        return "status", f"A referral that is {current} cannot become {wanted}."
    if on > today:
        return "on", "The date cannot be in the future."
    if on < last_date:
        return "on", "The date cannot be before the referral's previous step."
    return None


# Flex funds: the last resort, with no other limit on lawful purposes.
FLEX_CATEGORIES: dict[str, str] = {
    "basic_needs": "Basic needs",
    "housing": "Housing",
    "phone": "Phone",
    "transport": "Transport",
    "id_documents": "ID documents",
    "prosocial": "Pro-social supplies",
    "bail": "Bail",
    "restitution": "Restitution",
    "debt": "Debt",
    "other": "Other",
}
# At the clinical supervisor's discretion, always (domain.md, "Flex funds").
SUPERVISOR_CATEGORIES: frozenset[str] = frozenset({"bail", "restitution", "debt"})


def needs_supervisor(amount: Decimal, category: str, threshold: Decimal) -> bool:
    """The clinical supervisor approves when the amount exceeds the site's threshold or the
    category requires it (bail, restitution and debt always do)."""
    return category in SUPERVISOR_CATEGORIES or amount > threshold


@dataclass(frozen=True)
class FlexRequestFacts:
    amount: Decimal
    category: str
    pool_categories: Sequence[str]
    pool_start: date
    pool_end: date
    participant_state: str
    attested: bool
    pools_checked: str
    today: date


def flex_request_refusal(f: FlexRequestFacts) -> tuple[str, str] | None:
    """(field, message) for the first reason a flex-fund request is refused, else None."""
    if f.amount <= 0:
        return "amount", "The amount must be more than zero."
    if f.category not in FLEX_CATEGORIES:
        return "category", f"{f.category!r} is not a flex-fund category."
    if f.pool_categories and f.category not in f.pool_categories:
        return "category", "This pool does not pay for that category."
    if not f.pool_start <= f.today <= f.pool_end:
        return "pool", "This pool's fiscal period does not include today."
    if f.participant_state in {"exited", "terminated"}:
        return "participant", "Flex funds cannot be spent on a participant who has exited."
    if not f.attested:
        return "attested", "Flex funds come last: attest that no other resource was available."
    if not f.pools_checked.strip():
        return "pools_checked", "Name the other resources or pools that were checked."
    return None


def remaining(budget: Decimal, ledger_amounts: Iterable[Decimal]) -> Decimal:
    """A pool's remaining balance: its budget less the ledger's spends and reversals."""
    return budget - sum(ledger_amounts, Decimal("0"))


def overdraw_refusal(balance: Decimal, amount: Decimal) -> str | None:
    """Nothing may spend beyond what a pool has."""
    if amount > balance:
        return f"The pool has {balance:.2f} left; {amount:.2f} would overdraw it."
    return None


# Receipts: what a phone camera or a scanner makes, and not too large.
RECEIPT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def receipt_refusal(name: str, head: bytes, size: int, max_bytes: int) -> str | None:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in RECEIPT_SIGNATURES:
        return "A receipt must be a PDF, PNG or JPEG file."
    if not head.startswith(RECEIPT_SIGNATURES[ext]):
        return "The file's contents do not match its type."
    if size > max_bytes:
        return f"A receipt may be at most {max_bytes // (1024 * 1024)} MB."
    if size == 0:
        return "The file is empty."
    return None


@dataclass(frozen=True)
class StaffFacts:
    role: str
    clinical_credential: bool
    provides_supervision: bool
    lived_experience: bool | None
    languages: Sequence[str]


@dataclass(frozen=True)
class Coverage:
    clinical_credentials: bool
    supervision: bool
    lived_experience: bool
    languages: tuple[str, ...]

    @property
    def gaps(self) -> list[str]:
        out = []
        if not self.clinical_credentials:
            out.append("No one on the team holds a clinical credential.")
        if not self.supervision:
            out.append("No one on the team provides clinical supervision.")
        if not self.lived_experience:
            out.append("No one on the team has recorded lived experience.")
        return out


def team_coverage(staff: Iterable[StaffFacts]) -> Coverage:
    """Whether the team as a whole covers what the seed asks (chapter 5, "Case management": it
    blends lived experience and clinical skill, holds the credentials, and provides clinical
    supervision to line staff). Languages are listed for the supervisor to judge; the seed sets
    no rule for them, so they are never reported as a gap."""
    people = list(staff)
    languages = sorted({lang.strip().title() for s in people for lang in s.languages if lang})
    return Coverage(
        clinical_credentials=any(s.clinical_credential for s in people),
        supervision=any(s.provides_supervision or s.role == "supervisor" for s in people),
        lived_experience=any(s.lived_experience for s in people),
        languages=tuple(languages),
    )


def month_key(when: date) -> str:
    return f"{when.year:04d}-{when.month:02d}"


def contact_month(occurred_at: datetime, zone: tzinfo) -> date:
    """The month a contact counts in: the first day of its month on the site's clock (a
    contact at 23:30 on the last day of a month, local time, is that month's, whatever the
    date in UTC)."""
    local = occurred_at.astimezone(zone)
    return date(local.year, local.month, 1)


def months_back(today: date, count: int) -> list[str]:
    """The last ``count`` month keys, oldest first, ending with today's month."""
    year, month = today.year, today.month
    keys = []
    for _ in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return keys[::-1]


def status_by_month(
    records: Iterable[tuple[str, str, date]], months: Sequence[str]
) -> dict[str, list[str | None]]:
    """For each domain, the value in force at the end of each month (carried forward from the
    last record), or None before the first record. ``records`` are (domain, value, date)."""
    ordered = sorted(records, key=lambda r: r[2])
    out: dict[str, list[str | None]] = {}
    for domain in STATUS_DOMAINS:
        mine = [(month_key(d), v) for dom, v, d in ordered if dom == domain]
        row: list[str | None] = []
        current: str | None = None
        i = 0
        for key in months:
            while i < len(mine) and mine[i][0] <= key:
                current = mine[i][1]
                i += 1
            row.append(current)
        out[domain] = row
    return out
