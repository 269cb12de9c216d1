"""The evaluation area's part of the demo site: a police records source with its column
mapping, a comparison group, a finished import of legal events for both groups (with one
uncertain match waiting in the review queue) and a computed outcome run."""

from __future__ import annotations

import csv
import tempfile
from datetime import date, timedelta
from pathlib import Path

from goldenthread.access.actor import Actor
from goldenthread.core.demo import DemoContext
from goldenthread.core.models import Membership, Person
from goldenthread.core.roles import Role
from goldenthread.evaluation import actions, queries
from goldenthread.evaluation.synthetic import planted_probabilities

COLUMNS = {
    "external_key": "IncidentNo",
    "last_name": "LastName",
    "first_name": "FirstName",
    "date_of_birth": "DOB",
    "incident_date": "IncidentDate",
    "kind": "EventType",
    "filed_on": "BookDate",
    "released_on": "ReleaseDate",
    "charge_level": "Severity",
    "on_warrant": "Warrant",
}
CODES = {
    "kind": {"ARR": "arrest", "BKG": "booking", "CHG": "charge"},
    "charge_level": {"F": "felony", "M": "misdemeanor", "GM": "gross_misdemeanor"},
}


def _rows_for(ctx: DemoContext, key: str, person: Person, entry: date, p_pre: float, p_post: float):  # type: ignore[no-untyped-def]
    rows = []
    for start, p in ((entry - timedelta(days=183), p_pre), (entry, p_post)):
        if ctx.rng.random() >= p:
            continue
        for n in range(ctx.rng.choice((1, 1, 2, 3))):
            on = start + timedelta(days=ctx.rng.randrange(183))
            if on > ctx.today:
                continue
            base = {
                "FirstName": person.first_name,
                "LastName": person.last_name,
                "DOB": person.date_of_birth.strftime("%m/%d/%Y") if person.date_of_birth else "",
                "IncidentDate": on.strftime("%m/%d/%Y"),
            }
            ident = f"{key}-{start:%Y%m%d}-{n}"
            warrant = "Y" if ctx.rng.random() < 0.2 else "N"
            rows.append({**base, "IncidentNo": f"A{ident}", "EventType": "ARR", "Warrant": warrant})
            level = "F" if ctx.rng.random() < 0.3 else "M"
            rows.append({**base, "IncidentNo": f"C{ident}", "EventType": "CHG", "Severity": level})
            if ctx.rng.random() < 0.7:
                out = on + timedelta(days=ctx.rng.choice((0, 1, 2, 4, 9, 30)))
                rows.append(
                    {
                        **base,
                        "IncidentNo": f"B{ident}",
                        "EventType": "BKG",
                        "BookDate": on.strftime("%m/%d/%Y"),
                        "ReleaseDate": min(out, ctx.today).strftime("%m/%d/%Y"),
                    }
                )
    return rows


def populate(ctx: DemoContext) -> None:
    pm = Membership.objects.select_related("user", "site", "agency").get(
        site=ctx.site, user=ctx.users["pm"], role=Role.PM
    )
    actor = Actor(user=pm.user, membership=pm, via="demo")
    source = actions.source_save(
        actor=actor,
        name="spd-records",
        label="Seattle Police records (weekly CSV)",
        kind="police",
        column_map=COLUMNS,
        value_map=CODES,
        date_format="%m/%d/%Y",
    )
    config = actions.config_for_site(ctx.site.pk)
    config.program_month_cost = 899  # Collins et al. 2019: $899 per person-month (domain.md)
    config.save()
    comparison = []
    for _ in range(30):
        person = Person.objects.create(
            site=ctx.site,
            first_name=ctx.faker.first_name(),
            last_name=ctx.faker.last_name(),
            date_of_birth=ctx.faker.date_of_birth(minimum_age=19, maximum_age=66),
        )
        entry = ctx.today - timedelta(days=ctx.rng.randint(200, 900))
        comparison.append(
            actions.comparison_member_add(
                actor=actor, person_id=person.pk, entry_date=entry, method="matched_pool"
            )
        )
    probs = planted_probabilities(0.40)
    rows = []
    for p in ctx.participants:
        rows += _rows_for(
            ctx, f"P{p.pk}", p.person, p.enrolled_on, probs[(True, False)], probs[(True, True)]
        )
    for m in comparison:
        rows += _rows_for(
            ctx, f"K{m.pk}", m.person, m.entry_date, probs[(False, False)], probs[(False, True)]
        )
    # One row whose subject the matcher cannot settle alone: a misspelt name and a slipped date.
    someone = ctx.participants[0].person
    dob = someone.date_of_birth or date(1980, 1, 1)
    rows.append(
        {
            "IncidentNo": "A-REVIEW-1",
            "FirstName": someone.first_name[:-1] + "y",
            "LastName": someone.last_name,
            "DOB": (dob + timedelta(days=1)).strftime("%m/%d/%Y"),
            "IncidentDate": (ctx.today - timedelta(days=20)).strftime("%m/%d/%Y"),
            "EventType": "ARR",
            "Warrant": "N",
        }
    )
    header = list(dict.fromkeys([*COLUMNS.values()]))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "spd-weekly.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
        actions.legal_events_import(actor=actor, source_id=source.pk, path=path)
    actions.outcome_run_create(actor=actor, subjects=queries.evaluation_subjects(actor))
