"""The Golden Rule gate and the severity ordering of prosecutorial decisions. Pure.

First Golden Rule (domain.md): no one may be worse off because they enrolled in LEAD and shared
information with their case manager. Information prosecutors receive from case managers must
never be the basis of an adverse action; independent, adequate information from another
source may be. The most severe outcome is standard processing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# Decisions a liaison prosecutor may record (domain.md, "Second Golden Rule"), and the
# adverse actions (filing, seeking detention, opposing release, seeking a warrant, alleging a
# violation).
DECLINE = "decline_to_file"
MONITOR = "monitor"
HOLD = "hold_in_abeyance"
DISMISS = "move_to_dismiss"
SUPPORT_QUASH = "support_quash_warrant"
SUPPORT_RELEASE = "support_pretrial_release"
NEGOTIATE = "negotiate_disposition"
STANDARD = "standard_processing"
FILE = "file_charges"
SEEK_DETENTION = "seek_detention"
OPPOSE_RELEASE = "oppose_release"
REQUEST_WARRANT = "request_warrant"
ALLEGE_VIOLATION = "allege_violation"

DECISION_LABELS: dict[str, str] = {
    DECLINE: "Decline to file",
    MONITOR: "Monitor in the filing queue",
    HOLD: "Hold filing decision in abeyance",
    DISMISS: "Move to dismiss",
    SUPPORT_QUASH: "Support quashing a warrant, or not issuing one",
    SUPPORT_RELEASE: "Support pretrial release",
    NEGOTIATE: "Negotiate a disposition",
    STANDARD: "Proceed with standard processing",
    FILE: "File charges",
    SEEK_DETENTION: "Seek detention",
    OPPOSE_RELEASE: "Oppose release",
    REQUEST_WARRANT: "Request a warrant",
    ALLEGE_VIOLATION: "Allege a probation or court-order violation",
}
DECISIONS = tuple(DECISION_LABELS)
ADVERSE: frozenset[str] = frozenset(
    {FILE, SEEK_DETENTION, OPPOSE_RELEASE, REQUEST_WARRANT, ALLEGE_VIOLATION}
)

# Severity: an explicit ordering, so "no one worse off than standard processing" is testable.
# 0 nothing is pursued; 1 the decision is deferred or supports the person; 2 a negotiated
# outcome; 3 filing or processing as for anyone; 4 pursuing custody or a violation.
SEVERITY: dict[str, int] = {
    DECLINE: 0,
    DISMISS: 0,
    SUPPORT_QUASH: 0,
    SUPPORT_RELEASE: 0,
    MONITOR: 1,
    HOLD: 1,
    NEGOTIATE: 2,
    STANDARD: 3,
    FILE: 3,
    REQUEST_WARRANT: 3,
    ALLEGE_VIOLATION: 4,
    OPPOSE_RELEASE: 4,
    SEEK_DETENTION: 4,
}

# What the office would do for someone not in LEAD: the baseline a decision may not exceed.
BASELINES: dict[str, str] = {
    DECLINE: "Would not file",
    NEGOTIATE: "Would offer a negotiated disposition",
    FILE: "Would file charges",
    SEEK_DETENTION: "Would file and seek detention",
}

# Information sources. Independent sources need a reference; LEAD-derived never suffice.
POLICE_REPORT = "police_report"
COURT_RECORD = "court_record"
OFFICER_OBSERVATION = "officer_observation"
WITNESS_STATEMENT = "witness_statement"
DISCLOSURE = "disclosure"
OWG_DISCUSSION = "owg_discussion"
CASE_MANAGEMENT = "case_management"
INDEPENDENT: frozenset[str] = frozenset(
    {POLICE_REPORT, COURT_RECORD, OFFICER_OBSERVATION, WITNESS_STATEMENT}
)
LEAD_DERIVED: frozenset[str] = frozenset({DISCLOSURE, OWG_DISCUSSION, CASE_MANAGEMENT})
SOURCE_LABELS: dict[str, str] = {
    POLICE_REPORT: "Police report (number)",
    COURT_RECORD: "Court record",
    OFFICER_OBSERVATION: "Officer's direct observation",
    WITNESS_STATEMENT: "Witness statement",
    DISCLOSURE: "A LEAD disclosure",
    OWG_DISCUSSION: "An OWG discussion",
    CASE_MANAGEMENT: "Anything from case management",
}

GOLDEN_RULE_REFUSAL = (
    "Refused under LEAD's first Golden Rule: information from LEAD ({sources}) may never be "
    "the basis of an adverse action. Act only on independent, adequate information from "
    "another source, and state it."
)


@dataclass(frozen=True)
class Source:
    kind: str
    reference: str = ""


@dataclass(frozen=True)
class GateResult:
    """The gate's answer. ``refusal`` is None when the decision may be recorded;
    ``flag_for_review`` asks the PM to review it against the access log."""

    refusal: str | None
    field: str | None = None
    flag_for_review: bool = False


def is_adverse(kind: str) -> bool:
    return kind in ADVERSE


def exceeds_baseline(kind: str, baseline: str) -> bool:
    return SEVERITY[kind] > SEVERITY[baseline]


def golden_rule_check(
    *,
    kind: str,
    sources: Iterable[Source],
    baseline: str | None,
    viewed_lead_derived: bool,
) -> GateResult:
    """Judge one prosecutorial decision before it is recorded.

    - An adverse action must state at least one source; each independent one a reference.
    - An adverse action whose basis includes any LEAD-derived source is refused.
    - No decision may be more severe than the case's standard-processing baseline, and an
      adverse action needs that baseline recorded first.
    - An allowed adverse action by someone who has read LEAD-derived information about the
      participant is flagged for Golden Rule review; the decision stays the prosecutor's.
    """
    if kind not in SEVERITY:
        return GateResult("Not a decision a liaison prosecutor records.", field="kind")
    basis = list(sources)
    if unknown := [s.kind for s in basis if s.kind not in INDEPENDENT | LEAD_DERIVED]:
        return GateResult(f"Not an information source: {', '.join(unknown)}.", field="basis")
    if is_adverse(kind):
        if not basis:
            return GateResult("An adverse action must state its information basis.", field="basis")
        lead = sorted({SOURCE_LABELS[s.kind] for s in basis if s.kind in LEAD_DERIVED})
        if lead:
            return GateResult(GOLDEN_RULE_REFUSAL.format(sources=", ".join(lead)), field="basis")
        if any(not s.reference.strip() for s in basis):
            return GateResult("Give each independent source its reference.", field="basis")
        if baseline is None:
            return GateResult(
                "Record this case's standard-processing baseline before an adverse action.",
                field="kind",
            )
    if baseline is not None and exceeds_baseline(kind, baseline):
        return GateResult(
            "Refused: no one may be worse off for being in LEAD. This decision is more severe "
            f"than the case's standard-processing baseline ({BASELINES.get(baseline, baseline)}).",
            field="kind",
        )
    return GateResult(None, flag_for_review=is_adverse(kind) and viewed_lead_derived)


def decision_field_refusal(
    *, kind: str, rationale: str, review_on: date | None, terms: str, today: date
) -> tuple[str, str] | None:
    """What each decision must carry: a rationale; a review date for a hold; terms for a
    negotiated disposition. Returns (field, message) or None."""
    if not rationale.strip():
        return "rationale", "Every decision states its rationale."
    if kind == HOLD and review_on is None:
        return "review_on", "A hold in abeyance needs a review date."
    if kind == HOLD and review_on is not None and review_on < today:
        return "review_on", "The review date cannot be in the past."
    if kind == NEGOTIATE and not terms.strip():
        return "terms", "State the negotiated terms."
    return None


def predates_enrollment(incident: date | None, enrolled_on: date | None) -> bool | None:
    """Whether an incident happened before enrolment (a filing backlog), or None if unknown."""
    if incident is None or enrolled_on is None:
        return None
    return incident < enrolled_on


# The site's settings of this area (LegalPolicy), with the range each may take. The look-back
# is how far back the access log is read to flag an adverse action for Golden Rule review:
# at least a day, at most ten years. The warning is how many days before a hold's review date
# it shows as due (0: on the day).
POLICY_RANGES: dict[str, tuple[int, int]] = {
    "taint_lookback_days": (1, 3650),
    "hold_review_warning_days": (0, 365),
}
POLICY_LABELS: dict[str, str] = {
    "taint_lookback_days": "Golden Rule look-back (days)",
    "hold_review_warning_days": "Holds show as due this many days before review",
}


def policy_refusal(name: str, value: object) -> str | None:
    """Why ``value`` cannot be this setting, or None."""
    if name not in POLICY_RANGES:
        return f"Not a setting of this area: {name!r}."
    low, high = POLICY_RANGES[name]
    if isinstance(value, bool) or not isinstance(value, int):
        return "A whole number of days."
    if not low <= value <= high:
        return f"Between {low} and {high} days."
    return None
