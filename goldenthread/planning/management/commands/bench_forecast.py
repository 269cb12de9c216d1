"""``goldenthread bench_forecast`` (run by ``goldenthread bench``): time the caseload
simulation, 10,000 paths over 24 months, on synthetic history with known rates."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand

from goldenthread.planning import rules


def synthetic_history(rate: float, mean_months: float, months: int, seed: int) -> rules.History:
    rng = np.random.default_rng(seed)
    arrivals = rng.poisson(rate, months)
    starts = np.repeat(np.arange(months), arrivals) + rng.random(int(arrivals.sum()))
    stays = rng.exponential(mean_months, len(starts))
    ages = months - starts
    return rules.History(
        arrivals={rules.UNKNOWN_DOOR: arrivals.tolist()},
        durations=np.minimum(stays, ages).tolist(),
        exited=(stays < ages).tolist(),
    )


class Command(BaseCommand):
    help = "Time the forecast's Monte Carlo simulation (10,000 paths × 24 months)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--paths", type=int, default=10_000)
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args: Any, **opts: Any) -> None:
        model = rules.fit_model(synthetic_history(10.0, 6.0, 60, seed=1))
        timings = []
        for i in range(opts["repeat"]):
            started = time.perf_counter()
            rules.project(model, months=opts["months"], paths=opts["paths"], seed=i)
            timings.append(time.perf_counter() - started)
        self.stdout.write(
            f"forecast simulation: {opts['paths']} paths × {opts['months']} months: "
            f"best {min(timings):.3f} s, median {float(np.median(timings)):.3f} s "
            f"over {opts['repeat']} runs"
        )
