"""A forecast reads the site's referrals: arrivals per door per month and each door's
screening and intake conversion, through referrals.queries; enrollments only without them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import numpy as np
import pytest

from goldenthread.planning import queries, rules
from goldenthread.planning.models import ForecastRun
from goldenthread.planning.tests.history import build_history
from goldenthread.referrals.tests.makers import referral

AS_OF = date(2026, 9, 15)

# Known history: per door, per month of 2026 (Jan..Aug), the states of its referrals.
KNOWN = {
    "arrest": {  # 2 a month: 10 enrolled, 3 ineligible, 2 declined, 1 intake expired
        "months": [2, 2, 2, 2, 2, 2, 2, 2],
        "states": ["enrolled"] * 10
        + ["ineligible"] * 3
        + ["declined"] * 2
        + ["intake_expired"]
        + [],
    },
    "social": {  # 1 a month in Mar..Aug: 2 enrolled, 1 ineligible, 1 intake pending, 2 open
        "months": [0, 0, 1, 1, 1, 1, 1, 1],
        "states": ["enrolled", "enrolled", "ineligible", "intake_pending", "screening", "referred"],
    },
}


def _make_known(world):
    for door, spec in KNOWN.items():
        states = iter(spec["states"])
        for month, n in enumerate(spec["months"], start=1):
            for day in range(n):
                referral(
                    world.alpha,
                    door=door,
                    state=next(states),
                    contact_at=datetime(2026, month, 10 + day, 12, tzinfo=UTC),
                )
    # This month's referral is after the history's end; another site's never counts.
    referral(world.alpha, state="enrolled", contact_at=datetime(2026, 9, 2, 12, tzinfo=UTC))
    referral(world.beta, state="enrolled", contact_at=datetime(2026, 3, 2, 12, tzinfo=UTC))


@pytest.mark.django_db
def test_it_takes_arrivals_per_door_and_conversion_from_referrals(world):
    _make_known(world)
    inputs = queries.forecast_inputs(world.alpha.site.pk, AS_OF, tz=world.alpha.site.tz)
    assert inputs.history.arrivals == {
        "arrest": [2, 2, 2, 2, 2, 2, 2, 2],
        "social": [0, 0, 1, 1, 1, 1, 1, 1],
    }
    assert inputs.history.start_month == 1 and inputs.summary["first_month"] == "2026-01"
    assert inputs.history.conversions == {"arrest": (10, 16), "social": (2, 3)}
    doors = inputs.summary["doors"]
    # arrest: all 16 screened, 13 passed; intake: 10 enrolled of the 13 decided after screening
    assert doors["arrest"]["screening_conversion"] == round(13 / 16, 3)
    assert doors["arrest"]["intake_conversion"] == round(10 / 13, 3)
    # social: 4 screened (2 still open), 3 passed; 2 enrolled of 2 decided after screening
    assert doors["social"]["screened"] == 4 and doors["social"]["passed"] == 3
    assert doors["social"]["intake_conversion"] == 1.0
    assert inputs.summary["source"] == "referrals" and inputs.summary["referrals"] == 22


@pytest.mark.django_db
def test_it_reads_the_referrals_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    _make_known(world)
    with django_assert_max_num_queries(3):  # participants, referrals, the capacity queue
        queries.forecast_inputs(world.alpha.site.pk, AS_OF, tz=world.alpha.site.tz)


@pytest.mark.django_db
def test_it_runs_a_forecast_by_door_and_shows_the_conversion(world):
    _make_known(world)
    build_history(world, count=20, today=AS_OF)
    response = world.api("pm").post(
        "/api/v1/planning/forecasts",
        data=json.dumps({"horizon_months": 12, "paths": 300, "seed": 4, "as_of": "2026-09-15"}),
        content_type="application/json",
    )
    assert response.status_code == 202, response.content
    run = ForecastRun.objects.get(pk=response.json()["id"])
    assert run.status == "done", run.error
    assert run.inputs["source"] == "referrals"
    assert {a["door"] for a in run.inputs["arrival_models"]} == {"arrest", "social"}
    page = world.client("pm").get(f"/planning/forecasts/{run.pk}/").content.decode()
    assert 'id="door-conversion"' in page and "referrals per door" in page
    assert "door unknown" not in page


@pytest.mark.django_db
def test_it_falls_back_to_enrollments_without_referrals_and_says_so(world):
    build_history(world, count=30, today=AS_OF)
    referral(world.beta, state="enrolled")  # another site's referrals do not count
    inputs = queries.forecast_inputs(world.alpha.site.pk, AS_OF, tz=world.alpha.site.tz)
    assert list(inputs.history.arrivals) == [rules.UNKNOWN_DOOR]
    assert inputs.history.conversions == {}
    assert inputs.summary["source"] == "enrollments"
    assert "no referrals" in str(inputs.summary["note"])


def test_it_recovers_known_door_rates_and_conversion_from_referral_counts():
    """Referrals drawn at known Poisson rates per door and known conversion: the fitted means
    lie within three standard errors and the conversion within three binomial SEs."""
    rng = np.random.default_rng(7)
    months, rates, convert = (
        48,
        {"arrest": 9.0, "community": 3.0},
        {"arrest": 0.6, "community": 0.3},
    )
    counts: list[tuple[str, int, str, int]] = []
    for door, lam in rates.items():
        for m, n in enumerate(rng.poisson(lam, months)):
            enrolled = int(rng.binomial(n, convert[door]))
            counts += [(door, m, "enrolled", enrolled), (door, m, "declined", int(n) - enrolled)]
    arrivals, doors = rules.referral_history(counts, months)
    model = rules.fit_model(
        rules.History(
            arrivals=arrivals,
            durations=[3.0, 5.0, 8.0],
            exited=[True, True, False],
            conversions={d: (c.enrolled, c.decided) for d, c in doors.items()},
        )
    )
    for fit in model.arrivals:
        lam = rates[fit.door]
        assert abs(fit.mean - lam) < 3 * (lam / months) ** 0.5
    for door, c in doors.items():
        p = convert[door]
        assert abs(c.enrolled / c.decided - p) < 3 * (p * (1 - p) / c.decided) ** 0.5
