"""The pure rules: reading rows, matching people, the measures and the models."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.evaluation import rules, synthetic
from goldenthread.evaluation.tests.helpers import COLUMNS, row

FMT = "%Y-%m-%d"
VALUES = {"kind": {"ARR": "arrest", "BKG": "booking", "CHG": "charge"}}


def _parse(**kw: str):  # type: ignore[no-untyped-def]
    return rules.parse_row(row("K1", **kw), row=7, column_map=COLUMNS, value_map=VALUES)


def test_it_reads_a_good_row():
    parsed, errors = _parse(Type="BKG", Booked="2025-11-02", Released="2025-11-05", Level="F")
    assert errors == []
    assert parsed is not None
    assert (parsed.kind, parsed.released_on, parsed.charge_level) == (
        "booking",
        date(2025, 11, 5),
        "felony",
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"Date": "31/31/2025"}, "incident_date", "is not a date"),
        ({"DOB": ""}, "date_of_birth", "is required"),
        ({"Case No": ""}, "external_key", "is required"),
        ({"Type": "PARKING"}, "kind", "is not one of"),
        ({"Level": "Q"}, "charge_level", "is not a level"),
        ({"Warrant": "maybe"}, "on_warrant", "is not yes or no"),
        (
            {"Type": "BKG", "Booked": "2025-11-05", "Released": "2025-11-01"},
            "released_on",
            "before",
        ),
    ],
)
def test_it_names_the_row_and_field_of_each_error(change, field, message):
    parsed, errors = _parse(**change)
    assert parsed is None
    assert [(e.row, e.field) for e in errors] == [(7, field)]
    assert message in errors[0].message


def test_it_names_missing_columns_with_their_field():
    errors = rules.missing_columns(["Case No", "First"], COLUMNS)
    assert {e.field for e in errors} == {
        "last_name",
        "date_of_birth",
        "incident_date",
        "kind",
    }
    assert all(e.row == 1 for e in errors)


def test_it_changes_the_fingerprint_only_when_a_value_changes():
    a, _ = _parse()
    b, _ = _parse()
    c, _ = _parse(Level="M")
    assert a is not None and b is not None and c is not None
    assert a.fingerprint() == b.fingerprint() != c.fingerprint()


CAND = rules.Candidate(1, "Dana", "Rivera", date(1980, 5, 17), ("Dee",))


@pytest.mark.parametrize(
    ("first", "last", "dob", "status"),
    [
        ("Dana", "Rivera", date(1980, 5, 17), "matched"),
        ("DANA", "rivera", date(1980, 5, 17), "matched"),
        ("Dee", "Rivera", date(1980, 5, 17), "matched"),  # alias
        ("Dana", "Rivera", date(1980, 5, 18), "review"),  # a slipped digit
        ("Dena", "Rivers", date(1980, 5, 17), "review"),
        ("Dana", "Rivera", date(1991, 2, 3), "none"),  # same name, another person
        ("Robert", "Chen", date(1980, 5, 17), "none"),
    ],
)
def test_it_classifies_matches(first, last, dob, status):
    score = rules.match_score(first, last, dob, CAND)
    assert rules.classify_match([(1, score)]).status == status


def test_it_never_auto_matches_two_close_candidates():
    match = rules.classify_match([(1, 97.0), (2, 96.0)])
    assert match.status == "review"
    assert [p for p, _ in match.candidates] == [1, 2]


@given(st.integers(0, 400), st.integers(0, 60), st.integers(0, 30))
def test_it_counts_jail_days_inside_the_window_only(offset, stay, window_shift):
    entry = date(2025, 1, 1)
    booked = entry - timedelta(days=200) + timedelta(days=offset)
    e = rules.Event("booking", booked, released_on=booked + timedelta(days=stay))
    before = rules.jail_days_in([e], *rules.window(entry, 183, after=False))
    after = rules.jail_days_in([e], *rules.window(entry, 183, after=True))
    assert 0 <= before <= 183 and 0 <= after <= 183
    assert before + after <= stay + 1


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "<11"), (10, "<11"), (11, 11)])
def test_it_suppresses_small_cells(count, shown):
    assert rules.suppress(count) == shown


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.floats(18, 70)), min_size=12, max_size=60))
def test_it_makes_positive_weights_and_att_one_for_the_treated(people):
    treated = [t for t, _ in people]
    if all(treated) or not any(treated):
        treated[0] = not treated[0]
    X = np.array([[age] for _, age in people])
    try:
        ps = rules.propensity_scores(treated, X)
    except Exception:  # perfect separation on a tiny sample: nothing to check
        return
    assert np.all((ps > 0) & (ps < 1))
    ate, att = rules.ate_weights(treated, ps), rules.att_weights(treated, ps)
    assert np.all(ate > 0) and np.all(att > 0)
    assert np.all(att[np.array(treated)] == 1.0)
    assert np.all(ate[np.array(treated)] >= 1.0)


def test_it_plants_the_odds_ratio_exactly():
    p = synthetic.planted_probabilities(0.40)

    def odds(x: float) -> float:
        return x / (1 - x)

    ratio = (odds(p[(True, True)]) / odds(p[(True, False)])) / (
        odds(p[(False, True)]) / odds(p[(False, False)])
    )
    assert ratio == pytest.approx(0.40)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_recovers_a_planted_odds_ratio_of_0_40(seed):
    subjects = synthetic.cohort(500, odds_ratio=0.40, seed=seed)
    ps = rules.propensity_scores(
        [s.treated for s in subjects], rules.baseline_covariates(subjects, rules.SIX_MONTHS)
    )
    for weights in (None, rules.ate_weights([s.treated for s in subjects], ps)):
        est = rules.gee_prepost(subjects, rules.SIX_MONTHS, weights=weights)
        assert est.covers(0.40), est
        assert est.high < 1.0  # and the effect is detected


def test_it_finds_no_effect_where_none_was_planted():
    est = rules.gee_prepost(synthetic.cohort(500, odds_ratio=1.0, seed=9), rules.SIX_MONTHS)
    assert est.covers(1.0)


def test_it_reports_tables_and_models_for_both_windows():
    result = rules.analyse(synthetic.cohort(60, seed=4))
    assert set(result.tables) == {"six_months", "long_term"}
    assert {m["weights"] for m in result.models} == {"unweighted", "ATE", "ATT"}
    measures = {r["measure"] for r in result.tables["six_months"]}
    assert {"arrests", "nonwarrant_arrests", "felony_charges", "jail_days", "prison"} <= measures


def _without(kind: str, subjects: list[rules.Subject]) -> list[rules.Subject]:
    return [replace(s, events=tuple(e for e in s.events if e.kind != kind)) for s in subjects]


def _bookings_as_arrests(subjects: list[rules.Subject]) -> list[rules.Subject]:
    """Every arrest booked, nothing else booked: prior bookings equal prior arrests."""
    return [
        replace(
            s,
            events=tuple(
                e
                for a in s.events
                if a.kind == "arrest"
                for e in (a, rules.Event("booking", a.on, released_on=a.on))
            ),
        )
        for s in subjects
    ]


def _no_ages(subjects: list[rules.Subject]) -> list[rules.Subject]:
    return [replace(s, age=None) for s in subjects]


def _separated(subjects: list[rules.Subject]) -> list[rules.Subject]:
    """LEAD all older than anyone in the comparison group."""
    return [
        replace(s, age=60.0 + i % 5 if s.treated else 25.0 + i % 5) for i, s in enumerate(subjects)
    ]


AGE, ARRESTS, BOOKINGS = rules.BASELINE_COVARIATES


@pytest.mark.parametrize(
    ("make", "kept", "notes"),
    [
        # Every covariate varies: the same scores as the model on all of them, no note.
        (lambda c: c, [0, 1, 2], []),
        # A site that records no bookings: a column of zeros.
        (
            lambda c: _without("booking", c),
            [0, 1],
            [f"left out {BOOKINGS}: it is the same for everyone"],
        ),
        # No one's age known: the column holds no one's value.
        (_no_ages, [1, 2], [f"left out {AGE}: it is known for no one"]),
        # Two covariates identical for everyone (the synthetic national data).
        (
            _bookings_as_arrests,
            [0, 1],
            [f"left out {BOOKINGS}: it is a linear function of {ARRESTS}, balanced on already"],
        ),
        # Nothing varies: no model, and the report says why.
        (
            lambda c: _no_ages(_without("arrest", _without("booking", c))),
            None,
            [f"left out {AGE}", f"left out {ARRESTS}", f"left out {BOOKINGS}", "no baseline"],
        ),
        # Age separates the groups: no weights from a model with no maximum.
        (_separated, None, [f"covariates ({AGE} and {ARRESTS} and {BOOKINGS}) separate"]),
    ],
    ids=["all vary", "no bookings", "no ages", "bookings = arrests", "none varies", "separated"],
)
def test_the_propensity_model_fits_the_covariates_that_vary_and_says_which_it_left_out(
    make, kept, notes
):
    subjects = make(synthetic.cohort(60, seed=4))
    treated = [s.treated for s in subjects]
    X = rules.baseline_covariates(subjects, rules.SIX_MONTHS)
    _, unknown = rules.missing_baseline(subjects)
    model = rules.propensity_model(treated, X, rules.BASELINE_COVARIATES, unknown)
    assert len(model.notes) == len(notes)
    for note, part in zip(model.notes, notes, strict=True):
        assert part in note, model.notes
    if kept is None:
        assert model.scores is None
        assert "no weighted models" in model.notes[-1]
    else:
        assert model.scores is not None
        np.testing.assert_array_equal(model.scores, rules.propensity_scores(treated, X[:, kept]))


def test_the_weighted_models_are_fitted_when_a_covariate_is_constant():
    subjects = _no_ages(_without("booking", synthetic.cohort(60, seed=4)))
    # The model on every column could not be fitted: a column of zeros.
    with pytest.raises(np.linalg.LinAlgError):
        rules.propensity_scores(
            [s.treated for s in subjects], rules.baseline_covariates(subjects, rules.SIX_MONTHS)
        )
    result = rules.analyse(subjects)
    assert {m["weights"] for m in result.models} == {"unweighted", "ATE", "ATT"}
    assert [n for n in result.notes if "propensity" in n] == [
        f"The propensity model left out {AGE}: it is known for no one.",
        f"The propensity model left out {BOOKINGS}: it is the same for everyone, so there is "
        "nothing to balance.",
    ]


@pytest.mark.parametrize(
    ("ages", "notes", "unknown"),
    [
        # (age of each LEAD participant, of each comparison member); None: no date of birth.
        (([30.0, 40.0], [50.0, 60.0]), [], ()),
        (([None, None], [None, None]), [], (AGE,)),
        (
            ([30.0, None], [None, None]),
            [
                "Age at entry is unknown for 3 of 4 people (1 in LEAD, 2 in the comparison "
                "group); the propensity model gives them the mean age of the others."
            ],
            (),
        ),
        (
            ([30.0, 40.0], [None, 60.0]),
            [
                "Age at entry is unknown for 1 of 4 people (0 in LEAD, 1 in the comparison "
                "group); the propensity model gives them the mean age of the others."
            ],
            (),
        ),
    ],
    ids=["all known", "none known", "most unknown", "one unknown"],
)
def test_the_report_says_whose_age_is_unknown_and_what_the_model_did_with_it(ages, notes, unknown):
    lead, comparison = ages
    base = synthetic.cohort(4, seed=4)[0]
    subjects = [replace(base, treated=True, age=a) for a in lead] + [
        replace(base, treated=False, age=a) for a in comparison
    ]
    assert rules.missing_baseline(subjects) == (notes, unknown)
    column = rules.baseline_covariates(subjects, rules.SIX_MONTHS)[:, 0]
    known = [a for a in lead + comparison if a is not None]
    if known:  # a missing age is the mean of the known ones
        mean = sum(known) / len(known)
        assert column.tolist() == [mean if a is None else a for a in lead + comparison]


def test_it_keeps_pseudonyms_stable_and_keyed():
    assert rules.pseudonym(b"k1", 5) == rules.pseudonym(b"k1", 5)
    assert rules.pseudonym(b"k1", 5) != rules.pseudonym(b"k2", 5)
    assert "5" not in rules.pseudonym(b"k1", 5)[:0]  # opaque hex


@pytest.mark.parametrize("value", ["=SUM(A1)", "+1", "-2", "@x", "\tx"])
def test_it_neutralises_formulas(value):
    assert rules.spreadsheet_safe(value).startswith("'")


def test_it_bands_ages_and_top_codes():
    assert rules.age_band(date(1980, 5, 17), date(2025, 5, 16)) == "40-44"
    assert rules.age_band(date(1940, 1, 1), date(2025, 1, 1)) == "65+"


def test_it_prices_units_per_person_year():
    rows = [
        {"group": "LEAD", "period": "after", "measure": "jail_days", "per_person_year": 4.0},
        {"group": "LEAD", "period": "after", "measure": "jail_bookings", "per_person_year": 0.5},
        {"group": "LEAD", "period": "after", "measure": "arrests", "per_person_year": 9.0},
    ]
    (row_,) = rules.cost_table(rows, {"jail_day": 150.0, "booking": 400.0})
    assert row_ == {
        "group": "LEAD",
        "period": "after",
        "jail_day": 600.0,
        "booking": 200.0,
        "total": 800.0,
    }


# ---------------------------------------------------------------- monthly indicators


def test_person_months_carry_the_last_status_forward_from_the_month_before_entry():
    entry = date(2025, 3, 10)
    records = [
        ("housing", "unsheltered", date(2025, 2, 3)),
        ("income", "applied", date(2025, 2, 20)),
        ("housing", "sheltered", date(2025, 3, 31)),
        ("employment", "retired", date(2025, 4, 1)),
        ("income", "benefits", date(2025, 6, 1)),
        ("housing", "permanent", date(2025, 7, 1)),
    ]
    rows = rules.person_months(entry, records, until=date(2025, 7, 15))
    assert [r["month"] for r in rows] == [0, 1, 2, 3, 4, 5]  # Feb (before) .. July
    table = [
        (
            r["housing"],
            r["sheltered"],
            r["permanent"],
            r["employment_continuum"],
            r["income_or_benefits"],
        )
        for r in rows
    ]
    assert table == [
        ("unsheltered", 0, 0, None, 0),
        ("sheltered", 1, 0, None, 0),
        ("sheltered", 1, 0, 1, 0),
        ("sheltered", 1, 0, 1, 0),
        ("sheltered", 1, 0, 1, 1),
        ("permanent", 1, 1, 1, 1),
    ]


def test_month_arithmetic_crosses_years():
    assert rules.month_start(date(2025, 1, 31), -1) == date(2024, 12, 1)
    assert rules.month_start(date(2025, 12, 5), 1) == date(2026, 1, 1)
    assert rules.month_end(date(2024, 2, 1)) == date(2024, 2, 29)


def test_indicator_table_compares_each_month_with_the_month_before_referral():
    def person(before: int, after: int) -> list[dict]:
        return [
            {"month": 0, **dict.fromkeys(rules.INDICATORS), "sheltered": before},
            {"month": 1, **dict.fromkeys(rules.INDICATORS), "sheltered": after},
        ]

    people = [person(0, 1)] * 10 + [person(1, 1)] * 10 + [person(0, 0)] * 20
    table = {(r["indicator"], r["month"]): r for r in rules.indicator_table(people, small_cell=1)}
    assert (table["sheltered", 0]["share"], table["sheltered", 1]["share"]) == (0.25, 0.5)
    assert table["sheltered", 1]["vs_baseline"] == 2.0
    assert table["permanent", 1]["known"] == 0 and table["permanent", 1]["share"] is None
    small = {(r["indicator"], r["month"]): r for r in rules.indicator_table(people)}
    assert (small["sheltered", 0]["yes"], small["sheltered", 0]["share"]) == ("<11", None)
    assert (small["sheltered", 1]["share"], small["sheltered", 1]["vs_baseline"]) == (0.5, None)


def _indicator_table_by_scanning(people: list[list[dict]], small_cell: int) -> list[dict]:
    """The table as first written: every person's rows scanned again for each indicator and
    month. ``rules.indicator_table`` counts in one pass and must give exactly this."""
    out = []
    for name, (label, _, _) in rules.INDICATORS.items():
        baseline = None
        for k in range(rules.INDICATOR_MONTHS + 1):
            values = [r[name] for rows in people for r in rows if r["month"] == k]
            known = [v for v in values if v is not None]
            if not values:
                continue
            yes = sum(known)
            shown = rules.suppress(yes, small_cell)
            share = yes / len(known) if known else None
            if isinstance(shown, str):
                share = None
            if k == 0:
                baseline = share
            out.append(
                {
                    "indicator": name,
                    "label": label,
                    "month": k,
                    "known": len(known),
                    "yes": shown,
                    "share": None if share is None else round(share, 3),
                    "vs_baseline": (
                        round(share / baseline, 2) if share is not None and baseline else None
                    ),
                }
            )
    return out


_STATUS = st.tuples(
    st.sampled_from(rules.INDICATOR_DOMAINS),
    st.sampled_from(["unsheltered", "sheltered", "permanent", "earned", "benefits", "full_time"]),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.dates(min_value=date(2024, 6, 1), max_value=date(2026, 6, 1)),
            st.lists(_STATUS, max_size=8),
        ),
        max_size=40,
    ),
    st.sampled_from([1, 3, 11]),
)
def test_indicator_table_counted_one_person_at_a_time_is_the_table_scanned_per_month(
    people, small_cell
):
    until = date(2026, 3, 15)
    months = [rules.person_months(entry, records, until) for entry, records in people]
    streamed = rules.indicator_table((rows for rows in months), small_cell=small_cell)
    assert streamed == _indicator_table_by_scanning(months, small_cell)
    tally = rules.IndicatorTally()
    for rows in months:
        tally.add(rows)
    assert (tally.people, tally.table(small_cell)) == (len(months), streamed)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(rules.INDICATOR_DOMAINS),
            st.sampled_from(
                ["unsheltered", "sheltered", "permanent", "earned", "none", "full_time"]
            ),
            st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
        ),
        max_size=12,
    ),
    st.dates(min_value=date(2024, 6, 1), max_value=date(2026, 6, 1)),
)
def test_person_months_are_never_more_than_nineteen_and_each_indicator_is_0_1_or_unknown(
    records, entry
):
    rows = rules.person_months(entry, records, until=date(2027, 12, 31))
    assert len(rows) == rules.INDICATOR_MONTHS + 1
    for r in rows:
        for name, (_, domain, yes) in rules.INDICATORS.items():
            assert r[name] == (None if r[domain] is None else int(r[domain] in yes))


# ---------------------------------------------------------------- negative binomial


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_negative_binomial_model_recovers_a_planted_rate_ratio_and_the_overdispersion(seed):
    """NB2 counts (gamma-Poisson mixture, alpha 1.5) with a rate ratio of 0.5 for the treated
    and varying exposure: the 95% interval covers 0.5 and alpha is estimated near 1.5."""
    rng = np.random.default_rng(seed)
    n = 1500
    treated = rng.integers(0, 2, n)
    exposure = rng.uniform(0.3, 1.0, n)
    mu = exposure * 2.0 * np.where(treated == 1, 0.5, 1.0)
    alpha = 1.5
    counts = rng.poisson(mu * rng.gamma(1 / alpha, alpha, n))
    design = np.column_stack([np.ones(n), treated])
    est, fitted_alpha = rules.negbin_rate_ratio(counts, design, exposure)
    assert est.low <= 0.5 <= est.high
    assert 1.1 < fitted_alpha < 2.0


def test_the_analysis_reports_negative_binomial_rate_ratios_for_arrests_and_bookings():
    result = rules.analyse(synthetic.cohort(300, seed=4), until=date(2027, 1, 1))
    nb = [m for m in result.models if m["model"].startswith("Negative binomial")]
    assert {m["outcome"] for m in nb} <= {"arrests", "jail_bookings"}
    assert any(m["outcome"] == "arrests" for m in nb)
    assert all(0 < m["low"] <= m["ratio"] <= m["high"] for m in nb)
