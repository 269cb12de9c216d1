"""Pure rules of evaluation and data exchange: reading a feed's row, matching it to a person,
and the outcome measures and models as the published studies did them (domain.md,
"Evaluation": Collins, Lonczak & Clifasefi 2017; Collins et al. 2019).

No Django here. Statistics come from numpy and statsmodels, name matching from ``core.matching``.
The models import the statsmodels modules they use, not ``statsmodels.api``: that loads every
model statsmodels has (time series, robust, imputation...) and costs an evaluation run about
25 MB more of peak memory.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import warnings
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from rapidfuzz.distance import Levenshtein

from goldenthread.core import matching

SIX_MONTHS = 183  # days: "6 months before and after evaluation entry" (Collins et al. 2017)
LONG_TERM = 730  # days: the long-term window, two years by default
SMALL_CELL = 11  # suppress counts 1-10 in tables (the usual small-cell rule)
AUTO_MATCH = 95  # score at or above which a single candidate is taken as the person
REVIEW_MATCH = 75  # score at or above which a candidate goes to the review queue
AMBIGUITY = 3  # two candidates this close are never auto-matched

KINDS = ("arrest", "booking", "release", "charge", "filing", "warrant", "conviction")
# The kinds the analysis dates by their booking or filing date (the incident's when missing);
# the rest by the incident.
DATED_BY_FILING = ("booking", "filing")
LEVELS = ("", "felony", "gross_misdemeanor", "misdemeanor", "infraction")
SENTENCES = ("", "jail", "prison", "probation", "none")
TRUE_VALUES = {"1", "y", "yes", "true", "t"}
FALSE_VALUES = {"", "0", "n", "no", "false", "f"}
# Codes most feeds use; a source's own value_map is consulted first.
DEFAULT_CODES: dict[str, dict[str, str]] = {
    "charge_level": {
        "F": "felony",
        "FEL": "felony",
        "GM": "gross_misdemeanor",
        "M": "misdemeanor",
        "MISD": "misdemeanor",
        "I": "infraction",
    },
}

# Our fields, in order; the first four must be mapped for every source.
REQUIRED_FIELDS = ("external_key", "last_name", "first_name", "date_of_birth", "incident_date")
OPTIONAL_FIELDS = ("kind", "filed_on", "released_on", "charge_level", "on_warrant", "sentence")
FIELDS = REQUIRED_FIELDS + OPTIONAL_FIELDS
DATE_FIELDS = ("date_of_birth", "incident_date", "filed_on", "released_on")


# ---------------------------------------------------------------- reading a feed's rows


@dataclass(frozen=True)
class RowError:
    """One problem in a file: the row number (the header is row 1), the field, the message."""

    row: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.field}: {self.message}"


@dataclass(frozen=True)
class EventRow:
    """One validated row of a feed, in our terms."""

    external_key: str
    first_name: str
    last_name: str
    date_of_birth: date
    kind: str
    incident_date: date
    filed_on: date | None = None
    released_on: date | None = None
    charge_level: str = ""
    on_warrant: bool = False
    sentence: str = ""

    def fingerprint(self) -> str:
        """A digest of every value, so a re-import can tell unchanged rows from corrected ones."""
        # getattr, not asdict: asdict deep-copies every value, and this runs once a row.
        text = "\x1f".join(f"{k}={getattr(self, k)}" for k in FIELDS)
        return hashlib.sha256(text.encode()).hexdigest()


def mapping_problems(column_map: Mapping[str, str], fixed_kind: str = "") -> list[str]:
    """What is wrong with a source's column mapping itself (an unknown or missing field)."""
    problems = [f"unknown field {name!r}" for name in column_map if name not in FIELDS]
    needed = REQUIRED_FIELDS + (() if fixed_kind else ("kind",))
    problems += [f"field {name!r} has no column" for name in needed if not column_map.get(name)]
    return problems


def missing_columns(
    header: Sequence[str], column_map: Mapping[str, str], fixed_kind: str = ""
) -> list[RowError]:
    """Every required column the file's header lacks, named with the field it feeds."""
    present = {h.strip() for h in header}
    needed = REQUIRED_FIELDS + (() if fixed_kind else ("kind",))
    errors = []
    for name in needed:
        column = column_map.get(name, "")
        if column not in present:
            errors.append(RowError(1, name, f"column {column!r} is missing from the header"))
    return errors


def parse_date(text: str, fmt: str) -> date:
    """The feed's format first, then ISO 8601; ValueError when neither reads it."""
    text = text.strip()
    try:
        return datetime.strptime(text, fmt).date()
    except ValueError:
        return date.fromisoformat(text)


def _coded(value: str, name: str, value_map: Mapping[str, Mapping[str, str]]) -> str:
    mapped = {**DEFAULT_CODES.get(name, {}), **value_map.get(name, {})}
    return mapped.get(value, mapped.get(value.upper(), value.lower()))


def parse_row(
    raw: Mapping[str, str | None],
    *,
    row: int,
    column_map: Mapping[str, str],
    date_format: str = "%Y-%m-%d",
    value_map: Mapping[str, Mapping[str, str]] | None = None,
    fixed_kind: str = "",
) -> tuple[EventRow | None, list[RowError]]:
    """Read one CSV row through the source's mapping. Either an EventRow or the errors, each
    naming the row and the field."""
    values = value_map or {}
    get: Callable[[str], str] = lambda name: (raw.get(column_map.get(name, "")) or "").strip()  # noqa: E731
    errors: list[RowError] = []
    out: dict[str, Any] = {}
    for name in REQUIRED_FIELDS:
        if name not in DATE_FIELDS and not get(name):
            errors.append(RowError(row, name, "is required"))
        out[name] = get(name)
    for name in DATE_FIELDS:
        text = get(name)
        if not text:
            if name in REQUIRED_FIELDS:
                errors.append(RowError(row, name, "is required"))
            out[name] = None
            continue
        try:
            out[name] = parse_date(text, date_format)
        except ValueError:
            out[name] = None  # never compare the unread text as a date below
            errors.append(RowError(row, name, f"{text!r} is not a date ({date_format})"))
    kind = fixed_kind or _coded(get("kind"), "kind", values)
    if kind not in KINDS:
        errors.append(RowError(row, "kind", f"{get('kind')!r} is not one of {', '.join(KINDS)}"))
    level = _coded(get("charge_level"), "charge_level", values) if get("charge_level") else ""
    if level not in LEVELS:
        errors.append(RowError(row, "charge_level", f"{get('charge_level')!r} is not a level"))
    sentence = _coded(get("sentence"), "sentence", values) if get("sentence") else ""
    if sentence not in SENTENCES:
        errors.append(RowError(row, "sentence", f"{get('sentence')!r} is not a sentence"))
    warrant = get("on_warrant").lower()
    if warrant not in TRUE_VALUES | FALSE_VALUES:
        errors.append(RowError(row, "on_warrant", f"{get('on_warrant')!r} is not yes or no"))
    released, booked = out.get("released_on"), out.get("filed_on") or out.get("incident_date")
    if released and booked and released < booked:
        errors.append(RowError(row, "released_on", "is before the booking date"))
    if len(out["external_key"]) > 100:
        errors.append(RowError(row, "external_key", "is longer than 100 characters"))
    if errors:
        return None, errors
    return (
        EventRow(
            external_key=out["external_key"],
            first_name=out["first_name"],
            last_name=out["last_name"],
            date_of_birth=out["date_of_birth"],
            kind=kind,
            incident_date=out["incident_date"],
            filed_on=out["filed_on"],
            released_on=out["released_on"],
            charge_level=level,
            on_warrant=warrant in TRUE_VALUES,
            sentence=sentence,
        ),
        [],
    )


# ---------------------------------------------------------------- identity matching


@dataclass(frozen=True)
class Candidate:
    """A person who might be the subject of a row."""

    person_id: int
    first_name: str
    last_name: str
    date_of_birth: date | None
    aliases: tuple[str, ...] = ()

    def names(self) -> list[str]:
        """The full name and each alias; a one-word alias stands for a first name."""
        out = [f"{self.first_name} {self.last_name}"]
        for alias in self.aliases:
            out.append(alias if " " in alias.strip() else f"{alias} {self.last_name}")
        return out


def dob_score(a: date | None, b: date | None) -> float:
    """100 for the same date; 80 for one typing slip (a digit or a day/month swap); 50 when
    either is unknown; 0 otherwise."""
    if a is None or b is None:
        return 50.0
    if a == b:
        return 100.0
    swapped = a.year == b.year and a.month == b.day and a.day == b.month
    if swapped or Levenshtein.distance(a.isoformat(), b.isoformat()) <= 1:
        return 80.0
    return 0.0


def match_score(first: str, last: str, dob: date | None, candidate: Candidate) -> float:
    """0-100: the best name similarity over the candidate's names and aliases (the shared
    matcher, ``core.matching``), weighted 70/30 with the date of birth."""
    name = matching.best_similarity([f"{first} {last}"], candidate.names())
    return round(0.7 * name + 0.3 * dob_score(dob, candidate.date_of_birth), 1)


@dataclass(frozen=True)
class Match:
    """``matched`` (with ``person_id``), ``review`` (with candidates) or ``none``."""

    status: str
    person_id: int | None = None
    candidates: tuple[tuple[int, float], ...] = ()


def classify_match(
    scores: Iterable[tuple[int, float]],
    *,
    auto: float = AUTO_MATCH,
    review: float = REVIEW_MATCH,
) -> Match:
    """One clear candidate at or above ``auto`` is the person. Anything else at or above
    ``review`` (including two close strong candidates) goes to a person to decide."""
    ranked = sorted(((p, s) for p, s in scores if s >= review), key=lambda x: (-x[1], x[0]))
    if not ranked:
        return Match("none")
    best_id, best = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else -math.inf
    if best >= auto and best - runner_up > AMBIGUITY:
        return Match("matched", best_id, tuple(ranked[:5]))
    return Match("review", None, tuple(ranked[:5]))


def blocking_keys(last_name: str, dob: date | None) -> list[str]:
    """Keys that bring a row and its likely candidates together without comparing every pair:
    the same date of birth, or the same first three letters of the last name."""
    keys = [f"n:{last_name.strip().lower()[:3]}"]
    if dob is not None:
        keys.append(f"d:{dob.isoformat()}")
    return keys


# ---------------------------------------------------------------- outcome measures


@dataclass(frozen=True, slots=True)
class Event:
    """A legal-system event as the measures see it. Slotted: an outcome run holds every event
    of a site's cohorts (52,000 at synth-000), and a slotted one is a third smaller."""

    kind: str
    on: date
    charge_level: str = ""
    on_warrant: bool = False
    released_on: date | None = None
    sentence: str = ""


@dataclass(frozen=True)
class Subject:
    """One person in the evaluation: LEAD (treated) or comparison, with the evaluation-entry
    date, baseline covariates and their events."""

    key: str
    treated: bool
    entry: date
    age: float | None
    events: tuple[Event, ...] = ()


MEASURES: dict[str, Callable[[Event], bool]] = {
    "arrests": lambda e: e.kind == "arrest",
    "nonwarrant_arrests": lambda e: e.kind == "arrest" and not e.on_warrant,
    "felony_charges": lambda e: e.kind in {"charge", "filing"} and e.charge_level == "felony",
    "misdemeanor_charges": lambda e: (
        e.kind in {"charge", "filing"} and e.charge_level in {"misdemeanor", "gross_misdemeanor"}
    ),
    "jail_bookings": lambda e: e.kind == "booking",
    "prison": lambda e: e.kind == "conviction" and e.sentence == "prison",
}


def window(entry: date, days: int, *, after: bool) -> tuple[date, date]:
    """Half-open [start, end): ``days`` before entry (not counting it), or from entry on."""
    return (entry, entry + timedelta(days=days)) if after else (entry - timedelta(days=days), entry)


def count_in(events: Iterable[Event], start: date, end: date, test: Callable[[Event], bool]) -> int:
    return sum(1 for e in events if start <= e.on < end and test(e))


def jail_days_in(events: Iterable[Event], start: date, end: date) -> int:
    """Days in jail inside [start, end): each booking's days from booking to release (the day
    of booking counts; a booking with no release date counts one day), clipped to the window."""
    total = 0
    for e in events:
        if e.kind != "booking":
            continue
        out = (e.released_on or e.on) + timedelta(days=1)
        overlap = (min(out, end) - max(e.on, start)).days
        total += max(overlap, 0)
    return total


def person_measures(
    subject: Subject, days: int, *, after: bool, until: date | None = None
) -> dict[str, float]:
    """Every measure for one person in one window, with the days observed (the window is cut
    at ``until``, the end of the data, so rates per person-year stay honest)."""
    start, end = window(subject.entry, days, after=after)
    if until is not None:
        end = min(end, until)
    observed = max((end - start).days, 0)
    out: dict[str, float] = {
        m: count_in(subject.events, start, end, t) for m, t in MEASURES.items()
    }
    out["jail_days"] = jail_days_in(subject.events, start, end)
    out["days"] = observed
    return out


def per_person_year(total: float, days: float) -> float | None:
    return round(total / (days / 365.25), 3) if days > 0 else None


def suppress(count: int, threshold: int = SMALL_CELL) -> int | str:
    """Counts from 1 to threshold-1 are shown as "<threshold"; zero is not identifying."""
    return f"<{threshold}" if 0 < count < threshold else count


def group_table(
    subjects: Sequence[Subject], days: int, *, until: date | None, small_cell: int = SMALL_CELL
) -> list[dict[str, Any]]:
    """Rows like the published tables: per group, measure and window, how many people had any
    such event (suppressed when small), the total, and the rate per person-year."""
    rows: list[dict[str, Any]] = []
    for treated, label in ((True, "LEAD"), (False, "Comparison")):
        group = [s for s in subjects if s.treated == treated]
        if not group:
            continue
        for after, period in ((False, "before"), (True, "after")):
            measured = [person_measures(s, days, after=after, until=until) for s in group]
            person_days = sum(m["days"] for m in measured)
            for name in (*MEASURES, "jail_days"):
                total = sum(m[name] for m in measured)
                anyone = sum(1 for m in measured if m[name] > 0)
                rows.append(
                    {
                        "group": label,
                        "n": len(group),
                        "period": period,
                        "measure": name,
                        "any": suppress(anyone, small_cell),
                        "any_share": round(anyone / len(group), 3)
                        if anyone >= small_cell
                        else None,
                        "total": suppress(int(total), small_cell),
                        "per_person_year": per_person_year(total, person_days),
                    }
                )
    return rows


# ---------------------------------------------------------------- models


@dataclass(frozen=True)
class Estimate:
    """A ratio (odds or rate) with its 95% confidence interval and p-value."""

    ratio: float
    low: float
    high: float
    p: float

    def covers(self, value: float) -> bool:
        return self.low <= value <= self.high


PROPENSITY_ITERATIONS = 200
# The columns of ``baseline_covariates``, as the report names them.
BASELINE_COVARIATES = ("age at entry", "arrests before entry", "jail bookings before entry")


def _logit(treated: Sequence[bool], covariates: np.ndarray) -> tuple[Any, np.ndarray]:
    """The fitted logistic model of ``treated`` on ``covariates`` with an intercept, and its
    design matrix."""
    from statsmodels.discrete.discrete_model import Logit
    from statsmodels.tools.tools import add_constant

    X = add_constant(np.asarray(covariates, dtype=float), has_constant="add")
    y = np.asarray(treated, dtype=float)
    return Logit(y, X).fit(disp=0, maxiter=PROPENSITY_ITERATIONS), X


def _scores(fit: Any, X: np.ndarray) -> np.ndarray:
    return np.clip(fit.predict(X), 0.01, 0.99)


def propensity_scores(treated: Sequence[bool], covariates: np.ndarray) -> np.ndarray:
    """P(treated | baseline covariates) from a logistic model (with an intercept)."""
    return _scores(*_logit(treated, covariates))


def fitted_covariates(
    covariates: np.ndarray, names: Sequence[str], unknown: Collection[str] = ()
) -> tuple[list[int], list[tuple[str, str]]]:
    """The columns of ``covariates`` a logistic model with an intercept can estimate, in
    order, and (name, why) for each one left out. A column that is the same for everyone
    cannot balance anything and is collinear with the intercept; a column that is a linear
    combination of the intercept and the columns kept before it (two identical counts, say)
    adds nothing the model can tell apart. Either makes the design matrix singular. A column
    named in ``unknown`` holds no one's real value (``missing_baseline``): it is left out, and
    the reason says so."""
    X = np.asarray(covariates, dtype=float)
    kept: list[int] = []
    left_out: list[tuple[str, str]] = []
    for j, name in enumerate(names):
        column = X[:, j]
        if name in unknown:
            left_out.append((name, "it is known for no one"))
            continue
        basis = np.column_stack([np.ones(len(X)), X[:, kept]])
        if np.ptp(column) > 0 and np.linalg.matrix_rank(
            np.column_stack([basis, column])
        ) > np.linalg.matrix_rank(basis):
            kept.append(j)
            continue
        # Which kept covariates it follows: those whose part of the fit is not rounding.
        coef = np.linalg.lstsq(basis, column, rcond=None)[0][1:]
        follows = [
            names[k]
            for k, c in zip(kept, coef, strict=True)
            if abs(c) * np.ptp(X[:, k]) > 1e-9 * np.ptp(column)
        ]
        if follows:
            why = f"it is a linear function of {' and '.join(follows)}, balanced on already"
        else:
            why = "it is the same for everyone, so there is nothing to balance"
        left_out.append((name, why))
    return kept, left_out


@dataclass(frozen=True)
class Propensity:
    """Propensity scores (None when no model could be fitted) and what the report should
    say about the model: covariates left out, or why there is no model."""

    scores: np.ndarray | None
    notes: tuple[str, ...] = ()


def propensity_model(
    treated: Sequence[bool],
    covariates: np.ndarray,
    names: Sequence[str],
    unknown: Collection[str] = (),
) -> Propensity:
    """``propensity_scores`` on the covariates a model can estimate (``fitted_covariates``),
    with a note for each one left out; no scores, and a note saying why, when none is left,
    when the covariates separate the groups perfectly, or when the fit does not converge:
    weights from such a model would be arbitrary."""
    from statsmodels.tools.sm_exceptions import PerfectSeparationWarning

    kept, left_out = fitted_covariates(covariates, names, unknown)
    notes = [f"The propensity model left out {name}: {why}." for name, why in left_out]
    if not kept:
        notes.append("No propensity model: no baseline covariate varies; no weighted models.")
        return Propensity(None, tuple(notes))
    used = " and ".join(names[j] for j in kept)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit, X = _logit(treated, np.asarray(covariates, dtype=float)[:, kept])
        except Exception as exc:  # a design singular in a way the rank test did not see
            notes.append(f"The propensity model on {used} did not fit ({type(exc).__name__}).")
            return Propensity(None, tuple(notes))
    if any(issubclass(w.category, PerfectSeparationWarning) for w in caught):
        notes.append(
            f"No propensity model: the covariates ({used}) separate LEAD from the "
            "comparison group perfectly, so weights would be arbitrary; no weighted models."
        )
        return Propensity(None, tuple(notes))
    if not fit.mle_retvals.get("converged", False):
        notes.append(
            f"The propensity model on {used} did not converge in "
            f"{PROPENSITY_ITERATIONS} iterations; no weighted models."
        )
        return Propensity(None, tuple(notes))
    return Propensity(_scores(fit, X), tuple(notes))


def ate_weights(treated: Sequence[bool], ps: np.ndarray) -> np.ndarray:
    """Inverse-probability weights for the average treatment effect: 1/p for the treated,
    1/(1-p) for the comparison group."""
    t = np.asarray(treated, dtype=bool)
    return np.where(t, 1.0 / ps, 1.0 / (1.0 - ps))


def att_weights(treated: Sequence[bool], ps: np.ndarray) -> np.ndarray:
    """Weights for the effect on the treated: 1 for the treated, p/(1-p) for the comparison
    group, which reweights it to look like those who were treated."""
    t = np.asarray(treated, dtype=bool)
    return np.where(t, 1.0, ps / (1.0 - ps))


def baseline_covariates(subjects: Sequence[Subject], days: int) -> np.ndarray:
    """Age at entry (missing ages take the mean) and arrests and bookings in the window before
    entry: the baseline the propensity model balances on (columns named in
    ``BASELINE_COVARIATES``)."""
    ages = np.array([s.age if s.age is not None else np.nan for s in subjects], dtype=float)
    # With no one's age known the column is a constant, which the model leaves out
    # (``missing_baseline`` names it).
    mean_age = np.nanmean(ages) if np.any(~np.isnan(ages)) else 0.0
    ages = np.where(np.isnan(ages), mean_age, ages)
    prior = np.array(
        [
            [
                person_measures(s, days, after=False)["arrests"],
                person_measures(s, days, after=False)["jail_bookings"],
            ]
            for s in subjects
        ],
        dtype=float,
    )
    return np.column_stack([ages, prior])


def missing_baseline(subjects: Sequence[Subject]) -> tuple[list[str], tuple[str, ...]]:
    """What the report should say about the baseline's missing values, and the covariates
    (``BASELINE_COVARIATES``' names) that no one has a value of. Only age can be missing (no
    date of birth): the counts come from the events. When some ages are missing,
    ``baseline_covariates`` gives those people the mean of the known ages, and the note says
    for how many, in each group."""
    missing = [s for s in subjects if s.age is None]
    if not missing:
        return [], ()
    if len(missing) == len(subjects):
        return [], (BASELINE_COVARIATES[0],)
    comparison = sum(1 for s in missing if not s.treated)
    return [
        f"Age at entry is unknown for {len(missing)} of {len(subjects)} people "
        f"({len(missing) - comparison} in LEAD, {comparison} in the comparison group); the "
        "propensity model gives them the mean age of the others."
    ], ()


def gee_prepost(
    subjects: Sequence[Subject],
    days: int,
    *,
    measure: str = "arrests",
    weights: np.ndarray | None = None,
    until: date | None = None,
    count: bool = False,
) -> Estimate:
    """GEE over two observations per person (before and after entry), exchangeable working
    correlation within person, person weights (ATE or ATT) if given. The estimate is the
    group × period interaction: how much more the odds (logistic; or the rate, Poisson with
    ``count``) of the outcome fell after entry for LEAD than for the comparison group."""
    from statsmodels.genmod.cov_struct import Exchangeable
    from statsmodels.genmod.families import Binomial, Poisson
    from statsmodels.genmod.generalized_estimating_equations import GEE

    ys, rows, groups, w = [], [], [], []
    for i, s in enumerate(subjects):
        for post in (0, 1):
            value = person_measures(s, days, after=bool(post), until=until)[measure]
            ys.append(value if count else float(value > 0))
            rows.append([1.0, float(s.treated), float(post), float(s.treated) * post])
            groups.append(i)
            w.append(1.0 if weights is None else float(weights[i]))
    family = Poisson() if count else Binomial()
    model = GEE(
        np.asarray(ys, dtype=float),
        np.asarray(rows),
        groups=np.asarray(groups),
        family=family,
        cov_struct=Exchangeable(),
        weights=np.asarray(w),
    )
    fit = model.fit()
    coef, se = float(fit.params[3]), float(fit.bse[3])
    if not (math.isfinite(coef) and math.isfinite(se)) or abs(coef) > 20:
        raise ValueError("the interaction is not estimable (no events in a cell?)")
    return Estimate(
        ratio=round(math.exp(coef), 4),
        low=round(math.exp(coef - 1.959964 * se), 4),
        high=round(math.exp(coef + 1.959964 * se), 4),
        p=round(float(fit.pvalues[3]), 5),
    )


def negbin_rate_ratio(
    counts: Sequence[float], design: np.ndarray, exposure: Sequence[float], column: int = 1
) -> tuple[Estimate, float]:
    """Negative-binomial (NB2) regression of ``counts`` on ``design`` with log(``exposure``)
    as offset, the dispersion alpha estimated by maximum likelihood (statsmodels); counts of
    legal-system events are overdispersed (domain.md: a heavy-tailed jail history), where a
    Poisson model understates the uncertainty. Returns the rate ratio of ``column`` and
    alpha."""
    from statsmodels.discrete.discrete_model import NegativeBinomial

    model = NegativeBinomial(
        np.asarray(counts, dtype=float),
        design,
        loglike_method="nb2",
        offset=np.log(np.asarray(exposure, dtype=float)),
    )
    fit = model.fit(disp=0, maxiter=200)
    coef, se = float(fit.params[column]), float(fit.bse[column])
    if not (math.isfinite(coef) and math.isfinite(se)) or abs(coef) > 20:
        raise ValueError("the rate ratio is not estimable")
    estimate = Estimate(
        ratio=round(math.exp(coef), 4),
        low=round(math.exp(coef - 1.959964 * se), 4),
        high=round(math.exp(coef + 1.959964 * se), 4),
        p=round(float(fit.pvalues[column]), 5),
    )
    return estimate, float(fit.params[-1])


def negbin_after_entry(
    subjects: Sequence[Subject], days: int, *, measure: str, until: date | None = None
) -> tuple[Estimate, float]:
    """Counts in the window after entry, LEAD against comparison, adjusted for the count in
    the window before (log(1 + before)), per person-year observed (offset)."""
    ys, rows, exposure = [], [], []
    for s in subjects:
        after = person_measures(s, days, after=True, until=until)
        if after["days"] <= 0:
            continue
        before = person_measures(s, days, after=False, until=until)[measure]
        ys.append(after[measure])
        rows.append([1.0, float(s.treated), math.log1p(before)])
        exposure.append(after["days"] / 365.25)
    return negbin_rate_ratio(ys, np.asarray(rows), exposure)


@dataclass
class Analysis:
    """What an outcome run reports: tables, models and the weights' balance, all aggregates."""

    n_treated: int
    n_comparison: int
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    models: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def analyse(
    subjects: Sequence[Subject],
    *,
    days: int = SIX_MONTHS,
    long_term_days: int = LONG_TERM,
    until: date | None = None,
    small_cell: int = SMALL_CELL,
) -> Analysis:
    """The whole analysis as the Seattle evaluators ran it: tables for the 6-month and the
    long-term windows, propensity weights (ATE and ATT) from baseline covariates, and GEE
    logistic models of arrest and felony-charge odds, unweighted and weighted."""
    n_t = sum(1 for s in subjects if s.treated)
    result = Analysis(n_treated=n_t, n_comparison=len(subjects) - n_t)
    result.tables["six_months"] = group_table(subjects, days, until=until, small_cell=small_cell)
    result.tables["long_term"] = group_table(
        subjects, long_term_days, until=until, small_cell=small_cell
    )
    if result.n_treated < 2 or result.n_comparison < 2:
        result.notes.append("Models need people in both groups; none were fitted.")
        return result
    treated = [s.treated for s in subjects]
    missing_notes, unknown = missing_baseline(subjects)
    result.notes += missing_notes
    propensity = propensity_model(
        treated, baseline_covariates(subjects, days), BASELINE_COVARIATES, unknown
    )
    result.notes += propensity.notes
    ps = propensity.scores
    weightings: list[tuple[str, np.ndarray | None]] = [("unweighted", None)]
    if ps is not None:
        weightings += [("ATE", ate_weights(treated, ps)), ("ATT", att_weights(treated, ps))]
    specs = [
        ("arrests", days, "6 months", False),
        ("arrests", long_term_days, "long term", False),
        ("felony_charges", days, "6 months", False),
        ("arrests", days, "6 months", True),
    ]
    for measure, span, label, count in specs:
        for name, w in weightings:
            try:
                est = gee_prepost(
                    subjects, span, measure=measure, weights=w, until=until, count=count
                )
            except Exception as exc:  # e.g. no events at all in a window
                result.notes.append(
                    f"{measure} {label} {name}: not estimable ({type(exc).__name__})"
                )
                continue
            result.models.append(
                {
                    "outcome": measure,
                    "window": label,
                    "model": "GEE Poisson (rate ratio)" if count else "GEE logistic (odds ratio)",
                    "weights": name,
                    **asdict(est),
                }
            )
    for measure in ("arrests", "jail_bookings"):
        try:
            est, alpha = negbin_after_entry(subjects, days, measure=measure, until=until)
        except Exception as exc:  # e.g. no events at all after entry
            result.notes.append(
                f"{measure} negative binomial: not estimable ({type(exc).__name__})"
            )
            continue
        result.models.append(
            {
                "outcome": measure,
                "window": "6 months",
                "model": f"Negative binomial (rate ratio; alpha {alpha:.2f})",
                "weights": "unweighted",
                **asdict(est),
            }
        )
    return result


def unit_costs(units: Mapping[str, float], prices: Mapping[str, float]) -> dict[str, float]:
    """Units multiplied by configurable unit costs (Collins et al. 2019), and their sum."""
    out = {k: round(units.get(k, 0) * float(prices.get(k, 0)), 2) for k in prices}
    out["total"] = round(sum(out.values()), 2)
    return out


# The unit costs a site sets (Collins et al. 2019; issue "Cost"): unit -> (label, the
# EvaluationConfig field). Prosecution and defence are costed per charge filed.
COST_UNITS: dict[str, tuple[str, str]] = {
    "jail_day": ("Jail day", "jail_day_cost"),
    "booking": ("Jail booking", "booking_cost"),
    "prosecution": ("Prosecution, per charge", "prosecution_cost"),
    "defence": ("Defence, per charge", "defence_cost"),
    "program_month": ("Program, per participant-month", "program_month_cost"),
}
MAX_UNIT_COST = 1_000_000


def cost_refusal(costs: Mapping[str, float]) -> tuple[str, str] | None:
    """(field, message) when a set of unit costs is refused, else None."""
    for unit in COST_UNITS:
        if unit not in costs:
            return unit, "A cost is required."
        value = costs[unit]
        if not 0 <= value <= MAX_UNIT_COST:
            return unit, f"A unit cost is between 0 and {MAX_UNIT_COST:,}."
    return None


_COST_MEASURES = {
    "jail_days": ("jail_day",),
    "jail_bookings": ("booking",),
    "felony_charges": ("prosecution", "defence"),
    "misdemeanor_charges": ("prosecution", "defence"),
}


def cost_table(rows: Sequence[Mapping[str, Any]], prices: Mapping[str, float]) -> list[dict]:
    """Yearly cost per person, by group and period: jail days, bookings and charges (for
    prosecution and defence) per person-year (from a ``group_table``) times the site's unit
    costs, and for LEAD after entry twelve months of program cost."""
    rates: dict[tuple[str, str], dict[str, float]] = {}
    for r in rows:
        for unit in _COST_MEASURES.get(r["measure"], ()):
            units = rates.setdefault((r["group"], r["period"]), {})
            units[unit] = units.get(unit, 0.0) + (r["per_person_year"] or 0.0)
    for (group, period), units in rates.items():
        units["program_month"] = 12.0 if (group, period) == ("LEAD", "after") else 0.0
    return [
        {"group": g, "period": p, **unit_costs(units, prices)} for (g, p), units in rates.items()
    ]


# ---------------------------------------------------------------- de-identification


def pseudonym(key: bytes, person_id: int) -> str:
    """A stable pseudonymous id: HMAC-SHA256 of the person's id under the site's secret, so
    it cannot be reversed or recomputed without the key (see docs/adr)."""
    return hmac.new(key, f"person:{person_id}".encode(), hashlib.sha256).hexdigest()[:20]


def study_day(entry: date, on: date) -> int:
    """Days from evaluation entry (negative before it): what replaces calendar dates."""
    return (on - entry).days


def age_band(dob: date | None, entry: date) -> str:
    """Age at entry in five-year bands, top-coded at 65+, so no birth date leaves the site."""
    if dob is None:
        return ""
    years = entry.year - dob.year - ((entry.month, entry.day) < (dob.month, dob.day))
    if years >= 65:
        return "65+"
    low = max(years // 5 * 5, 15)
    return f"{low}-{low + 4}"


NEUTRALISE = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(NEUTRALISE):
        return "'" + value
    return value


# ---------------------------------------------------------------- monthly status indicators
# Clifasefi et al. 2017 (domain.md, "Seattle housing, income and employment"): a single group,
# each of 18 months after referral compared with the month before referral. The indicators
# come from the casework status domains; a person's status in a month is the last status
# recorded on or before the month's last day (carried forward), unknown before the first.
INDICATOR_MONTHS = 18
INDICATORS: dict[str, tuple[str, str, frozenset[str]]] = {
    "sheltered": (
        "Sheltered or housed",
        "housing",
        frozenset({"sheltered", "temporary", "permanent"}),
    ),
    "permanent": ("Permanently housed", "housing", frozenset({"permanent"})),
    "employment_continuum": (
        "On the employment continuum",
        "employment",
        frozenset({"training", "part_time", "full_time", "retired"}),
    ),
    "income_or_benefits": ("Income or benefits", "income", frozenset({"benefits", "earned"})),
}
INDICATOR_DOMAINS: tuple[str, ...] = ("housing", "income", "employment")


def month_start(on: date, shift: int = 0) -> date:
    """The first day of ``on``'s month, moved by ``shift`` months."""
    index = on.year * 12 + on.month - 1 + shift
    return date(index // 12, index % 12 + 1, 1)


def month_end(first: date) -> date:
    return month_start(first, 1) - timedelta(days=1)


def person_months(
    entry: date,
    records: Sequence[tuple[str, str, date]],
    until: date,
    months: int = INDICATOR_MONTHS,
) -> list[dict[str, Any]]:
    """One row per month for one person: month 0 is the month before the entry month, months
    1..``months`` are the entry month and those after it, up to the month holding ``until``.
    ``records`` are ``(domain, value, recorded_on)``. Each row has the month's index, its
    housing/income/employment status (or None) and each indicator as 1, 0 or None."""
    ordered = sorted(records, key=lambda r: r[2])
    rows = []
    for k in range(months + 1):
        first = month_start(entry, k - 1)
        if first > until:
            break
        last = month_end(first)
        status: dict[str, str | None] = dict.fromkeys(INDICATOR_DOMAINS)
        for domain, value, on in ordered:
            if on > last:
                break
            if domain in status:
                status[domain] = value
        row: dict[str, Any] = {"month": k, **status}
        for name, (_, domain, yes) in INDICATORS.items():
            known = status[domain]
            row[name] = None if known is None else int(known in yes)
        rows.append(row)
    return rows


class IndicatorTally:
    """What ``indicator_table`` counts, gathered one person's ``person_months`` rows at a time,
    so that a whole site's rows need not be kept at once: per indicator and month, the rows,
    those with a known status and those meeting the indicator; and how many people."""

    def __init__(self) -> None:
        self.people = 0
        self._counts: dict[tuple[str, int], list[int]] = {}

    def add(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """One person's month rows."""
        self.people += 1
        for r in rows:
            for name in INDICATORS:
                counts = self._counts.setdefault((name, r["month"]), [0, 0, 0])
                value = r[name]
                counts[0] += 1
                if value is not None:
                    counts[1] += 1
                    counts[2] += value

    def table(self, small_cell: int = SMALL_CELL) -> list[dict[str, Any]]:
        """Per indicator and month: people with a known status, how many meet the indicator
        (suppressed below ``small_cell``), the share, and the share relative to month 0 (the
        month before referral): 2.0 means twice as likely as before referral."""
        out = []
        for name, (label, _, _) in INDICATORS.items():
            baseline: float | None = None
            for k in range(INDICATOR_MONTHS + 1):
                rows, known, yes = self._counts.get((name, k), (0, 0, 0))
                if not rows:
                    continue
                shown = suppress(yes, small_cell)
                share = yes / known if known else None
                if isinstance(shown, str):  # a share would give the suppressed count away
                    share = None
                if k == 0:
                    baseline = share  # None when suppressed: no ratio then gives it away
                out.append(
                    {
                        "indicator": name,
                        "label": label,
                        "month": k,
                        "known": known,
                        "yes": shown,
                        "share": None if share is None else round(share, 3),
                        "vs_baseline": (
                            round(share / baseline, 2) if share is not None and baseline else None
                        ),
                    }
                )
        return out


def indicator_table(
    people: Iterable[Iterable[Mapping[str, Any]]], small_cell: int = SMALL_CELL
) -> list[dict[str, Any]]:
    """Per indicator and month: people with a known status, how many meet the indicator
    (suppressed below ``small_cell``), the share, and the share relative to month 0 (the
    month before referral); see ``IndicatorTally``. ``people`` is read once."""
    tally = IndicatorTally()
    for rows in people:
        tally.add(rows)
    return tally.table(small_cell)
