"""Shared makers for the evaluation tests: a police source and CSV files for it."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from goldenthread.core.models import Person
from goldenthread.core.roles import Role
from goldenthread.evaluation import actions
from goldenthread.evaluation.management.commands.bench_import import COLUMNS
from goldenthread.evaluation.models import LegalSource

HEADER = list(COLUMNS.values())


def make_source(world: Any, site: Any = None, name: str = "police") -> LegalSource:
    where = site or world.alpha
    return actions.source_save(
        actor=where.actor(Role.PM),
        name=name,
        label="Police records",
        kind="police",
        column_map=COLUMNS,
        value_map={"kind": {"ARR": "arrest", "BKG": "booking", "CHG": "charge"}},
    )


def person(world: Any, first: str, last: str, dob: date, site: Any = None, **kw: Any) -> Person:
    where = site or world.alpha
    return Person.objects.create(
        site=where.site, first_name=first, last_name=last, date_of_birth=dob, **kw
    )


def row(key: str, first: str = "Dana", last: str = "Rivera", **kw: str) -> dict[str, str]:
    out = {
        "Case No": key,
        "First": first,
        "Last": last,
        "DOB": "1980-05-17",
        "Date": "2025-11-02",
        "Type": "ARR",
        "Booked": "",
        "Released": "",
        "Level": "",
        "Warrant": "N",
    }
    out.update(kw)
    return out


def write_csv(path: Path, rows: list[dict[str, str]], header: list[str] | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header or HEADER, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path
