"""Pure rules of the three doors: eligibility screening, the referral path, clocks, capacity,
the queue's score and possible-duplicate matching. No Django here (import-linter checks)."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from goldenthread.core import matching

# Doors (domain.md, "The three doors in").
ARREST = "arrest"
SOCIAL = "social"
COMMUNITY = "community"
DOORS = (ARREST, SOCIAL, COMMUNITY)

# The referral's path (domain.md, "A participant's path").
REFERRED = "referred"
SCREENING = "screening"
INELIGIBLE = "ineligible"
DECLINED = "declined"
INTAKE_PENDING = "intake_pending"
INTAKE_EXPIRED = "intake_expired"
ENROLLED = "enrolled"

TRANSITIONS: dict[str, frozenset[str]] = {
    REFERRED: frozenset({SCREENING}),
    SCREENING: frozenset({INELIGIBLE, DECLINED, INTAKE_PENDING}),
    INELIGIBLE: frozenset({INTAKE_PENDING}),  # only by an override with authority
    INTAKE_PENDING: frozenset({INTAKE_EXPIRED, ENROLLED, DECLINED}),
    INTAKE_EXPIRED: frozenset(),
    DECLINED: frozenset(),
    ENROLLED: frozenset(),
}


def transition_refusal(from_state: str, to_state: str) -> str | None:
    """Why a referral cannot move from one state to another, or None when it may."""
    if to_state not in TRANSITIONS.get(from_state, frozenset()):
        was, to = from_state.replace("_", " "), to_state.replace("_", " ")
        return f"A referral that is {was} cannot become {to}."
    return None


def is_waiting(state: str, waiting_since: object) -> bool:
    """Accepted for intake but held in the capacity queue (no case manager free yet)."""
    return state == INTAKE_PENDING and waiting_since is not None


# Pending to police: these states, and an intake held in the capacity queue (is_waiting).
POLICE_PENDING_STATES = frozenset({REFERRED, SCREENING})


def police_status(state: str, *, waiting: bool = False) -> str:
    """What police see of a referral (issue 3, "Who sees what"): accepted, pending or not
    eligible, nothing more."""
    if state == INELIGIBLE:
        return "not eligible"
    if state in POLICE_PENDING_STATES or (state == INTAKE_PENDING and waiting):
        return "pending"
    return "accepted"


# Vocabularies the policies and referrals draw on.
OFFENCE_CATEGORIES: dict[str, str] = {
    "drug_possession": "Drug possession",
    "drug_sale_subsistence": "Drug sale for subsistence",
    "prostitution": "Prostitution",
    "theft_low_level": "Low-level theft",
    "trespass": "Trespass",
    "public_disorder": "Public disorder",
}
EXCLUSION_CODES: dict[str, str] = {
    "violent_offence": "Violent offence",
    "delivery_for_profit": "Delivery or dealing for profit",
    "exploiting_minors": "Exploiting minors",
    "promoting_prostitution": "Promoting prostitution",
    "open_violent_or_weapons_case": "Open violent or weapons case",
    "protective_order_participant": "Protective order involving a current participant",
    "pending_treatment_court": "Pending treatment-court case",
    "not_amenable": "Not amenable to diversion",
    "disqualifying_history": "Disqualifying criminal history",
}

ELIGIBLE = "eligible"
NOT_ELIGIBLE = "ineligible"
NEEDS_REVIEW = "needs_review"
PASS, FAIL, REVIEW = "pass", "fail", "review"


@dataclass(frozen=True)
class Exclusion:
    code: str
    lookback_years: int | None = None  # None: excluded whatever the date


@dataclass(frozen=True)
class Policy:
    """An eligibility policy version as data (domain.md, "Eligibility differs by site")."""

    label: str
    adopted: bool
    eligible_categories: frozenset[str]
    max_grams: float | None = None
    max_dosage_units: int | None = None
    exclusions: tuple[Exclusion, ...] = ()
    minimum_age: int | None = None
    program_areas: frozenset[str] = frozenset()
    social_contact_lookback_months: int = 24
    prosecutor_signoff: bool = False
    approval_doors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class HistoryItem:
    code: str
    on: date | None = None


@dataclass(frozen=True)
class Facts:
    """What a referral says about the person and the contact."""

    door: str
    contact_date: date
    offence_category: str = ""
    grams: float | None = None
    dosage_units: int | None = None
    date_of_birth: date | None = None
    area: str = ""
    prior_activity_on: date | None = None
    verified: bool = False
    history: tuple[HistoryItem, ...] = ()


@dataclass(frozen=True)
class Criterion:
    name: str
    outcome: str
    reason: str


@dataclass(frozen=True)
class Screening:
    result: str
    criteria: tuple[Criterion, ...] = field(default_factory=tuple)


BASE_CRITERIA = (
    "offence",
    "quantity_grams",
    "dosage_units",
    "minimum_age",
    "geography",
    "social_contact_lookback",
    "approval",
)


def criterion_names(policy: Policy) -> tuple[str, ...]:
    """Every criterion a screening under ``policy`` explains, in order."""
    return BASE_CRITERIA + tuple(f"exclusion:{e.code}" for e in policy.exclusions)


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def months_before(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - day 28 exists in every month


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _offence(policy: Policy, f: Facts) -> Criterion:
    if f.door == COMMUNITY:
        return Criterion("offence", PASS, "Community referral: no charge involved.")
    if not f.offence_category:
        return Criterion("offence", REVIEW, "No offence category given.")
    label = OFFENCE_CATEGORIES.get(f.offence_category, f.offence_category)
    if f.offence_category in policy.eligible_categories:
        return Criterion("offence", PASS, f"{label} is an eligible category.")
    return Criterion("offence", FAIL, f"{label} is not an eligible category under this policy.")


def _grams(policy: Policy, f: Facts) -> Criterion:
    if policy.max_grams is None:
        return Criterion("quantity_grams", PASS, "This policy sets no gram threshold.")
    if f.grams is None:
        return Criterion("quantity_grams", PASS, "No quantity in grams recorded.")
    if f.grams > policy.max_grams:
        return Criterion(
            "quantity_grams", FAIL, f"{f.grams:g} g is more than the {policy.max_grams:g} g limit."
        )
    return Criterion(
        "quantity_grams", PASS, f"{f.grams:g} g is within the {policy.max_grams:g} g limit."
    )


def _units(policy: Policy, f: Facts) -> Criterion:
    if policy.max_dosage_units is None:
        return Criterion("dosage_units", PASS, "This policy sets no dosage-unit threshold.")
    if f.dosage_units is None:
        return Criterion("dosage_units", PASS, "No dosage units recorded.")
    if f.dosage_units > policy.max_dosage_units:
        return Criterion(
            "dosage_units",
            FAIL,
            f"{f.dosage_units} units is more than the {policy.max_dosage_units}-unit limit.",
        )
    return Criterion(
        "dosage_units",
        PASS,
        f"{f.dosage_units} units is within the {policy.max_dosage_units}-unit limit.",
    )


def _age(policy: Policy, f: Facts) -> Criterion:
    if policy.minimum_age is None:
        return Criterion("minimum_age", PASS, "This policy sets no minimum age.")
    if f.date_of_birth is None:
        return Criterion("minimum_age", REVIEW, "Date of birth unknown: check the age.")
    age = age_on(f.date_of_birth, f.contact_date)
    if age < policy.minimum_age:
        return Criterion(
            "minimum_age", FAIL, f"Aged {age}, under the minimum of {policy.minimum_age}."
        )
    return Criterion("minimum_age", PASS, f"Aged {age}, at least {policy.minimum_age}.")


def _geography(policy: Policy, f: Facts) -> Criterion:
    if not policy.program_areas:
        return Criterion("geography", PASS, "This policy covers the whole site.")
    if not f.area:
        return Criterion("geography", REVIEW, "No area recorded: check it is in the program area.")
    if f.area in policy.program_areas:
        return Criterion("geography", PASS, f"{f.area} is in the program area.")
    return Criterion("geography", FAIL, f"{f.area} is outside the program area.")


def _lookback(policy: Policy, f: Facts) -> Criterion:
    name = "social_contact_lookback"
    if f.door != SOCIAL:
        return Criterion(name, PASS, "Not a social contact referral.")
    months = policy.social_contact_lookback_months
    if not f.verified:
        return Criterion(name, FAIL, "The prior activity was not verified.")
    if f.prior_activity_on is None:
        return Criterion(name, REVIEW, "The date of the prior activity is unknown.")
    if f.prior_activity_on > f.contact_date:
        return Criterion(name, FAIL, "The prior activity is dated after the contact.")
    if f.prior_activity_on < months_before(f.contact_date, months):
        return Criterion(name, FAIL, f"The prior activity is older than {months} months.")
    return Criterion(name, PASS, f"Verified prior activity within {months} months.")


def _approval(policy: Policy, f: Facts) -> Criterion:
    if f.door in policy.approval_doors:
        who = "the prosecutor" if policy.prosecutor_signoff else "a designated approver"
        return Criterion("approval", REVIEW, f"This door needs approval by {who}.")
    return Criterion("approval", PASS, "No approval needed for this door.")


def _exclusion(ex: Exclusion, f: Facts) -> Criterion:
    name = f"exclusion:{ex.code}"
    label = EXCLUSION_CODES.get(ex.code, ex.code)
    hits = [h for h in f.history if h.code == ex.code]
    if not hits:
        return Criterion(name, PASS, f"No record of: {label.lower()}.")
    if ex.lookback_years is None:
        return Criterion(name, FAIL, f"Excluded: {label.lower()}.")
    since = years_before(f.contact_date, ex.lookback_years)
    if any(h.on is None for h in hits):
        return Criterion(
            name, REVIEW, f"{label}: date unknown, check the {ex.lookback_years}-year look-back."
        )
    if any(since <= h.on <= f.contact_date for h in hits if h.on is not None):
        return Criterion(name, FAIL, f"Excluded: {label.lower()} within {ex.lookback_years} years.")
    return Criterion(name, PASS, f"{label} is older than {ex.lookback_years} years.")


def screen(policy: Policy, facts: Facts) -> Screening:
    """Evaluate a referral against a policy, criterion by criterion. Any failed criterion makes
    the person ineligible; otherwise any open question means needs review."""
    criteria = (
        _offence(policy, facts),
        _grams(policy, facts),
        _units(policy, facts),
        _age(policy, facts),
        _geography(policy, facts),
        _lookback(policy, facts),
        _approval(policy, facts),
        *(_exclusion(ex, facts) for ex in policy.exclusions),
    )
    outcomes = {c.outcome for c in criteria}
    result = NOT_ELIGIBLE if FAIL in outcomes else NEEDS_REVIEW if REVIEW in outcomes else ELIGIBLE
    return Screening(result, criteria)


def policy_in_force(versions: list[tuple[int, date | None, bool]], on: date) -> int | None:
    """Of (id, effective_from, adopted) versions, the id of the adopted one in force on ``on``:
    the latest effective date not after it."""
    candidates = [(eff, vid) for vid, eff, adopted in versions if adopted and eff and eff <= on]
    return max(candidates)[1] if candidates else None


# Clocks (domain.md: 30-minute warm hand-off; intake deadline per site).
def handoff_deadline(contact_at: datetime, minutes: int) -> datetime:
    """Absolute time, so daylight-saving changes never stretch or shrink the target (Python adds
    wall-clock time to a datetime in a local zone, hence the detour through UTC)."""
    return contact_at.astimezone(UTC) + timedelta(minutes=minutes)


def handoff_late_before(now: datetime, minutes: int) -> datetime:
    """Contacts before this instant are past the hand-off target at ``now``: their deadline
    (``handoff_deadline``) is before now, so ``minutes_left`` is below 0. For counting the
    late ones in the database."""
    return now.astimezone(UTC) - timedelta(minutes=minutes)


def minutes_left(deadline: datetime, now: datetime) -> int:
    """Whole minutes until the deadline (negative once overdue)."""
    seconds = (deadline - now).total_seconds()
    return int(seconds // 60)


def local_date(moment: datetime, time_zone: str) -> date:
    return moment.astimezone(zoneinfo.ZoneInfo(time_zone)).date()


def intake_due(start: datetime, days: int, time_zone: str) -> date:
    """The last local calendar day on which intake may be completed."""
    return local_date(start, time_zone) + timedelta(days=days)


def intake_lapsed(due: date, now: datetime, time_zone: str) -> bool:
    """Intake lapses once the site's local date has passed the due date."""
    return due < lapsed_if_due_before(now, time_zone)


def lapsed_if_due_before(now: datetime, time_zone: str) -> date:
    """``intake_lapsed`` as a boundary for a query: every intake due before this date (the
    site's local date at ``now``) has lapsed."""
    return local_date(now, time_zone)


# Capacity and the queue.
def site_capacity(case_managers: int, cap: int) -> int:
    return case_managers * cap


def has_capacity(*, capacity: int, caseload: int, pending: int) -> bool:
    """Social contacts are accepted only when capacity remains after arrest diversions
    (California PC 1001.87, domain.md)."""
    return caseload + pending < capacity


@dataclass(frozen=True)
class Weights:
    per_day_waiting: int = 1
    per_recent_arrest: int = 5
    per_vulnerability: int = 10


@dataclass(frozen=True)
class ScoreTerm:
    label: str
    points: int


def queue_score(
    *,
    days_waiting: int,
    recent_arrests: int,
    vulnerabilities: int,
    adjustment: int,
    weights: Weights,
) -> tuple[int, tuple[ScoreTerm, ...]]:
    """A transparent priority score: the sum of its named terms."""
    terms = (
        ScoreTerm(
            f"{days_waiting} days waiting × {weights.per_day_waiting}",
            days_waiting * weights.per_day_waiting,
        ),
        ScoreTerm(
            f"{recent_arrests} recent arrests × {weights.per_recent_arrest}",
            recent_arrests * weights.per_recent_arrest,
        ),
        ScoreTerm(
            f"{vulnerabilities} vulnerability flags × {weights.per_vulnerability}",
            vulnerabilities * weights.per_vulnerability,
        ),
        ScoreTerm("PM adjustment", adjustment),
    )
    return sum(t.points for t in terms), terms


# Possible duplicates.
def match_score(
    *,
    names: list[str],
    birth: date | None,
    other_names: list[str],
    other_birth: date | None,
) -> int:
    """0–100: how alike two identities are, on the best pair of names or aliases (the shared
    matcher, ``core.matching``), raised when the dates of birth agree and lowered when they
    differ."""
    name = matching.best_similarity(names, other_names)
    if birth and other_birth:
        if birth == other_birth:
            name = min(100.0, name + 15)
        elif birth.year == other_birth.year or (birth.month, birth.day) == (
            other_birth.month,
            other_birth.day,
        ):
            name = name
        else:
            name -= 25
    return max(0, round(name))


MATCH_THRESHOLD = 80
