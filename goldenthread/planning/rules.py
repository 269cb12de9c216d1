"""Caseload forecasting and capacity planning: pure statistics on plain data (no Django).

The PM forecasts caseload and referral volume and prioritises referrals so that
case-management capacity is not exceeded (domain.md, "Project manager"). The inputs are plain
data (``History``) so that any source can feed them: per-month arrival counts per door,
conversion counts per door, and each participant's time in program with a flag saying whether
it ended in an exit (an event) or is still running (right-censored).

The model, fitted by ``fit_model``:

- arrivals per door per month: Poisson, or negative binomial when a Cameron–Trivedi test
  finds over-dispersion; a linear trend and a yearly (one-harmonic) seasonality are kept only
  when a likelihood-ratio test supports them (``SIGNIFICANCE``);
- conversion (referral → enrolled) per door: a Beta posterior (Jeffreys prior);
- time in program: Kaplan–Meier with right-censoring, continued past the longest observed
  stay by a constant hazard (events ÷ exposure);
- the inactive share: a Beta posterior.

``project`` runs a vectorised Monte Carlo (no Python loop over paths) of the caseload, i.e.
everyone enrolled and not exited (active and inactive: LEAD's guidance of an average of 20 and
never more than 25 counts both). ``summarise`` turns it into P10/P50/P90 per month, the
probability that demand exceeds the cap, the wait-list (demand beyond the cap's capacity,
which the PM holds back rather than overload case managers) and the staffing answer.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from goldenthread.referrals import rules as referral_rules

# statsmodels and scipy take seconds to import: they load on the first fit, not with the site.

MIN_MONTHS = 6
SIGNIFICANCE = 0.05
DAYS_PER_MONTH = 30.4375
UNKNOWN_DOOR = "unknown"


class InsufficientHistory(ValueError):
    """The history cannot support a forecast; the message says why, for a person."""


# ---------------------------------------------------------------------------------------------
# Inputs


@dataclass(frozen=True)
class History:
    """Plain-data inputs of a forecast.

    ``arrivals``: door → arrivals per month, oldest first, all the same length, the first in
    calendar month ``start_month`` (1–12). ``conversions``: door → (enrolled, referred); a door
    without one converts at 1 (its arrivals are enrollments). ``durations`` (months) and
    ``exited`` (True: the stay ended in an exit; False: still enrolled, right-censored) hold one
    entry per participant ever enrolled. ``inactive`` of ``enrolled`` are in the wind today.
    ``queued``: door → people waiting for capacity today (the referrals area's capacity queue),
    and ``intake``: door → (enrolled, ended after screening), the rate at which they enroll
    once a place frees up.
    """

    arrivals: dict[str, list[int]]
    durations: list[float]
    exited: list[bool]
    start_month: int = 1
    conversions: dict[str, tuple[int, int]] = field(default_factory=dict)
    inactive: int = 0
    enrolled: int = 0
    queued: dict[str, int] = field(default_factory=dict)
    intake: dict[str, tuple[int, int]] = field(default_factory=dict)

    def months(self) -> int:
        lengths = {len(v) for v in self.arrivals.values()}
        if len(lengths) > 1:
            raise InsufficientHistory("Every door needs the same number of months.")
        return lengths.pop() if lengths else 0


@dataclass(frozen=True)
class DoorConversion:
    """One door's referrals by where they stand. ``screened``: past screening (everything but
    referred / screening); ``passed``: screened and not found ineligible; ``decided``: ended
    (enrolled, ineligible, declined, intake expired). Screening conversion is passed ÷
    screened, intake conversion enrolled ÷ (passed and decided), and the model's conversion
    enrolled ÷ decided: referrals still open are left out so a recent month does not look
    like a refusal."""

    referred: int = 0
    screened: int = 0
    passed: int = 0
    decided: int = 0
    enrolled: int = 0

    @property
    def screening_rate(self) -> float | None:
        return self.passed / self.screened if self.screened else None

    @property
    def intake_rate(self) -> float | None:
        ended_after_screening = self.decided - (self.screened - self.passed)
        return self.enrolled / ended_after_screening if ended_after_screening else None

    @property
    def rate(self) -> float | None:
        return self.enrolled / self.decided if self.decided else None

    def as_dict(self) -> dict[str, Any]:
        def pct(x: float | None) -> float | None:
            return None if x is None else round(x, 3)

        return {
            "referred": self.referred,
            "screened": self.screened,
            "passed": self.passed,
            "decided": self.decided,
            "enrolled": self.enrolled,
            "screening_conversion": pct(self.screening_rate),
            "intake_conversion": pct(self.intake_rate),
            "conversion": pct(self.rate),
        }


_OPEN = frozenset({referral_rules.REFERRED, referral_rules.SCREENING})
_DECIDED = frozenset(
    {
        referral_rules.ENROLLED,
        referral_rules.INELIGIBLE,
        referral_rules.DECLINED,
        referral_rules.INTAKE_EXPIRED,
    }
)


def referral_history(
    counts: Sequence[tuple[str, int, str, int]], months: int
) -> tuple[dict[str, list[int]], dict[str, DoorConversion]]:
    """Arrivals per door per month and each door's conversion, from grouped referral counts
    ``(door, month index 0..months-1, state, n)``. Rows outside the window are not arrivals
    but still count towards conversion."""
    arrivals: dict[str, list[int]] = {}
    totals: dict[str, list[int]] = {}
    for door, index, state, n in counts:
        series = arrivals.setdefault(door, [0] * months)
        if 0 <= index < months:
            series[index] += n
        t = totals.setdefault(door, [0, 0, 0, 0, 0])
        t[0] += n
        if state not in _OPEN:
            t[1] += n
            if state != referral_rules.INELIGIBLE:
                t[2] += n
        if state in _DECIDED:
            t[3] += n
        if state == referral_rules.ENROLLED:
            t[4] += n
    doors = {door: DoorConversion(*t) for door, t in sorted(totals.items())}
    return {door: arrivals[door] for door in sorted(arrivals)}, doors


@dataclass(frozen=True)
class Scenario:
    """A what-if the PM compares with the baseline. Factors multiply; deltas add."""

    name: str = "Baseline"
    cm_delta: int = 0
    caseload_target: int | None = None
    referral_factor: float = 1.0
    extra_referrals_per_month: float = 0.0
    time_in_program_factor: float = 1.0


def scenario_problems(scenario: Scenario, *, case_managers: int, cap: int) -> dict[str, str]:
    """Field → message for a scenario that cannot be run at a site with this staff and cap."""
    problems: dict[str, str] = {}
    if case_managers + scenario.cm_delta < 1:
        problems["cm_delta"] = (
            f"The site has {case_managers} case manager(s); a change of {scenario.cm_delta} "
            "leaves none. Staff cannot be negative or zero."
        )
    target = scenario.caseload_target
    if target is not None and not 1 <= target <= cap:
        problems["caseload_target"] = f"The caseload target must be between 1 and the cap ({cap})."
    if not 0 < scenario.referral_factor <= 10:
        problems["referral_factor"] = "The referral-rate factor must be above 0 and at most 10."
    if not 0 <= scenario.extra_referrals_per_month <= 1000:
        problems["extra_referrals_per_month"] = "Extra referrals must be between 0 and 1000."
    if not 0 < scenario.time_in_program_factor <= 10:
        problems["time_in_program_factor"] = (
            "The time-in-program factor must be above 0 and at most 10."
        )
    return problems


# ---------------------------------------------------------------------------------------------
# Arrivals


@dataclass(frozen=True)
class ArrivalFit:
    """A fitted arrival rate for one door: log μ_t = β·x_t (constant, trend, season)."""

    door: str
    family: str  # "poisson" or "negative binomial"
    trend: bool
    seasonal: bool
    params: tuple[float, ...]
    cov: tuple[tuple[float, ...], ...]
    alpha: float
    dispersion_p: float | None
    trend_p: float | None
    seasonal_p: float | None
    months: int
    start_month: int
    mean: float

    def design(self, t: np.ndarray) -> np.ndarray:
        return _design(t, self.months, self.start_month, self.trend, self.seasonal)


def _design(t: np.ndarray, n: int, start_month: int, trend: bool, seasonal: bool) -> np.ndarray:
    cols = [np.ones_like(t, dtype=float)]
    if trend:
        cols.append((t - (n - 1) / 2) / 12.0)  # per year, centred on the history
    if seasonal:
        angle = 2 * np.pi * ((start_month - 1 + t) % 12) / 12.0
        cols += [np.sin(angle), np.cos(angle)]
    return np.column_stack(cols)


def _glm(y: np.ndarray, x: np.ndarray, alpha: float) -> Any:
    # The modules used, not statsmodels.api, which loads every model statsmodels has (about
    # 25 MB more of a process's memory; as in evaluation.rules).
    from statsmodels.genmod.families import NegativeBinomial, Poisson
    from statsmodels.genmod.generalized_linear_model import GLM

    family = Poisson() if alpha <= 0 else NegativeBinomial(alpha=alpha)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return GLM(y, x, family=family).fit()


def overdispersion_test(y: np.ndarray, mu: np.ndarray) -> tuple[float, float]:
    """Cameron–Trivedi: regress ((y−μ)² − y)/μ on μ without a constant; α > 0 is
    over-dispersion (variance μ + αμ²). Returns (α̂, one-sided p-value)."""
    from scipy import stats
    from statsmodels.regression.linear_model import OLS

    aux = ((y - mu) ** 2 - y) / mu
    fit = OLS(aux, mu).fit()
    alpha = float(fit.params[0])
    if not np.isfinite(fit.bse[0]) or fit.bse[0] == 0:
        return alpha, 1.0
    return alpha, float(stats.t.sf(alpha / fit.bse[0], df=len(y) - 1))


def _lr_p(restricted: float, full: float, df: int) -> float:
    from scipy import stats

    return float(stats.chi2.sf(max(2 * (full - restricted), 0.0), df))


def fit_arrivals(
    counts: Sequence[int], *, door: str = UNKNOWN_DOOR, start_month: int = 1
) -> ArrivalFit:
    """Fit one door's monthly arrivals, keeping only the terms the data supports."""
    y = np.asarray(counts, dtype=float)
    n = len(y)
    if n < MIN_MONTHS:
        raise InsufficientHistory(
            f"A forecast needs at least {MIN_MONTHS} months of history; there are {n}."
        )
    if y.sum() == 0:
        return ArrivalFit(
            door,
            "poisson",
            False,
            False,
            (-math.inf,),
            ((0.0,),),
            0.0,
            None,
            None,
            None,
            n,
            start_month,
            0.0,
        )
    t = np.arange(n, dtype=float)
    base = _glm(y, _design(t, n, start_month, False, False), 0.0)
    alpha, dispersion_p = overdispersion_test(y, base.mu)
    alpha = alpha if dispersion_p < SIGNIFICANCE and alpha > 0 else 0.0
    current = _glm(y, _design(t, n, start_month, False, False), alpha)
    trend = seasonal = False
    trend_p = seasonal_p = None
    if n >= 12:
        with_trend = _glm(y, _design(t, n, start_month, True, False), alpha)
        trend_p = _lr_p(current.llf, with_trend.llf, 1)
        if trend_p < SIGNIFICANCE:
            trend, current = True, with_trend
    if n >= 24:
        with_season = _glm(y, _design(t, n, start_month, trend, True), alpha)
        seasonal_p = _lr_p(current.llf, with_season.llf, 2)
        if seasonal_p < SIGNIFICANCE:
            seasonal, current = True, with_season
    cov = np.nan_to_num(np.asarray(current.cov_params()), nan=0.0)
    return ArrivalFit(
        door=door,
        family="negative binomial" if alpha > 0 else "poisson",
        trend=trend,
        seasonal=seasonal,
        params=tuple(float(p) for p in current.params),
        cov=tuple(tuple(float(c) for c in row) for row in cov),
        alpha=alpha,
        dispersion_p=dispersion_p,
        trend_p=trend_p,
        seasonal_p=seasonal_p,
        months=n,
        start_month=start_month,
        mean=float(y.mean()),
    )


def simulate_arrivals(
    fit: ArrivalFit, months: int, paths: int, rng: np.random.Generator, factor: float = 1.0
) -> np.ndarray:
    """Arrivals (paths × months) after the history, with the parameters' uncertainty drawn per
    path (multivariate normal) and, for a negative binomial, a gamma-mixed Poisson."""
    if not math.isfinite(fit.params[0]):
        return np.zeros((paths, months), dtype=np.int64)
    x = fit.design(np.arange(fit.months, fit.months + months, dtype=float))
    beta = rng.multivariate_normal(np.asarray(fit.params), np.asarray(fit.cov), size=paths)
    ceiling = math.log(max(fit.mean, 1.0) * 20)  # a trend may not run away beyond reason
    mu = np.exp(np.minimum(beta @ x.T, ceiling)) * factor
    if fit.alpha > 0:
        mu = rng.gamma(shape=1 / fit.alpha, scale=fit.alpha * mu)
    return rng.poisson(mu)


def conversion_draws(
    converted: int, referred: int, paths: int, rng: np.random.Generator
) -> np.ndarray:
    """Per-path conversion rates from a Beta(k + ½, n − k + ½) posterior; 1 with no data."""
    if referred <= 0:
        return np.ones(paths)
    return rng.beta(converted + 0.5, referred - converted + 0.5, size=paths)


# ---------------------------------------------------------------------------------------------
# Time in program


def kaplan_meier(
    durations: Sequence[float], observed: Sequence[bool]
) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan–Meier estimate with right-censoring: (event times, S just after each).

    At each distinct event time t, S(t) = S(t⁻)·(1 − d/n), n counting everyone whose stay
    lasted at least t (those censored at t are still at risk)."""
    t = np.asarray(durations, dtype=float)
    d = np.asarray(observed, dtype=bool)
    if len(t) != len(d):
        raise ValueError("durations and observed differ in length")
    times, deaths = np.unique(t[d], return_counts=True)
    ordered = np.sort(t)
    at_risk = len(t) - np.searchsorted(ordered, times, side="left")
    return times, np.cumprod(1.0 - deaths / at_risk)


@dataclass(frozen=True)
class Survival:
    """Time in program: the Kaplan–Meier curve up to the longest observed stay, then a
    constant hazard ``tail_rate`` (exits per participant-month over the whole history)."""

    times: tuple[float, ...]
    surv: tuple[float, ...]
    horizon: float
    tail_rate: float
    events: int
    censored: int

    @classmethod
    def fit(cls, durations: Sequence[float], observed: Sequence[bool]) -> Survival:
        if len(durations) == 0:
            raise InsufficientHistory(
                "No one has been enrolled yet, so there is no time in program."
            )
        if min(durations) < 0:
            raise InsufficientHistory("A time in program is negative (exit before enrollment).")
        times, surv = kaplan_meier(durations, observed)
        events = int(np.sum(observed))
        exposure = max(float(np.sum(durations)), 1e-9)
        # With no exit yet, half an exit keeps the tail finite (a Jeffreys-style guess).
        rate = max(events, 0.5) / exposure
        return cls(
            tuple(float(x) for x in times),
            tuple(float(s) for s in surv),
            float(max(durations)),
            rate,
            events,
            len(durations) - events,
        )

    def s(self, t: np.ndarray | float, scale: float = 1.0) -> np.ndarray:
        """S(t), stretched in time by ``scale`` (a 1.5 makes every stay 50% longer)."""
        u = np.asarray(t, dtype=float) / scale
        times = np.asarray(self.times)
        curve = np.concatenate([[1.0], np.asarray(self.surv)])
        inside = curve[np.searchsorted(times, np.minimum(u, self.horizon), side="right")]
        s_h = curve[np.searchsorted(times, self.horizon, side="right")]
        tail = s_h * np.exp(-self.tail_rate * np.maximum(u - self.horizon, 0.0))
        return np.where(u <= self.horizon, inside, tail)

    def mean_months(self, scale: float = 1.0) -> float:
        """E[T]: the area under S (the tail integrated in closed form)."""
        times = np.concatenate([[0.0], np.asarray(self.times), [self.horizon]])
        times = times[times <= self.horizon]
        curve = np.concatenate([[1.0], np.asarray(self.surv)])[: len(times) - 1]
        area = float(np.sum(np.diff(times) * curve))
        s_h = float(self.s(self.horizon))
        return scale * (area + (s_h / self.tail_rate if self.tail_rate > 0 else math.inf))

    def median_months(self, scale: float = 1.0) -> float | None:
        below = [t for t, s in zip(self.times, self.surv, strict=True) if s <= 0.5]
        if below:
            return below[0] * scale
        s_h = float(self.s(self.horizon))
        if self.tail_rate <= 0:
            return None
        return (self.horizon + math.log(s_h / 0.5) / self.tail_rate) * scale


# ---------------------------------------------------------------------------------------------
# The model and the simulation


@dataclass(frozen=True)
class Model:
    arrivals: tuple[ArrivalFit, ...]
    conversions: dict[str, tuple[int, int]]
    survival: Survival
    current_ages: tuple[float, ...]
    inactive: int
    enrolled: int
    queued: dict[str, int] = field(default_factory=dict)
    intake: dict[str, tuple[int, int]] = field(default_factory=dict)


def fit_model(history: History) -> Model:
    """Fit every part of the model from a site's history (see the module's docstring)."""
    months = history.months()
    if months == 0:
        raise InsufficientHistory("There is no arrival history to forecast from.")
    if sum(sum(v) for v in history.arrivals.values()) == 0:
        raise InsufficientHistory("No arrivals in the period: there is nothing to forecast from.")
    if len(history.durations) != len(history.exited):
        raise InsufficientHistory("Each time in program needs an exit flag.")
    fits = tuple(
        fit_arrivals(counts, door=door, start_month=history.start_month)
        for door, counts in sorted(history.arrivals.items())
    )
    ages = tuple(d for d, e in zip(history.durations, history.exited, strict=True) if not e)
    return Model(
        arrivals=fits,
        conversions=dict(history.conversions),
        survival=Survival.fit(history.durations, history.exited),
        current_ages=ages,
        inactive=history.inactive,
        enrolled=history.enrolled,
        queued={door: n for door, n in history.queued.items() if n > 0},
        intake=dict(history.intake),
    )


def project_enrollments(
    model: Model, scenario: Scenario, months: int, paths: int, rng: np.random.Generator
) -> np.ndarray:
    """New enrollments (paths × months): each door's arrivals thinned by its conversion, plus
    a scenario's extra referrals (a new precinct or door) at the pooled conversion rate."""
    total = np.zeros((paths, months), dtype=np.int64)
    for fit in model.arrivals:
        arrivals = simulate_arrivals(fit, months, paths, rng, scenario.referral_factor)
        k, n = model.conversions.get(fit.door, (0, 0))
        p = conversion_draws(k, n, paths, rng)
        total += rng.binomial(arrivals, p[:, None])
    if scenario.extra_referrals_per_month > 0:
        k = sum(c[0] for c in model.conversions.values())
        n = sum(c[1] for c in model.conversions.values())
        p = conversion_draws(k, n, paths, rng)
        extra = rng.poisson(scenario.extra_referrals_per_month, size=(paths, months))
        total += rng.binomial(extra, p[:, None])
    # The capacity queue today: each waiting person is demand now, enrolling at their door's
    # intake conversion (passed screening → enrolled) once a place frees up.
    for door, waiting in sorted(model.queued.items()):
        k, n = model.intake.get(door, (0, 0))
        p = conversion_draws(k, n, paths, rng)
        total[:, 0] += rng.binomial(waiting, p)
    return total


@dataclass(frozen=True)
class Projection:
    caseload: np.ndarray  # paths × months: enrolled and not exited (active + inactive)
    active: np.ndarray  # paths × months
    enrollments: np.ndarray  # paths × months
    initial: int = 0  # enrolled at the start

    def exits(self) -> np.ndarray:
        """Departures per path and month: last month's caseload plus this month's
        enrollments, less this month's caseload."""
        before = np.concatenate(
            [np.full((self.caseload.shape[0], 1), self.initial), self.caseload[:, :-1]], axis=1
        )
        return np.maximum(before + self.enrollments - self.caseload, 0)


def _month_ends_present(u: np.ndarray, presence: np.ndarray) -> np.ndarray:
    """How many month-ends each person is still enrolled at: the number of entries of the
    non-increasing ``presence`` (P(still enrolled at month-end k)) above their uniform draw."""
    return len(presence) - np.searchsorted(presence[::-1], u, side="right")


def _departure_diffs(
    path: np.ndarray, start: np.ndarray, stays: np.ndarray, paths: int, months: int
) -> np.ndarray:
    """+1 at the first month-end each person counts, −1 after the last (paths × months+1)."""
    width = months + 1
    end = np.minimum(start + stays, months)
    plus = np.bincount(path * width + start, minlength=paths * width)
    minus = np.bincount(path * width + end, minlength=paths * width)
    return (plus - minus).reshape(paths, width)


def project(
    model: Model,
    scenario: Scenario = Scenario(),
    *,
    months: int = 24,
    paths: int = 10_000,
    seed: int = 0,
) -> Projection:
    """Simulate the caseload at each month-end for every path at once (no loop over paths).

    Every person gets one uniform draw, turned by the inverse of the survival curve into the
    number of month-ends they stay: someone enrolled mid-month m is there at month-end m + k
    with probability S(k + ½); someone enrolled today at age a (in months) is there at
    month-end j with probability S(a′ + j + 1½) / S(a′ + ½), a′ = ⌊a⌋. The caseload is then a
    cumulative sum of arrivals and departures."""
    if not 1 <= months <= 120:
        raise ValueError("months must be between 1 and 120")
    rng = np.random.default_rng(seed)
    scale = scenario.time_in_program_factor
    survival = model.survival
    enrollments = project_enrollments(model, scenario, months, paths, rng)
    k = np.arange(months, dtype=float)
    # New enrollments.
    cells = np.repeat(np.arange(paths * months), enrollments.ravel())
    path, start = cells // months, cells % months
    stays = _month_ends_present(rng.random(len(cells)), survival.s(k + 0.5, scale))
    diffs = _departure_diffs(path, start, stays, paths, months)
    # Those enrolled today, grouped by whole months in program.
    ages, counts = np.unique(np.floor(model.current_ages).astype(int), return_counts=True)
    for age, count in zip(ages, counts, strict=True):
        now = float(survival.s(age + 0.5, scale))
        later = survival.s(age + k + 1.5, scale)
        presence = later / now if now > 0 else np.zeros(months)
        who = np.repeat(np.arange(paths), count)
        stays = _month_ends_present(rng.random(len(who)), presence)
        diffs += _departure_diffs(who, np.zeros_like(who), stays, paths, months)
    caseload = np.cumsum(diffs, axis=1)[:, :months]
    inactive, enrolled = model.inactive, model.enrolled
    p_inactive = rng.beta(inactive + 0.5, max(enrolled - inactive, 0) + 0.5, size=paths)
    active = rng.binomial(caseload, 1.0 - p_inactive[:, None])
    return Projection(
        caseload=caseload,
        active=active,
        enrollments=enrollments,
        initial=len(model.current_ages),
    )


# ---------------------------------------------------------------------------------------------
# Summaries


def quantiles(values: np.ndarray, qs: Sequence[float] = (10, 50, 90)) -> list[list[float]]:
    """Per-month percentiles (one list per q) of a paths × months array."""
    return [[round(float(v), 2) for v in row] for row in np.percentile(values, qs, axis=0)]


def exceed_probability(caseload: np.ndarray, capacity: float) -> list[float]:
    """P(caseload > capacity) per month."""
    return [round(float(p), 4) for p in np.mean(caseload > capacity, axis=0)]


def case_managers_needed(
    caseload: np.ndarray, target: float, probability: float = 0.9, most: int = 1000
) -> int | None:
    """The fewest case managers n for which, in every projected month, the average caseload
    (caseload ÷ n) is at or under ``target`` with at least ``probability``. A bisection over n
    on the simulated paths (the condition only gets easier as n grows)."""

    def enough(n: int) -> bool:
        return bool(np.all(np.mean(caseload <= target * n, axis=0) >= probability))

    if target <= 0 or not enough(most):
        return None
    low, high = 1, most
    while low < high:
        mid = (low + high) // 2
        if enough(mid):
            high = mid
        else:
            low = mid + 1
    return low


@dataclass(frozen=True)
class Outlook:
    """What the PM reads for one scenario."""

    name: str
    case_managers: int
    target: int
    cap: int
    caseload: list[list[float]]  # P10, P50, P90 per month
    active: list[list[float]]
    per_cm_p50: list[float]
    p_exceed_cap: list[float]
    waitlist_p50: list[float]
    waitlist_p90: list[float]
    wait_months_p50: list[float | None]
    enrollments_p50: list[float]
    case_managers_needed: int | None
    mean_months_in_program: float

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def summarise(
    projection: Projection,
    *,
    name: str,
    case_managers: int,
    target: int,
    cap: int,
    mean_months: float,
    probability: float = 0.9,
) -> Outlook:
    caseload = projection.caseload
    capacity = cap * case_managers
    waiting = np.maximum(caseload - capacity, 0)
    p50 = quantiles(caseload, (50,))[0]
    wait_months = wait_months_to_clear(waiting, projection.exits())
    return Outlook(
        name=name,
        case_managers=case_managers,
        target=target,
        cap=cap,
        caseload=quantiles(caseload),
        active=quantiles(projection.active),
        per_cm_p50=[round(v / case_managers, 2) for v in p50] if case_managers else [],
        p_exceed_cap=exceed_probability(caseload, capacity),
        waitlist_p50=quantiles(waiting, (50,))[0],
        waitlist_p90=quantiles(waiting, (90,))[0],
        wait_months_p50=wait_months,
        enrollments_p50=quantiles(projection.enrollments, (50,))[0],
        case_managers_needed=case_managers_needed(caseload, target, probability),
        mean_months_in_program=round(mean_months, 2),
    )


def median(values: Sequence[float]) -> float:
    """The middle value (the mean of the two middle ones for an even count); 0 for none."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def wait_months_to_clear(waiting: np.ndarray, exits: np.ndarray) -> list[float | None]:
    """Median months someone joining the wait-list at each month-end waits, first in first
    out: at capacity every exit admits the next person waiting, so the wait is the list's
    length ÷ the path's mean exits per month; the median is over all paths (0 on a path with
    no one waiting). None when no path has anyone waiting that month."""
    rate = exits.mean(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        months = np.where(waiting > 0, waiting / np.maximum(rate, 1e-9), 0.0)
    out: list[float | None] = []
    for m in range(waiting.shape[1]):
        column = months[:, m]
        if not np.any(waiting[:, m] > 0):
            out.append(None)
        else:
            out.append(round(float(np.median(column)), 1))
    return out


def outlooks(
    model: Model,
    scenarios: Sequence[Scenario],
    *,
    case_managers: int,
    target: int,
    cap: int,
    months: int = 24,
    paths: int = 10_000,
    seed: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> list[Outlook]:
    """The baseline and each scenario, on common random numbers (the same seed), so that the
    differences between them come from the scenario and not from chance."""
    out: list[Outlook] = []
    runs = [Scenario(), *scenarios]
    for i, scenario in enumerate(runs):
        projection = project(model, scenario, months=months, paths=paths, seed=seed)
        out.append(
            summarise(
                projection,
                name=scenario.name,
                case_managers=max(case_managers + scenario.cm_delta, 0),
                target=scenario.caseload_target or target,
                cap=cap,
                mean_months=model.survival.mean_months(scenario.time_in_program_factor),
            )
        )
        if progress is not None:
            progress(i + 1, len(runs))
    return out


def describe_arrivals(fit: ArrivalFit) -> str:
    """One sentence a PM can read about how a door's arrivals were modelled."""
    terms = [t for t, kept in (("a trend", fit.trend), ("seasonality", fit.seasonal)) if kept]
    shape = " with " + " and ".join(terms) if terms else ", steady (no trend or seasonality)"
    return f"{fit.door}: {fit.family}, {fit.mean:.1f} a month on average{shape}"


# ---------------------------------------------------------------------------------------------
# Reports

SMALL_CELL = 5  # the default threshold; a site may raise it (ReportSettings.small_cell)
SMALL_CELL_MOST = 50


def small_cell_problem(value: int) -> str | None:
    """Why a site's small-cell threshold is refused, or None. Cells under 5 are always
    suppressed (the issue's floor); a site may suppress more, up to SMALL_CELL_MOST."""
    if not SMALL_CELL <= value <= SMALL_CELL_MOST:
        return f"The threshold must be between {SMALL_CELL} and {SMALL_CELL_MOST}."
    return None


def suppress(count: int, threshold: int = SMALL_CELL) -> str:
    """A count fit for an aggregate report: 1 to threshold−1 shows as "<threshold", so that no
    participant can be singled out by a small cell (0 reveals no one and is shown)."""
    if 0 < count < threshold:
        return f"<{threshold}"
    return str(count)


def parse_quarter(
    text: str, current: tuple[int, int], *, field: str = "quarter"
) -> tuple[int, int]:
    """ "2026Q3" → (2026, 3). Refuses (FilterError, a ValueError naming ``field``, with a
    message for a person) anything else and any quarter after ``current``: a report cannot
    cover what has not happened."""
    cleaned = text.strip().upper()
    if len(cleaned) != 6 or cleaned[4] != "Q" or not cleaned[:4].isdigit():
        raise FilterError(field, "Write the quarter as YEAR, Q and a number, e.g. 2026Q3.")
    year, q = int(cleaned[:4]), int(cleaned[5]) if cleaned[5].isdigit() else 0
    if not 1 <= q <= 4:
        raise FilterError(field, "A quarter is numbered 1 to 4, e.g. 2026Q3.")
    if (year, q) > current:
        raise FilterError(
            field, f"{year}Q{q} is in the future; the latest quarter is {current[0]}Q{current[1]}."
        )
    return year, q


# ---------------------------------------------------------------------------------------------
# Filters of the dashboards and reports: period, OWG region and door


class FilterError(ValueError):
    """A filter a person typed that cannot be used; ``field`` names the parameter."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _month(year: int, month: int) -> date:
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    """Days from ``start`` up to ``end`` (excluded), with the text that named it."""

    start: date
    end: date
    label: str

    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month


PERIOD_HELP = (
    "Write the period as a year (2026), a quarter (2026Q3), a month (2026-05) or a range of "
    "months (2025-07..2026-06)."
)


def _parse_month(text: str) -> date:
    parts = text.split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise FilterError("period", PERIOD_HELP)
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12:
        raise FilterError("period", f"A month is numbered 1 to 12 ({text}). {PERIOD_HELP}")
    return date(year, month, 1)


def parse_period(text: str, today: date, *, default_months: int = 12) -> Period:
    """A period a person wrote: "2026", "2026Q3", "2026-05", "2025-07..2026-06", or empty for
    the last ``default_months`` months to today. A period that starts after today is refused:
    there is nothing to show yet."""
    cleaned = (text or "").strip().upper()
    this_month = today.replace(day=1)
    if not cleaned:
        start = _month(this_month.year, this_month.month - default_months + 1)
        return Period(start, _month(this_month.year, this_month.month + 1), "")
    if ".." in cleaned:
        first, _, last = cleaned.partition("..")
        start, last_month = _parse_month(first), _parse_month(last)
        if last_month < start:
            raise FilterError("period", "The range ends before it starts.")
        end = _month(last_month.year, last_month.month + 1)
    elif "Q" in cleaned:
        year, q = parse_quarter(cleaned, (today.year, (today.month - 1) // 3 + 1), field="period")
        start = date(year, 3 * q - 2, 1)
        end = _month(year, 3 * q + 1)
    elif cleaned.isdigit() and len(cleaned) == 4:
        start, end = date(int(cleaned), 1, 1), date(int(cleaned) + 1, 1, 1)
    else:
        start = _parse_month(cleaned)
        end = _month(start.year, start.month + 1)
    if start > today:
        raise FilterError(
            "period", f"{text.strip()} is in the future: the latest data is of {today}."
        )
    return Period(start, end, text.strip())


@dataclass(frozen=True)
class Filters:
    period: Period
    region: str = ""
    door: str = ""

    def query(self) -> dict[str, str]:
        """The filters as URL parameters (empty ones left out)."""
        out = {"period": self.period.label, "region": self.region, "door": self.door}
        return {k: v for k, v in out.items() if v}


def parse_filters(
    params: Any, today: date, *, regions: Sequence[str], default_months: int = 12
) -> Filters:
    """Validate the ``period``, ``region`` and ``door`` parameters of a page or API call. A
    region must be one the site has recorded (any case); a door one of the three doors. A bad
    value raises FilterError naming the parameter."""
    period = parse_period(params.get("period") or "", today, default_months=default_months)
    region = (params.get("region") or "").strip()
    if region:
        known = {r.casefold(): r for r in regions}
        if region.casefold() not in known:
            listed = ", ".join(sorted(regions)) or "none recorded yet"
            raise FilterError("region", f"“{region}” is not a region of this site ({listed}).")
        region = known[region.casefold()]
    door = (params.get("door") or "").strip().lower()
    if door and door not in referral_rules.DOORS:
        raise FilterError(
            "door", f"“{door}” is not a door: use one of {', '.join(referral_rules.DOORS)}."
        )
    return Filters(period=period, region=region, door=door)


# --- which writes change which of the dashboard's panels (ADR 19) ---------------------------


# The dashboard's panels in groups, each group read by its own queries and kept by itself
# (``queries.dashboard_panels_kept``): the ``Panels`` fields it fills, and the kinds of object
# (``AuditEvent.object_type``; a name ending in "." is a whole area) whose writes can change
# what it reads. The participants' and people's own rows (``core.``) count for every group about
# participants.
@dataclass(frozen=True)
class PanelGroup:
    fields: tuple[str, ...]
    written_by: frozenset[str]


PANEL_GROUPS: dict[str, PanelGroup] = {
    "referrals": PanelGroup(("referrals", "days_to_intake"), frozenset({"referrals.", "core."})),
    "contacts": PanelGroup(("contacts",), frozenset({"casework.contact", "core."})),
    "flex": PanelGroup(
        ("flex_by_pool", "flex_by_category"),
        frozenset(
            {"casework.flexfundrequest", "casework.ledgerentry", "casework.fundingpool", "core."}
        ),
    ),
    "legal_services": PanelGroup(("legal_services",), frozenset({"legalservices.", "core."})),
    "reviews": PanelGroup(("reviews",), frozenset({"legal.", "core."})),
    "decisions": PanelGroup(("decisions",), frozenset({"governance."})),
    "legal_events": PanelGroup(
        ("legal_events", "small_cell"),
        frozenset({"evaluation.", "planning.reportsettings", "referrals.", "core."}),
    ),
}
# With a region or a door, every group about participants reads them through the referrals
# they were enrolled by.
NARROWED_BY = frozenset({"referrals.", "core."})
# Kinds no panel reads. Any kind neither here nor in a group's ``written_by`` (one added later,
# or an event about no object, "") changes every group: an unknown write is never missed.
NO_PANEL = frozenset(
    {
        "disclosures.",
        "conferencing.",
        "access.",
        "casework.contactdraft",
        "casework.goal",
        "casework.actionstep",
        "casework.progressnote",
        "casework.statusrecord",
        "casework.servicereferral",
        "casework.staffprofile",
    }
)


# Every kind some group or NO_PANEL names.
_KNOWN = frozenset().union(NO_PANEL, *(g.written_by for g in PANEL_GROUPS.values()))


def _named(kind: str, names: frozenset[str]) -> bool:
    return kind in names or any(n.endswith(".") and kind.startswith(n) for n in names)


def panel_versions(heads: dict[str, int], *, narrowed: bool) -> dict[str, int]:
    """Each panel group's version: the position of the last audit event of a kind that can
    change it (``heads``: kind → its last event's position, ``audit.queries.object_versions``),
    0 if none. Positions only grow, so a group's version moves with every write it depends on
    and with no other."""
    unknown = max((seq for kind, seq in heads.items() if not _named(kind, _KNOWN)), default=0)
    versions = {}
    for name, group in PANEL_GROUPS.items():
        names = group.written_by | (NARROWED_BY if narrowed and name != "decisions" else set())
        mine = max((seq for kind, seq in heads.items() if _named(kind, names)), default=0)
        versions[name] = max(mine, unknown)
    return versions
