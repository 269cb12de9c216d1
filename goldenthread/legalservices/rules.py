"""Pure rules of LEAD Legal Services (domain.md, "LEAD Legal Services (civil)"; seed, Chapter 5).

No Django here: the matter types and outcomes, intake's three decisions and what each needs,
the conflict check's fuzzy name matching, deadline reminders, and the PCG report's tallies.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from goldenthread.core import matching

# The seed's list: what LEAD Legal Services takes referrals for.
MATTER_TYPES: dict[str, str] = {
    "eviction": "Eviction (avoid or mitigate)",
    "vacate_conviction": "Vacating convictions",
    "lfo_relief": "Relief from legal financial obligations",
    "family_law": "Family law",
    "immigration": "Immigration status",
    "unlawful_debt": "Unlawful debt",
    "remote_warrant": "Warrants outside the local court system",
    "outlying_defence": "Defence in outlying-court cases or probation-violation allegations",
}

ROUTINE, SOON, URGENT = "routine", "soon", "urgent"
URGENCIES: dict[str, str] = {
    ROUTINE: "Routine",
    SOON: "Soon (within weeks)",
    URGENT: "Urgent (days)",
}

REFERRED, OPEN, DECLINED, REFERRED_OUT, CLOSED = (
    "referred",
    "open",
    "declined",
    "referred_out",
    "closed",
)
STATUSES: dict[str, str] = {
    REFERRED: "Referred, awaiting intake",
    OPEN: "Accepted, open",
    DECLINED: "Declined",
    REFERRED_OUT: "Referred elsewhere",
    CLOSED: "Closed",
}
RESOLVED = frozenset({DECLINED, REFERRED_OUT, CLOSED})

NOT_CHECKED, CLEAR, FLAGGED, CLEARED = "not_checked", "clear", "flagged", "cleared"
CONFLICT_STATES: dict[str, str] = {
    NOT_CHECKED: "Not checked",
    CLEAR: "No conflict found",
    FLAGGED: "Possible conflict: must be cleared",
    CLEARED: "Possible conflict cleared",
}

HIT_SOURCES: dict[str, str] = {
    "client": "Client in another matter",
    "party": "Adverse party in another matter",
    "participant": "LEAD participant",
    "agency": "Partner agency",
}

ENTRY_KINDS: dict[str, str] = {
    "action": "Action taken",
    "note": "Note",
    "strategy": "Strategy",
    "document": "Document",
}

EVICTION_AVOIDED = "eviction_avoided"
CONVICTION_VACATED = "conviction_vacated"
LFO_REDUCED = "lfo_reduced"
DEBT_RELIEVED = "debt_relieved"
WARRANT_QUASHED = "warrant_quashed"
IMMIGRATION_RELIEF = "immigration_relief"
OUTCOMES: dict[str, str] = {
    EVICTION_AVOIDED: "Eviction avoided",
    CONVICTION_VACATED: "Conviction vacated",
    LFO_REDUCED: "LFOs reduced",
    DEBT_RELIEVED: "Debt relieved",
    WARRANT_QUASHED: "Warrant quashed",
    IMMIGRATION_RELIEF: "Immigration relief",
}
# "LFOs reduced by $X, debt relieved by $X": the outcomes that carry an amount.
AMOUNT_OUTCOMES = frozenset({LFO_REDUCED, DEBT_RELIEVED})

DEFAULT_REMIND_DAYS = 7
DEFAULT_DOCUMENT_MAX_MB = 10
# How close (0-100) a name must come to another to be flagged as a possible conflict. Erring
# towards flagging is deliberate: a false alarm costs a cleared reason, a miss costs the client.
MATCH_THRESHOLD = 80

ACCEPT, DECLINE, REFER_OUT = "accept", "decline", "refer_out"


@dataclass(frozen=True)
class Refusal:
    message: str
    field: str


# ---- intake -------------------------------------------------------------------------------


def intake_refusal(
    *, status: str, decision: str, conflict_state: str, reason: str = "", referred_to: str = ""
) -> Refusal | None:
    """Why an intake decision is refused, or None. Only a referral awaiting intake is decided;
    acceptance needs a conflict check that found nothing or whose flag was cleared."""
    if status != REFERRED:
        return Refusal(f"This matter is already {STATUSES[status].lower()}.", "status")
    if decision == ACCEPT:
        if conflict_state == NOT_CHECKED:
            return Refusal("Run the conflict check before accepting.", "conflict")
        if conflict_state == FLAGGED:
            return Refusal(
                "A possible conflict is flagged: clear it, with a reason, before accepting.",
                "conflict",
            )
    elif decision == DECLINE:
        if not reason.strip():
            return Refusal("A decline needs a reason: the case manager sees it.", "reason")
    elif decision == REFER_OUT:
        if not referred_to.strip():
            return Refusal("Say to whom the matter is referred.", "referred_to")
    else:
        return Refusal(f"Unknown decision {decision!r}.", "decision")
    return None


def deadline_refusal(due_on: date, referred_on: date) -> Refusal | None:
    """A deadline cannot fall before the referral (it would be a typo, not a deadline)."""
    if due_on < referred_on:
        return Refusal(
            f"The deadline {due_on.isoformat()} is before the referral date "
            f"{referred_on.isoformat()}.",
            "due_on",
        )
    return None


def outcome_refusal(kind: str, amount: Decimal | None) -> Refusal | None:
    """Amounts where they apply (LFOs, debt), never below zero, and none where they don't."""
    if kind not in OUTCOMES:
        return Refusal(f"Unknown outcome {kind!r}.", "kind")
    if amount is not None and amount < 0:
        return Refusal("An outcome amount cannot be below zero.", "amount")
    if kind in AMOUNT_OUTCOMES and amount is None:
        return Refusal(f"{OUTCOMES[kind]}: give the amount in dollars.", "amount")
    if kind not in AMOUNT_OUTCOMES and amount is not None:
        return Refusal(f"{OUTCOMES[kind]} carries no amount.", "amount")
    return None


def conflict_state_after(hits: int) -> str:
    return FLAGGED if hits else CLEAR


# ---- conflict check -----------------------------------------------------------------------

# Adverse parties are often organisations: "Acme Property LLC" is "Acme Property".
IGNORED_WORDS = matching.CORPORATE_WORDS


def normalise_name(name: str) -> str:
    """Case, diacritics, punctuation, corporate suffixes and word order do not make a different
    party (the shared matcher, ``core.matching``)."""
    return matching.normalise(name, ignore=IGNORED_WORDS)


def name_score(a: str, b: str) -> int:
    """0-100: how alike two names are once normalised (``core.matching``)."""
    return matching.name_score(a, b, ignore=IGNORED_WORDS)


@dataclass(frozen=True)
class Candidate:
    """Something a name may collide with: another matter's client or party, a participant
    (with their aliases), an agency."""

    source: str
    label: str
    names: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    searched: str
    source: str
    matched: str
    score: int


def conflict_hits(
    searched: Iterable[tuple[str, Collection[str]]],
    candidates: Sequence[Candidate],
    *,
    threshold: int = MATCH_THRESHOLD,
) -> list[Hit]:
    """Every (searched name, candidate) pair at or above ``threshold``, best score per pair.

    ``searched`` pairs each name with the candidate sources it is checked against (the client
    is checked against other matters' adverse parties; an adverse party against everything).
    """
    flat: list[tuple[int, str]] = [(i, name) for i, c in enumerate(candidates) for name in c.names]
    index = matching.Index([n for _, n in flat], ignore=IGNORED_WORDS)
    hits: dict[tuple[str, int], Hit] = {}
    for name, sources in searched:
        for found, score in index.search(name, threshold=threshold):
            cand_index = flat[found][0]
            cand = candidates[cand_index]
            if cand.source not in sources:
                continue
            key = (name, cand_index)
            if key not in hits or hits[key].score < round(score):
                hits[key] = Hit(name, cand.source, cand.label, round(score))
    return sorted(hits.values(), key=lambda h: (-h.score, h.searched, h.matched))


# ---- deadlines ----------------------------------------------------------------------------


def reminder_due(due_on: date, remind_days: int, today: date) -> bool:
    """A deadline is reminded from ``remind_days`` before it falls due, and until it is met."""
    return today >= due_on - timedelta(days=remind_days)


def is_overdue(due_on: date, today: date) -> bool:
    return due_on < today


def remind_days_of(remind_days: int | None, site_window: int) -> int:
    """A deadline's own reminder lead, or the site's reminder window when it has none."""
    return site_window if remind_days is None else remind_days


def reminder_recipients(
    *,
    attorney: int | None,
    team: Collection[int],
    referrer: int,
    remind_referrer: bool,
) -> list[int]:
    """Who is emailed about a deadline: the matter's attorney (before intake has assigned one,
    the whole legal-services team), and the referring case manager when the site says so (they
    see status and deadlines, never the file)."""
    out = [attorney] if attorney is not None else sorted(team)
    if remind_referrer and referrer not in out:
        out.append(referrer)
    return out


# ---- documents ----------------------------------------------------------------------------

# What a matter's documents may be, told by their first bytes, never by their name.
DOCUMENT_SIGNATURES: dict[str, bytes] = {
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}
TEXT = "text/plain"
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _is_text(data: bytes) -> bool:
    """UTF-8 with no control characters but tab, newlines and form feed."""
    if _CONTROL.search(data):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def document_type(data: bytes) -> str | None:
    """The type a file's bytes show (PDF, PNG, JPEG by their magic bytes; otherwise UTF-8
    plain text, read whole), or None."""
    for content_type, magic in DOCUMENT_SIGNATURES.items():
        if data.startswith(magic):
            return content_type
    return TEXT if data and _is_text(data) else None


def document_refusal(data: bytes, size: int, max_bytes: int) -> Refusal | None:
    """Why an upload is refused: empty, too large, or not one of the accepted types. The name
    and the declared type are never trusted."""
    if size <= 0:
        return Refusal("The file is empty.", "file")
    if size > max_bytes:
        return Refusal(f"A document may be at most {max_bytes // (1024 * 1024)} MB.", "file")
    if document_type(data) is None:
        return Refusal("A document must be a PDF, PNG, JPEG or plain-text file.", "file")
    return None


_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\\"]")


def safe_filename(name: str, content_type: str) -> str:
    """The uploaded name, without any path or control characters, for Content-Disposition."""
    base = _UNSAFE_NAME.sub("_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(" .")
    if not base:
        base = "document." + {
            "application/pdf": "pdf",
            "image/png": "png",
            "image/jpeg": "jpg",
        }.get(content_type, "txt")
    return base[-200:]


# ---- the PCG report -----------------------------------------------------------------------


@dataclass(frozen=True)
class MatterRow:
    matter_type: str
    status: str
    referred_on: date
    resolved_on: date | None
    outcomes: tuple[tuple[str, Decimal | None], ...] = ()


@dataclass
class Report:
    by_type: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    outcome_counts: dict[str, int] = field(default_factory=dict)
    outcome_totals: dict[str, Decimal] = field(default_factory=dict)
    median_days_by_type: dict[str, float] = field(default_factory=dict)
    median_days: float | None = None
    resolved: int = 0
    total: int = 0


def days_to_resolution(referred_on: date, resolved_on: date) -> int:
    return max((resolved_on - referred_on).days, 0)


def summarise(rows: Iterable[MatterRow]) -> Report:
    """Counts by matter type, status and outcome, outcome amounts totalled, and the median
    days from referral to resolution (decline, referral elsewhere or closing)."""
    report = Report(
        by_type=dict.fromkeys(MATTER_TYPES, 0),
        by_status=dict.fromkeys(STATUSES, 0),
        outcome_counts=dict.fromkeys(OUTCOMES, 0),
        outcome_totals={k: Decimal("0") for k in AMOUNT_OUTCOMES},
    )
    days: dict[str, list[int]] = {}
    for row in rows:
        report.total += 1
        report.by_type[row.matter_type] = report.by_type.get(row.matter_type, 0) + 1
        report.by_status[row.status] = report.by_status.get(row.status, 0) + 1
        for kind, amount in row.outcomes:
            report.outcome_counts[kind] = report.outcome_counts.get(kind, 0) + 1
            if kind in AMOUNT_OUTCOMES and amount is not None:
                report.outcome_totals[kind] += amount
        if row.status in RESOLVED and row.resolved_on is not None:
            report.resolved += 1
            days.setdefault(row.matter_type, []).append(
                days_to_resolution(row.referred_on, row.resolved_on)
            )
    report.median_days_by_type = {k: float(statistics.median(v)) for k, v in days.items()}
    every = [d for v in days.values() for d in v]
    report.median_days = float(statistics.median(every)) if every else None
    return report
