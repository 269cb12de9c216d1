"""Synthetic evaluation cohorts with a planted effect, so that tests (and the demo) can check
that the analysis recovers what was put in. Pure: no Django.

The odds of any arrest in each group and period are set directly, so the planted odds ratio
is the population-averaged group × period interaction the GEE estimates: the odds of arrest
after entry fall ``odds_ratio`` times more for LEAD than for the comparison group (domain.md:
OR≈0.40 at 6 months in Seattle). A Gaussian copula makes each person's before and after
outcomes correlated without changing those probabilities.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from statistics import NormalDist

from goldenthread.evaluation.rules import SIX_MONTHS, Event, Subject

BASE = {"pre": 0.55, "post_comparison": 0.45}


def _odds(p: float) -> float:
    return p / (1 - p)


def _prob(odds: float) -> float:
    return odds / (1 + odds)


def planted_probabilities(odds_ratio: float) -> dict[tuple[bool, bool], float]:
    """P(any arrest) by (treated, after) with the interaction odds ratio exactly as planted."""
    pre, post_c = BASE["pre"], BASE["post_comparison"]
    post_t = _prob(_odds(pre) * odds_ratio * _odds(post_c) / _odds(pre))
    return {(True, False): pre, (False, False): pre, (False, True): post_c, (True, True): post_t}


def _events(rng: random.Random, start: date, days: int, arrested: bool) -> list[Event]:
    if not arrested:
        return []
    out: list[Event] = []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        on = start + timedelta(days=rng.randrange(days))
        warrant = rng.random() < 0.2
        out.append(Event("arrest", on, on_warrant=warrant))
        level = "felony" if rng.random() < 0.3 else "misdemeanor"
        out.append(Event("charge", on, charge_level=level))
        if rng.random() < 0.7:
            stay = rng.choice((0, 1, 2, 3, 5, 10, 30))
            out.append(Event("booking", on, released_on=on + timedelta(days=stay)))
    return out


def cohort(
    n_per_group: int,
    *,
    odds_ratio: float = 0.40,
    seed: int = 0,
    days: int = SIX_MONTHS,
    rho: float = 0.4,
) -> list[Subject]:
    """``n_per_group`` LEAD and as many comparison subjects, entry dates across 2022-2024."""
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets  # nosec B311
    normal = NormalDist()
    probs = planted_probabilities(odds_ratio)
    subjects: list[Subject] = []
    for i in range(2 * n_per_group):
        treated = i < n_per_group
        entry = date(2022, 1, 1) + timedelta(days=rng.randrange(3 * 365))
        shared = rng.gauss(0, 1)
        z_pre = rho**0.5 * shared + (1 - rho) ** 0.5 * rng.gauss(0, 1)
        z_post = rho**0.5 * shared + (1 - rho) ** 0.5 * rng.gauss(0, 1)
        pre = z_pre < normal.inv_cdf(probs[(treated, False)])
        post = z_post < normal.inv_cdf(probs[(treated, True)])
        events = _events(rng, entry - timedelta(days=days), days, pre)
        events += _events(rng, entry, days, post)
        subjects.append(
            Subject(
                key=f"{'L' if treated else 'C'}{i}",
                treated=treated,
                entry=entry,
                age=float(rng.randint(19, 66)),
                events=tuple(sorted(events, key=lambda e: e.on)),
            )
        )
    return subjects
