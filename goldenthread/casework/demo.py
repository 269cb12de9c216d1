"""Demo history for case management: for every demo participant, contacts in the field,
goals in their own words with steps and progress, monthly status records, service referrals
and flex-fund spends from two pools; and profiles for the case-management team."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from goldenthread.casework import rules
from goldenthread.casework.models import (
    ActionStep,
    CaseworkSettings,
    Contact,
    FlexFundRequest,
    FundingPool,
    Goal,
    LedgerEntry,
    ProgressNote,
    ServiceReferral,
    StaffProfile,
    StatusRecord,
)
from goldenthread.core.models import Participant

PLACES = {
    "street": ["3rd Ave & Pine St", "Westlake Park", "under the I-5 overpass", "Chinatown-ID"],
    "shelter": ["Bread of Life Mission", "DESC Navigation Center", "Compass Housing Alliance"],
    "office": ["REACH office, Belltown"],
    "phone": [""],
    "text": [""],
    "court": ["Seattle Municipal Court", "King County Courthouse"],
    "accompaniment": ["DSHS Belltown office", "Harborview clinic", "Dept of Licensing"],
}
NOTES = [
    "Checked in; slept outside two nights this week. Talked about the shelter waitlist.",
    "Brought socks and water. Wants to talk about getting ID back.",
    "Went with them to the benefits appointment; application submitted.",
    "Short text check-in, confirmed Thursday's appointment.",
    "Talked through the court date; advocate will follow up with defence counsel.",
    "Discussed cutting back; interested in MOUD intake at the clinic.",
    "Met at the library; updated the housing assessment.",
    "Reconnected after a few weeks; phone was stolen.",
]
GOALS = [
    ("housing", "Get inside before winter", ["Complete coordinated-entry assessment", "Tour"]),
    ("income", "Get my SSI back", ["Request medical records", "File reconsideration"]),
    ("health", "See a doctor about my leg", ["Book clinic appointment"]),
    ("substance_use", "Cut down and try Suboxone", ["Intake at the MOUD clinic"]),
    ("legal", "Clear my old warrants", ["Advocate contacts defence counsel"]),
    ("family", "See my daughter again", ["Call family services"]),
    ("prosocial", "Start painting again", ["Buy painting supplies", "Join the art group"]),
    ("employment", "Get back to work in a kitchen", ["Food-handler permit", "Apply to FareStart"]),
]
FLEX = [
    ("basic_needs", "Safeway", "Groceries for the week", "30.00"),
    ("phone", "Metro PCS", "A phone so the housing navigator can reach them", "45.00"),
    ("transport", "King County Metro", "ORCA card for appointments", "50.00"),
    ("id_documents", "WA Dept of Licensing", "State ID replacement", "54.00"),
    ("prosocial", "Blick Art Materials", "Painting supplies", "85.00"),
    ("housing", "Motel 6 Seattle", "Two nights before move-in", "180.00"),
    ("debt", "Seattle City Light", "Old utility debt blocking a lease", "240.00"),
]


def _aware(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def _cm(ctx: Any, p: Participant) -> Any:
    return p.case_manager or ctx.users["cm"]


def populate(ctx: Any) -> None:
    CaseworkSettings.objects.create(site=ctx.site, flex_approval_threshold=Decimal("100.00"))
    _profiles(ctx)
    pools = _pools(ctx)
    balances = {p.pk: p.budget for p in pools}
    for participant in ctx.participants:
        end = participant.exited_on or ctx.today
        goals = _goals(ctx, participant, end)
        _contacts(ctx, participant, end)
        _statuses(ctx, participant, end)
        _services(ctx, participant, end)
        _flex(ctx, participant, goals, pools, balances, end)


def _profiles(ctx: Any) -> None:
    people = [
        ("cm", "BA Social Work; CDP trainee", False, False, ["English", "Spanish"], True),
        ("cm2", "Peer counsellor certification", False, False, ["English", "Somali"], None),
        ("supervisor", "LICSW", True, True, ["English"], False),
        ("outreach", "", False, False, ["English", "Vietnamese"], True),
        ("advocate", "Paralegal certificate", False, False, ["English"], None),
    ]
    trainings = ["Motivational interviewing", "Harm reduction", "Naloxone", "Trauma-informed care"]
    for username, creds, clinical, supervises, languages, lived in people:
        StaffProfile.objects.create(
            site=ctx.site,
            user=ctx.users[username],
            credentials=creds,
            clinical_credential=clinical,
            provides_supervision=supervises,
            trainings=ctx.rng.sample(trainings, 2),
            languages=languages,
            lived_experience=lived,
        )


def _pools(ctx: Any) -> list[FundingPool]:
    start, end = ctx.today - timedelta(days=200), ctx.today + timedelta(days=165)
    return [
        FundingPool.objects.create(
            site=ctx.site,
            name="City flex fund",
            funding_source="City of Seattle general fund",
            budget=Decimal("12000.00"),
            period_start=start,
            period_end=end,
        ),
        FundingPool.objects.create(
            site=ctx.site,
            name="Foundation basic-needs fund",
            funding_source="Private foundation grant",
            budget=Decimal("4000.00"),
            period_start=start,
            period_end=end,
            categories=["basic_needs", "phone", "transport", "id_documents", "prosocial"],
        ),
    ]


def _goals(ctx: Any, p: Participant, end: date) -> list[Goal]:
    cm = _cm(ctx, p)
    goals = []
    for domain, title, steps in ctx.rng.sample(GOALS, ctx.rng.randint(1, 3)):
        goal = Goal.objects.create(
            site=ctx.site,
            participant=p,
            domain=domain,
            title=title,
            state=ctx.rng.choice(["open", "open", "open", "achieved"]),
            target_on=end + timedelta(days=ctx.rng.randint(30, 120)),
            created_by=cm,
        )
        goals.append(goal)
        for i, step in enumerate(steps):
            due = p.enrolled_on + timedelta(days=14 * (i + 1))
            ActionStep.objects.create(
                site=ctx.site,
                goal=goal,
                description=step,
                owner=ctx.rng.choice(["Participant", "Case manager", "Participant and CM"]),
                due_on=due,
                done_on=due if due < end and ctx.rng.random() < 0.6 else None,
            )
        ProgressNote.objects.create(
            site=ctx.site,
            goal=goal,
            author=cm,
            written_on=min(end, p.enrolled_on + timedelta(days=20)),
            note="Talked it through; they set the pace.",
        )
    return goals


def _contacts(ctx: Any, p: Participant, end: date) -> None:
    # Inactive participants have gone quiet: no contact in the last month or two.
    last = end - timedelta(days=ctx.rng.randint(35, 70) if p.state == "inactive" else 0)
    day = p.enrolled_on
    n = 0
    while day <= last:
        kind = ctx.rng.choice(list(rules.CONTACT_KINDS))
        Contact.objects.create(
            site=ctx.site,
            participant=p,
            author=_cm(ctx, p),
            kind=kind,
            occurred_at=_aware(day, ctx.rng.randint(8, 18)),
            place=ctx.rng.choice(PLACES[kind]),
            duration_minutes=ctx.rng.choice([5, 10, 20, 30, 45, 90]),
            present=ctx.rng.choice(["Participant", "Participant, outreach worker", ""]),
            substantive=kind not in {"text"} and ctx.rng.random() < 0.7,
            note=ctx.rng.choice(NOTES),
            idempotency_key=f"demo-{p.pk}-{n}",
        )
        n += 1
        day += timedelta(days=ctx.rng.randint(3, 16))


def _statuses(ctx: Any, p: Participant, end: date) -> None:
    """At intake, then roughly monthly; most people move up slowly, some slip back."""
    levels = {domain: 0 for domain in rules.STATUS_DOMAINS}
    day, first = p.enrolled_on, True
    while day <= end:
        for domain in rules.STATUS_DOMAINS:
            values = list(rules.status_choices(domain))
            if not first:
                step = ctx.rng.choices([-1, 0, 0, 0, 1], k=1)[0]
                levels[domain] = max(0, min(3, levels[domain] + step))
            StatusRecord.objects.create(
                site=ctx.site,
                participant=p,
                domain=domain,
                value=values[levels[domain]],
                recorded_on=day,
                at_intake=first,
                recorded_by=_cm(ctx, p),
            )
        first = False
        day += timedelta(days=ctx.rng.randint(26, 34))


def _services(ctx: Any, p: Participant, end: date) -> None:
    for kind in ctx.rng.sample(list(rules.SERVICE_KINDS), ctx.rng.randint(0, 2)):
        sent = min(end, p.enrolled_on + timedelta(days=ctx.rng.randint(3, 60)))
        referral = ServiceReferral(
            site=ctx.site,
            participant=p,
            kind=kind,
            provider=ctx.rng.choice(["DESC", "Evergreen Treatment Services", "DSHS", "Harborview"]),
            sent_on=sent,
            made_by=_cm(ctx, p),
        )
        outcome = ctx.rng.choice(["sent", "accepted", "completed", "declined"])
        if outcome != "sent":
            referral.accepted_on = min(end, sent + timedelta(days=5))
            referral.status = "accepted"
        if outcome == "completed":
            referral.completed_on = min(end, sent + timedelta(days=25))
            referral.status = "completed"
        if outcome == "declined":
            referral.accepted_on, referral.declined_on = None, min(end, sent + timedelta(days=4))
            referral.status = "declined"
        referral.save()


def _flex(
    ctx: Any,
    p: Participant,
    goals: list[Goal],
    pools: list[FundingPool],
    balances: dict[int, Decimal],
    end: date,
) -> None:
    supervisor = ctx.users["supervisor"]
    for category, vendor, purpose, amount in ctx.rng.sample(FLEX, ctx.rng.randint(0, 3)):
        value = Decimal(amount)
        pool = next(
            (
                x
                for x in pools[::-1]
                if (not x.categories or category in x.categories) and balances[x.pk] >= value
            ),
            None,
        )
        on = max(pools[0].period_start, end - timedelta(days=ctx.rng.randint(1, 150)))
        if pool is None or on > ctx.today:
            continue
        supervised = rules.needs_supervisor(value, category, Decimal("100.00"))
        pending = supervised and p.state != "exited" and ctx.rng.random() < 0.25
        request = FlexFundRequest.objects.create(
            site=ctx.site,
            participant=p,
            requested_by=_cm(ctx, p),
            pool=pool,
            goal=ctx.rng.choice(goals),
            amount=value,
            category=category,
            vendor=vendor,
            purpose=purpose,
            attested=True,
            pools_checked="Agency emergency closet; DSHS additional requirements (not eligible)",
            needs_supervisor=supervised,
            status="pending" if pending else "disbursed",
            decided_by=None if pending else (supervisor if supervised else _cm(ctx, p)),
            decided_at=None if pending else _aware(on, 10),
            disbursed_on=None if pending else on,
        )
        if pending:
            continue
        balances[pool.pk] -= value
        entry = LedgerEntry.objects.create(
            site=ctx.site,
            pool=pool,
            request=request,
            participant=p,
            case_manager=_cm(ctx, p),
            category=category,
            kind="spend",
            amount=value,
            entry_on=on,
            memo=purpose,
            entered_by=supervisor if supervised else _cm(ctx, p),
        )
        if ctx.rng.random() < 0.05:
            balances[pool.pk] += value
            LedgerEntry.objects.create(
                site=ctx.site,
                pool=pool,
                request=request,
                participant=p,
                case_manager=_cm(ctx, p),
                category=category,
                kind="reversal",
                amount=-value,
                entry_on=on,
                reverses=entry,
                memo="Vendor refunded the charge",
                entered_by=supervisor,
            )
