"""Synthetic case management for ``goldenthread synth``: contacts, plan goals, monthly status
records, flex-fund pools and spends, for each participant's time in the program (up to the
five years of synthetic history). Bulk inserts only: no per-row action, no audit rows.

Proportions (domain.md, "Case management" and "Realistic sizes"): an active participant is
seen about weekly (every 4-12 days), less often in older history (about monthly before the
last two years); an inactive one was seen until they went quiet, longer
ago than the site's ``inactive_after_days``; status is recorded about monthly; about one flex
spend per participant-year. The most recent two years carry the monthly statuses and the
densest contacts, which keeps 1,500 participants quick to build.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from goldenthread.casework import counters, rules
from goldenthread.casework.models import (
    Contact,
    FlexFundRequest,
    FundingPool,
    Goal,
    LedgerEntry,
    StatusRecord,
)
from goldenthread.core.bulk import Ciphertext, insert_rows

BATCH = 2000
FLUSH = 20_000  # rows held before each bulk load
CONTACT_KINDS = ("street", "street", "shelter", "office", "phone", "phone", "text", "court")
NOTES = (
    "Checked in; no new needs.",
    "Worked on the housing application together.",
    "Drove to the benefits office.",
    "Talked through the next court date.",
    "Brief check-in by phone.",
)
GOALS = (
    ("housing", "A place of my own"),
    ("income", "Get my benefits back"),
    ("health", "See a doctor about my leg"),
    ("substance_use", "Cut down, then stop"),
    ("employment", "Find steady work"),
    ("family", "See my kids again"),
)
SPEND_CATEGORIES = ("basic_needs", "housing", "phone", "transport", "id_documents", "prosocial")
VENDORS = ("Motel 6", "Metro Transit", "T-Mobile", "DOL", "Safeway", "Goodwill")
STATUS_MONTHS = 24
MAX_CONTACT_DAYS = 730


def _when(day: date, rng: Any, tz: Any) -> datetime:
    return timezone.make_aware(
        datetime.combine(day, time(rng.randint(8, 18), rng.randint(0, 59))), tz
    )


def _span(p: Any, today: date, quiet_after: int, rng: Any) -> tuple[date, date]:
    """The days a participant was being seen: enrolment to exit, to going quiet, or today."""
    end = today
    if p.state == "exited" and p.exited_on:
        end = p.exited_on
    elif p.state == "inactive":
        end = today - timedelta(days=quiet_after + rng.randint(1, 120))
    start = max(p.enrolled_on, today - timedelta(days=MAX_CONTACT_DAYS))
    return start, max(end, p.enrolled_on)


def _contacts(ctx: Any, quiet_after: int) -> None:
    rng, site, tz = ctx.rng, ctx.site, ctx.site.tz
    # A few encrypted copies of each stock note, encrypted once (see core.bulk.Ciphertext).
    notes = [Ciphertext.of(note) for note in NOTES for _ in range(4)]
    rows: list[dict[str, Any]] = []
    for p in ctx.participants:
        _, end = _span(p, ctx.today, quiet_after, rng)
        busy = p.state == "active"
        dense_from = ctx.today - timedelta(days=MAX_CONTACT_DAYS)
        day, n = p.enrolled_on, 0
        while day <= end:
            kind = rng.choice(CONTACT_KINDS)
            rows.append(
                {
                    "site_id": site.pk,
                    "participant_id": p.pk,
                    "author_id": p.case_manager_id,
                    "kind": kind,
                    "occurred_at": _when(day, rng, tz),
                    "duration_minutes": rng.choice((10, 20, 30, 45, 60)),
                    "substantive": kind not in ("text", "phone") or rng.random() < 0.3,
                    "note": rng.choice(notes),
                    "idempotency_key": f"synth-{p.pk}-{n}",
                }
            )
            n += 1
            if day < dense_from:  # older history: about monthly, to stay quick at scale
                day += timedelta(days=rng.randint(20, 40))
            else:
                day += timedelta(days=rng.randint(4, 12) if busy else rng.randint(10, 30))
        if len(rows) >= FLUSH:
            insert_rows(Contact, rows)
            rows = []
    insert_rows(Contact, rows)
    counters.recount(site)  # bulk inserts send no signals


def _goals(ctx: Any) -> dict[int, Goal]:
    rng = ctx.rng
    goals = []
    for p in ctx.participants:
        for domain, title in rng.sample(GOALS, rng.randint(1, 3)):
            state = "open"
            if p.state == "exited" or rng.random() < 0.3:
                state = rng.choice(("achieved", "achieved", "set_aside"))
            goals.append(
                Goal(
                    site=ctx.site,
                    participant_id=p.pk,
                    domain=domain,
                    title=title,
                    state=state,
                    target_on=p.enrolled_on + timedelta(days=rng.randint(60, 365)),
                    created_by_id=p.case_manager_id,
                )
            )
    created = Goal.objects.bulk_create(goals, batch_size=BATCH)
    first: dict[int, Goal] = {}
    for g in created:
        first.setdefault(g.participant_id, g)
    return first


def _statuses(ctx: Any, quiet_after: int) -> None:
    rng = ctx.rng
    domains = list(rules.STATUS_DOMAINS)
    rows: list[dict[str, Any]] = []
    for p in ctx.participants:
        start, end = _span(p, ctx.today, quiet_after, rng)
        start = max(start, ctx.today - timedelta(days=30 * STATUS_MONTHS))
        levels = {d: rng.randint(0, len(rules.status_choices(d)) - 1) for d in domains}
        day, first = start, True
        while day <= end:
            for d in domains:
                scale = list(rules.status_choices(d))
                levels[d] = min(len(scale) - 1, max(0, levels[d] + rng.choice((-1, 0, 0, 1, 1))))
                rows.append(
                    {
                        "site_id": ctx.site.pk,
                        "participant_id": p.pk,
                        "domain": d,
                        "value": scale[levels[d]],
                        "recorded_on": day,
                        "at_intake": first and day == p.enrolled_on,
                        "recorded_by_id": p.case_manager_id,
                    }
                )
            first = False
            day += timedelta(days=rng.randint(26, 34))
        if len(rows) >= FLUSH:
            insert_rows(StatusRecord, rows)
            rows = []
    insert_rows(StatusRecord, rows)


def _flex(ctx: Any, goals: dict[int, Goal], quiet_after: int) -> None:
    rng, site, today = ctx.rng, ctx.site, ctx.today
    supervisors = ctx.users.get("supervisor") or ctx.users["cm"]
    years = range(today.year - 4, today.year + 1)
    spends: list[tuple[int, Any, date, str, Decimal]] = []
    for p in ctx.participants:
        _, end = _span(p, today, quiet_after, rng)
        start = p.enrolled_on
        n = max(0, round((end - start).days / 365 * rng.uniform(0.5, 1.5)))
        for _ in range(n):
            on = start + timedelta(days=rng.randint(0, max(0, (end - start).days)))
            amount = Decimal(rng.choice((25, 40, 60, 85, 120, 150, 250, 400)))
            spends.append((p.pk, p.case_manager_id, on, rng.choice(SPEND_CATEGORIES), amount))
    budget = {y: Decimal("0") for y in years}
    for _, _, on, _, amount in spends:
        if on.year in budget:
            budget[on.year] += amount
    pools = FundingPool.objects.bulk_create(
        [
            FundingPool(
                site=site,
                name=f"Flex funds {y}",
                funding_source="City general fund",
                budget=(budget[y] * Decimal("1.25")).quantize(Decimal("1")) + 1000,
                period_start=date(y, 1, 1),
                period_end=date(y, 12, 31),
            )
            for y in years
        ]
    )
    pool_of = {pool.period_start.year: pool for pool in pools}
    spends = [s for s in spends if s[2].year in pool_of and s[0] in goals]
    requests = FlexFundRequest.objects.bulk_create(
        [
            FlexFundRequest(
                site=site,
                participant_id=pid,
                requested_by_id=cm,
                pool=pool_of[on.year],
                goal=goals[pid],
                amount=amount,
                category=category,
                vendor=rng.choice(VENDORS),
                purpose="Toward the plan goal",
                attested=True,
                pools_checked="Checked other resources: none available",
                needs_supervisor=amount > 250,
                status="disbursed",
                decided_by_id=rng.choice(supervisors).pk,
                decided_at=_when(on, rng, site.tz),
                disbursed_on=on,
            )
            for pid, cm, on, category, amount in spends
        ],
        batch_size=BATCH,
    )
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                site=site,
                pool_id=r.pool_id,
                request_id=r.pk,
                participant_id=r.participant_id,
                case_manager_id=r.requested_by_id,
                category=r.category,
                kind="spend",
                amount=r.amount,
                entry_on=on,
                entered_by_id=r.requested_by_id,
            )
            for r, (_, _, on, _, _) in zip(requests, spends, strict=True)
        ],
        batch_size=BATCH,
    )


def populate(ctx: Any) -> None:
    """Case management for every synthetic participant of ``ctx.site``."""
    quiet_after = ctx.site.inactive_after_days
    _contacts(ctx, quiet_after)
    goals = _goals(ctx)
    _statuses(ctx, quiet_after)
    _flex(ctx, goals, quiet_after)
