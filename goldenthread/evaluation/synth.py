"""Synthetic legal-system events for evaluation, at scale: arrests, jail bookings with their
release dates, charges and warrants, for every participant and for a comparison group about
half the size, over the three years before evaluation entry and the time since.

Past use of jail is heavy-tailed (domain.md, "Realistic sizes": one Santa Fe person had 14
bookings and 681 jail days in 3 years): each person's yearly booking rate is drawn from a
gamma distribution with shape 0.6 (most people book rarely, a few very often), and each
stay's length from a log-normal (median about 4 days, a long right tail). One person per
site carries exactly that record. After entry, participants book less often than the
comparison group (domain.md: 1.4 fewer bookings a year in Seattle). Bulk inserts only.
"""

from __future__ import annotations

import hashlib
import math
import random
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from goldenthread.core.bulk import insert_rows
from goldenthread.core.models import Person
from goldenthread.core.roles import Role
from goldenthread.evaluation.models import (
    ComparisonMember,
    ImportRun,
    LegalSource,
    LegalSystemEvent,
)

BATCH = 2000
FLUSH = 20_000  # rows held before each bulk load
COMPARISON_SHARE = 0.5
PRIOR_YEARS = 3
MEAN_BOOKINGS_PER_YEAR = 1.5
RATE_SHAPE = 0.6  # gamma shape: the smaller, the heavier the tail
STAY_MEDIAN_DAYS = 4.0
STAY_SIGMA = 1.3
LEAD_FACTOR_AFTER_ENTRY = 0.45  # participants' booking rate after entry, relative to before
COMPARISON_FACTOR_AFTER_ENTRY = 0.9
WARRANT_SHARE = 0.15
HEAVY_TAIL_BOOKINGS = 14
HEAVY_TAIL_JAIL_DAYS = 681
LEVELS = (
    (LegalSystemEvent.Level.MISDEMEANOR, 0.6),
    (LegalSystemEvent.Level.GROSS_MISDEMEANOR, 0.2),
    (LegalSystemEvent.Level.FELONY, 0.2),
)


def _poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth for small means, normal approximation for large)."""
    if lam > 50:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _stay(rng: random.Random) -> int:
    return max(0, round(rng.lognormvariate(math.log(STAY_MEDIAN_DAYS), STAY_SIGMA)))


def booking_plan(
    rng: random.Random, *, entry: date, today: date, after_factor: float
) -> list[tuple[date, int]]:
    """One person's bookings as (booking date, days in jail): a person-level rate from a
    gamma (heavy-tailed across people), Poisson counts before and after ``entry``."""
    rate = rng.gammavariate(RATE_SHAPE, MEAN_BOOKINGS_PER_YEAR / RATE_SHAPE)
    start = entry - timedelta(days=365 * PRIOR_YEARS)
    out: list[tuple[date, int]] = []
    for first, last, factor in ((start, entry, 1.0), (entry, today, after_factor)):
        days = (last - first).days
        if days <= 0:
            continue
        for _ in range(_poisson(rng, rate * factor * days / 365)):
            out.append((first + timedelta(days=rng.randrange(days)), _stay(rng)))
    return sorted(out)


def heavy_tail_plan(rng: random.Random, *, entry: date) -> list[tuple[date, int]]:
    """Exactly 14 bookings and 681 jail days in the 3 years before entry (domain.md)."""
    start = entry - timedelta(days=365 * PRIOR_YEARS)
    weights = [rng.lognormvariate(0, 1) for _ in range(HEAVY_TAIL_BOOKINGS)]
    stays = [math.floor(HEAVY_TAIL_JAIL_DAYS * w / sum(weights)) for w in weights]
    stays[0] += HEAVY_TAIL_JAIL_DAYS - sum(stays)
    # Lay the stays end to end with gaps, inside the window.
    free = 365 * PRIOR_YEARS - HEAVY_TAIL_JAIL_DAYS - 1
    cuts = sorted(rng.randrange(free) for _ in range(HEAVY_TAIL_BOOKINGS))
    out, used, previous = [], 0, 0
    for cut, stay in zip(cuts, stays, strict=True):
        used += cut - previous
        previous = cut
        out.append((start + timedelta(days=used), stay))
        used += stay
    return out


def _level(rng: random.Random) -> str:
    roll, acc = rng.random(), 0.0
    for level, share in LEVELS:
        acc += share
        if roll < acc:
            return level
    return LEVELS[-1][0]


def populate(ctx: Any) -> None:
    site, rng, today = ctx.site, ctx.rng, ctx.today
    pm = ctx.users[Role.PM.value][0]
    sources = {
        kind: LegalSource(site=site, name=f"synth-{kind}", label=f"Synthetic {label}", kind=kind)
        for kind, label in LegalSource.Kind.choices
    }
    LegalSource.objects.bulk_create(sources.values())
    runs = {
        kind: ImportRun(
            site=site,
            source=source,
            filename=f"synth-{kind}.csv",
            status=ImportRun.Status.SUCCEEDED,
            started_by=pm,
            finished_at=timezone.now(),
        )
        for kind, source in sources.items()
    }
    ImportRun.objects.bulk_create(runs.values())

    # The comparison group: people who are not participants, entering over the same years.
    n_comparison = int(len(ctx.participants) * COMPARISON_SHARE)
    entries = [p.enrolled_on for p in ctx.participants] or [today - timedelta(days=365)]
    people = Person.objects.bulk_create(
        [
            Person(site=site, first_name=f"Comparison{i}", last_name=f"Synth{site.pk}")
            for i in range(n_comparison)
        ],
        batch_size=BATCH,
    )
    members = ComparisonMember.objects.bulk_create(
        [
            ComparisonMember(
                site=site,
                person=person,
                entry_date=rng.choice(entries),
                method=ComparisonMember.Method.MATCHED_POOL,
            )
            for person in people
        ],
        batch_size=BATCH,
    )
    subjects = [(p.person_id, p.enrolled_on, LEAD_FACTOR_AFTER_ENTRY) for p in ctx.participants]
    subjects += [(m.person_id, m.entry_date, COMPARISON_FACTOR_AFTER_ENTRY) for m in members]

    events: list[dict[str, Any]] = []
    serial = 0

    def event(kind: str, person_id: int, on: date, **fields: Any) -> None:
        nonlocal serial
        serial += 1
        source = {"arrest": "police", "warrant": "court", "charge": "court"}.get(kind, "jail")
        key = f"{kind}-{serial}"
        events.append(
            {
                "site_id": site.pk,
                "source_id": sources[source].pk,
                "last_run_id": runs[source].pk,
                "external_key": key,
                "person_id": person_id,
                "kind": kind,
                "incident_date": on,
                "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
                **fields,
            }
        )

    for index, (person_id, entry, factor) in enumerate(subjects):
        if index == 0:
            plan = heavy_tail_plan(rng, entry=entry)
        else:
            plan = booking_plan(rng, entry=entry, today=today, after_factor=factor)
        for booked, stay in plan:
            if booked > today:
                continue
            warrant = rng.random() < WARRANT_SHARE
            if warrant:
                event("warrant", person_id, booked - timedelta(days=rng.randint(1, 60)))
            event("arrest", person_id, booked, on_warrant=warrant)
            event(
                "booking",
                person_id,
                booked,
                filed_on=booked,
                released_on=min(booked + timedelta(days=stay), today),
            )
            event("charge", person_id, booked, filed_on=booked, charge_level=_level(rng))
        if len(events) >= FLUSH:
            insert_rows(LegalSystemEvent, events)
            events.clear()
    insert_rows(LegalSystemEvent, events)
