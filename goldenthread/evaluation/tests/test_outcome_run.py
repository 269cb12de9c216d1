"""The PM computes the outcome measures; PM and evaluator read the tables and models."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from goldenthread.core.models import Participant, Person
from goldenthread.core.roles import Role
from goldenthread.evaluation import actions
from goldenthread.evaluation.models import (
    ComparisonMember,
    ImportRun,
    LegalSource,
    LegalSystemEvent,
    OutcomeRun,
)
from goldenthread.evaluation.synthetic import cohort
from goldenthread.testing import site_today


def _load(world, n=40, *, seed=3, source="s", without=""):  # type: ignore[no-untyped-def]
    """A synthetic cohort with a planted effect, stored as people (no dates of birth) and
    legal events (none of the kind ``without``)."""
    site, pm = world.alpha.site, world.alpha.users[Role.PM]
    source = LegalSource.objects.create(site=site, name=source, kind="police", column_map={})
    run = ImportRun.objects.create(site=site, source=source, filename="s.csv", started_by=pm)
    events = []
    for i, s in enumerate(cohort(n, seed=seed)):
        person = Person.objects.create(site=site, first_name="P", last_name=str(i))
        if s.treated:
            Participant.objects.create(site=site, person=person, enrolled_on=s.entry)
        else:
            ComparisonMember.objects.create(site=site, person=person, entry_date=s.entry)
        for j, e in enumerate(s.events):
            if e.kind == without:
                continue
            events.append(
                LegalSystemEvent(
                    site=site,
                    source=source,
                    external_key=f"{i}-{j}",
                    person=person,
                    kind=e.kind,
                    incident_date=e.on,
                    released_on=e.released_on,
                    charge_level=e.charge_level,
                    on_warrant=e.on_warrant,
                    fingerprint="x",
                    last_run=run,
                )
            )
    LegalSystemEvent.objects.bulk_create(events)


def test_it_computes_and_shows_the_tables_and_models(world):
    _load(world)
    client = world.client(Role.PM)
    response = client.post("/evaluation/outcomes/run/")
    run = OutcomeRun.objects.get()
    assert response.status_code == 302 and response.url == f"/evaluation/outcomes/{run.pk}/"
    assert (run.results["n_treated"], run.results["n_comparison"]) == (40, 40)
    page = client.get(response.url)
    assert b"Six months before and after entry" in page.content
    assert b"GEE logistic (odds ratio)" in page.content and b"<svg" in page.content
    evaluator_view = world.client(Role.EVALUATOR).get(response.url)
    assert evaluator_view.status_code == 200 and b"ATT" in evaluator_view.content


def test_the_weighted_models_are_fitted_at_a_site_that_records_no_bookings(world):
    """No one's age is known and no booking is recorded: two covariates the same for
    everyone. The propensity model is fitted on prior arrests, and the report says which
    covariates it left out and why."""
    _load(world, without="booking")
    response = world.client(Role.PM).post("/evaluation/outcomes/run/")
    run = OutcomeRun.objects.get()
    assert {m["weights"] for m in run.results["models"]} == {"unweighted", "ATE", "ATT"}
    left_out = [n for n in run.results["notes"] if "propensity" in n]
    assert left_out == [
        "The propensity model left out age at entry: it is known for no one.",
        "The propensity model left out jail bookings before entry: it is the same for "
        "everyone, so there is nothing to balance.",
    ]
    page = world.client(Role.EVALUATOR).get(response.url).content.decode()
    assert "left out jail bookings before entry" in page


def test_it_runs_through_the_api_and_suppresses_small_cells(world):
    _load(world, n=6)
    body = world.api(Role.PM).post("/api/v1/evaluation/outcomes").json()
    rows = body["results"]["tables"]["six_months"]
    assert all(r["any"] == 0 or r["any"] == "<11" for r in rows)
    assert all(r["any_share"] is None for r in rows)
    assert world.api(Role.EVALUATOR).post("/api/v1/evaluation/outcomes").status_code == 404


def test_it_cuts_windows_at_the_end_of_the_data(world):
    site = world.alpha.site
    person = Person.objects.create(site=site, first_name="P", last_name="Q")
    Participant.objects.create(
        site=site, person=person, enrolled_on=site_today() - timedelta(days=30)
    )
    body = world.api(Role.PM).post("/api/v1/evaluation/outcomes").json()
    # The site's own date: UTC's is a day ahead in the evening in Los Angeles.
    assert body["results"]["until"] == timezone.localdate(timezone=site.tz).isoformat()
    assert body["results"]["notes"]  # one group only: no models fitted


def test_it_shows_the_monthly_housing_indicators_against_the_month_before_referral(world):
    from goldenthread.casework.models import StatusRecord

    _load(world)
    cm = world.alpha.users[Role.CM]
    records = []
    for p in Participant.objects.filter(site=world.alpha.site):
        for value, on in (
            ("unsheltered", p.enrolled_on - timedelta(days=31)),
            ("permanent", p.enrolled_on),
        ):
            records.append(
                StatusRecord(
                    site=world.alpha.site,
                    participant=p,
                    domain="housing",
                    value=value,
                    recorded_on=on,
                    recorded_by=cm,
                )
            )
    StatusRecord.objects.bulk_create(records)
    body = world.api(Role.PM).post("/api/v1/evaluation/outcomes").json()
    cells = {(c["indicator"], c["month"]): c for c in body["results"]["indicators"]}
    assert (cells["permanent", 0]["share"], cells["permanent", 1]["share"]) == (0.0, 1.0)
    assert cells["permanent", 0]["known"] == 40
    assert cells["employment_continuum", 1]["known"] == 0
    page = world.client(Role.EVALUATOR).get(f"/evaluation/outcomes/{body['id']}/")
    html = page.content.decode()
    assert "Housing, income and employment by month" in html
    assert "Permanently housed" in html and "100%" in html


def test_the_run_counts_the_indicators_streamed_as_from_every_participants_rows(world):
    """The outcome run reads the status records one participant at a time (in the order of
    participant id) and keeps only the counts: the table and the number of people must be
    those of ``rules.indicator_table`` over ``monthly_indicators`` (every participant's rows,
    in the participants' own order), which the de-identified export still reads."""
    from goldenthread.casework.models import StatusRecord
    from goldenthread.evaluation import queries, rules

    site, cm = world.alpha.site, world.alpha.users[Role.CM]
    today = site_today(site)
    values = {
        "housing": ("unsheltered", "sheltered", "permanent"),
        "income": ("none", "benefits", "earned"),
        "employment": ("unemployed", "part_time", "full_time"),
    }
    records = []
    # Names run against creation order, so the participants' order is not their ids'.
    for i in range(30):
        person = Person.objects.create(site=site, first_name="P", last_name=f"{99 - i:02}")
        entry = today - timedelta(days=20 * i + 15)
        p = Participant.objects.create(site=site, person=person, enrolled_on=entry)
        if i % 5 == 4:
            continue  # no status at all: months of unknowns
        for j, domain in enumerate(values):
            for step in range(i % 4 + 1):
                records.append(
                    StatusRecord(
                        site=site,
                        participant=p,
                        domain=domain,
                        value=values[domain][(i + j + step) % 3],
                        recorded_on=entry + timedelta(days=45 * step - 40 + j),
                        recorded_by=cm,
                    )
                )
    StatusRecord.objects.bulk_create(records)
    pm = world.alpha.actor(Role.PM)
    every = queries.monthly_indicators(pm, permission="evaluation.run", until=today)
    streamed = list(
        queries.monthly_indicators_streamed(pm, permission="evaluation.run", until=today)
    )
    assert dict(streamed) == every and len(streamed) == 30
    assert list(every) == list(
        Participant.objects.filter(site=site).values_list("person_id", flat=True)
    )
    run = actions.outcome_run_create(actor=pm, subjects=queries.evaluation_subjects(pm))
    small_cell = actions.config_for_site(site.pk).small_cell
    expected = rules.indicator_table(list(every.values()), small_cell=small_cell)
    assert run.results["indicators"] == expected and run.results["indicator_people"] == 30
    assert any(c["share"] is not None for c in expected)


def test_the_pm_runs_it_from_the_command_line(world):
    from io import StringIO

    import pytest
    from django.core.management import CommandError, call_command

    _load(world)
    out = StringIO()
    call_command("evaluate", "--site", world.alpha.site.slug, stdout=out)
    run = OutcomeRun.objects.get(site=world.alpha.site)
    assert out.getvalue().startswith(
        f"Outcome run {run.pk}: {run.results['n_treated']} LEAD participants, "
        f"{run.results['n_comparison']} in the comparison group"
    )
    assert run.results["n_treated"] > 0 and run.started_by == world.alpha.users[Role.PM]
    # A role that may not run it is refused by name; nothing is kept.
    cm = world.alpha.users[Role.CM].username
    with pytest.raises(CommandError, match="user: may not run the evaluation"):
        call_command("evaluate", "--site", world.alpha.site.slug, "--user", cm)
    with pytest.raises(CommandError, match=r"site: .* holds no role at 'nowhere'"):
        call_command("evaluate", "--site", "nowhere")
    assert OutcomeRun.objects.count() == 1
