"""The referrals part of the demo: Seattle's and Santa Fe's policies, referrals through all
three doors, ineligible ones with their reasons, new arrest diversions on the on-call clock,
an expired intake in the filing queue, a waiting queue and a failed notice."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from goldenthread.access.actor import Actor, actor_for
from goldenthread.core.demo import DemoContext
from goldenthread.core.models import Person, Site
from goldenthread.referrals import actions
from goldenthread.referrals.actions import ReferralInput
from goldenthread.referrals.models import (
    DeliveryAttempt,
    Notification,
    Referral,
    ReferralStateChange,
)
from goldenthread.referrals.queries import settings_for
from goldenthread.referrals.seeds import seed_policy

SEATTLE_AREAS = ["Belltown", "Downtown", "Pioneer Square", "Chinatown-International District"]


def _refer(ctx: DemoContext, actor: Actor, door: str, minutes_ago: int, **fields: Any) -> Referral:
    data = ReferralInput(
        door=door,
        first_name=fields.pop("first_name", ctx.faker.first_name()),
        last_name=fields.pop("last_name", ctx.faker.last_name()),
        date_of_birth=fields.pop(
            "date_of_birth", ctx.faker.date_of_birth(minimum_age=19, maximum_age=60)
        ),
        contact_at=timezone.now() - timedelta(minutes=minutes_ago),
        area=fields.pop("area", ctx.rng.choice(SEATTLE_AREAS)),
        **fields,
    )
    return actions.referral_create(actor=actor, data=data)


def _arrest(ctx: DemoContext, officer: Actor, minutes_ago: int, **fields: Any) -> Referral:
    n = ctx.rng.randint(10000, 99999)
    values: dict[str, Any] = {
        "offence_category": "drug_possession",
        "charge": "VUCSA possession",
        "probable_cause": True,
        "arrest_report_number": f"SPD-26-{n}",
        "quantity_grams": Decimal(str(round(ctx.rng.uniform(0.2, 2.5), 1))),
    }
    values.update(fields)
    return _refer(ctx, officer, "arrest", minutes_ago, **values)


def _social(ctx: DemoContext, officer: Actor, minutes_ago: int, **fields: Any) -> Referral:
    values: dict[str, Any] = {
        "offence_category": "drug_possession",
        "prior_activity": "Open-air possession, observed on patrol",
        "verification": "observation",
        "prior_activity_on": ctx.today - timedelta(days=ctx.rng.randint(20, 300)),
        "prior_activity_place": "3rd Ave & Pine St",
    }
    values.update(fields)
    return _refer(ctx, officer, "social", minutes_ago, **values)


def _screen(ctx: DemoContext, cm: Actor, referral: Referral) -> Referral:
    actions.referral_identify(actor=cm, referral_id=referral.pk, confirm_new=True)
    actions.referral_screen(actor=cm, referral_id=referral.pk)
    referral.refresh_from_db()
    return referral


def _history(ctx: DemoContext) -> None:
    """Past referrals that became today's participants: the path behind each of them. Then
    past referrals that ended without enrolment, so planning's conversion per door and
    evaluation's "referred but not enrolled" comparison group have data."""
    officer = ctx.users["officer"]
    police = ctx.agency("police")
    _not_enrolled_history(ctx, officer, police)
    for participant in ctx.participants:
        person = participant.person
        contact = timezone.make_aware(
            datetime.combine(participant.enrolled_on - timedelta(days=4), time(14, 0))
        )
        referral = Referral.objects.create(
            site=ctx.site,
            door="arrest" if participant.pk % 2 else "social",
            state="enrolled",
            referred_by=officer,
            referring_agency=police,
            first_name=person.first_name,
            last_name=person.last_name,
            date_of_birth=person.date_of_birth,
            aliases=person.aliases,
            person=person,
            participant=participant,
            contact_at=contact,
            offence_category="drug_possession",
            probable_cause=True,
            handoff_at=contact + timedelta(minutes=25),
            assessment="Intake complete.",
            roi_signed=True,
            roi_signed_on=participant.enrolled_on,
            assigned_cm=participant.case_manager,
            intake_due=participant.enrolled_on + timedelta(days=26),
        )
        for step, (before, after) in enumerate(
            [
                ("", "referred"),
                ("referred", "screening"),
                ("screening", "intake_pending"),
                ("intake_pending", "enrolled"),
            ]
        ):
            ReferralStateChange.objects.create(
                site=ctx.site,
                referral=referral,
                from_state=before,
                to_state=after,
                changed_at=contact + timedelta(days=step + (3 if after == "enrolled" else 0)),
            )


def _not_enrolled_history(ctx: DemoContext, officer: Any, police: Any) -> None:
    """One referral ending without enrolment for every two participants, over the same
    years: ineligible, declined or intake expired in turn, each with its person."""
    ends = ("ineligible", "declined", "intake_expired")
    doors = ("arrest", "social", "community")
    people = []
    referrals = []
    for i in range(len(ctx.participants) // 2):
        contact = timezone.make_aware(
            datetime.combine(ctx.today - timedelta(days=ctx.rng.randint(40, 900)), time(11, 0))
        )
        person = Person(
            site=ctx.site,
            first_name=ctx.faker.first_name(),
            last_name=ctx.faker.last_name(),
            date_of_birth=ctx.faker.date_of_birth(minimum_age=19, maximum_age=66),
        )
        people.append(person)
        referrals.append(
            Referral(
                site=ctx.site,
                door=doors[i % 3],
                state=ends[i % 3],
                referred_by=officer,
                referring_agency=police,
                first_name=person.first_name,
                last_name=person.last_name,
                date_of_birth=person.date_of_birth,
                contact_at=contact,
                offence_category="drug_possession",
                probable_cause=doors[i % 3] == "arrest",
                expired_at=contact + timedelta(days=31) if i % 3 == 2 else None,
            )
        )
    Person.objects.bulk_create(people)
    for person, referral in zip(people, referrals, strict=True):
        referral.person = person
    Referral.objects.bulk_create(referrals)


def _waiting(ctx: DemoContext, officer: Actor, cm: Actor) -> None:
    """Social contacts queued last month, when capacity was full; the PM admits them in turn."""
    flags = [["unsheltered"], ["pregnant", "unsheltered"], [], ["veteran"]]
    for i, vulnerability in enumerate(flags):
        referral = _social(
            ctx,
            officer,
            60 * 24 * (30 - i * 5),
            vulnerability_flags=vulnerability,
            recent_arrests=i % 3,
        )
        actions.referral_identify(actor=cm, referral_id=referral.pk, confirm_new=True)
        queued = timezone.now() - timedelta(days=28 - i * 5)
        ReferralStateChange.objects.create(
            site=ctx.site,
            referral=referral,
            from_state="referred",
            to_state="screening",
            changed_at=queued,
        )
        ReferralStateChange.objects.create(
            site=ctx.site,
            referral=referral,
            from_state="screening",
            to_state="intake_pending",
            changed_at=queued,
            reason="Eligible; capacity full: waiting in the queue",
        )
        Referral.objects.filter(pk=referral.pk).update(state="intake_pending", waiting_since=queued)


def _failed_notice(ctx: DemoContext, referral: Referral) -> None:
    notice = Notification.objects.create(
        site=ctx.site,
        referral=referral,
        channel="webhook",
        target="https://sms-gateway.invalid/lead",
        message=f"New arrest diversion #{referral.pk}: warm hand-off due.",
        status="failed",
        attempts=3,
    )
    for _ in range(3):
        DeliveryAttempt.objects.create(
            site=ctx.site, notification=notice, ok=False, error="URLError: gateway timed out"
        )


def populate(ctx: DemoContext) -> None:
    site = ctx.site
    seed_policy(site, "seattle", adopted_by=ctx.users["pm"], effective_from=date(2020, 1, 1))
    santa_fe = Site.objects.filter(slug="santa-fe").first()
    if santa_fe is not None:
        seed_policy(
            santa_fe, "santa_fe", adopted_by=ctx.users["pm"], effective_from=date(2020, 1, 1)
        )
    config = settings_for(site.pk)
    config.oncall_email = "lead-oncall@example.org"
    config.save()
    officer = actor_for(ctx.users["officer"], site, via="demo")
    cm = actor_for(ctx.users["cm"], site, via="demo")
    pm = actor_for(ctx.users["pm"], site, via="demo")
    _history(ctx)

    # On the on-call clock now: one fresh, one nearly due, one overdue.
    for minutes in (4, 22, 48):
        _arrest(ctx, officer, minutes)
    # Eligible, intake under way.
    for minutes in (60 * 24 * 3, 60 * 24 * 9):
        referral = _screen(ctx, cm, _arrest(ctx, officer, minutes))
        actions.referral_handoff(actor=cm, referral_id=referral.pk)
    # Not eligible, each with its reason.
    _screen(ctx, cm, _arrest(ctx, officer, 60 * 24 * 5, quantity_grams=Decimal("7.5")))
    _screen(
        ctx,
        cm,
        _arrest(
            ctx,
            officer,
            60 * 24 * 6,
            offence_category="drug_sale_subsistence",
            history_flags=[
                {"code": "delivery_for_profit", "on": str(ctx.today - timedelta(days=400))}
            ],
        ),
    )
    _screen(ctx, cm, _arrest(ctx, officer, 60 * 24 * 2, offence_category="public_disorder"))
    # A social contact whose prior activity is too old, and a community referral.
    _screen(
        ctx, cm, _social(ctx, officer, 60 * 24, prior_activity_on=ctx.today - timedelta(days=800))
    )
    _screen(
        ctx,
        cm,
        _refer(
            ctx, pm, "community", 60 * 30, referring_partner="Downtown Emergency Service Center"
        ),
    )
    # A possible duplicate of an existing participant, not yet identified.
    twin = ctx.participants[0].person
    _arrest(
        ctx,
        officer,
        60 * 2,
        first_name=twin.first_name,
        last_name=twin.last_name + "e",
        date_of_birth=twin.date_of_birth,
    )
    # An intake that lapsed: the arrest diversion goes to the filing queue.
    lapsed = _screen(ctx, cm, _arrest(ctx, officer, 60 * 24 * (site.intake_deadline_days + 4)))
    actions.referrals_expire(site=site)
    _failed_notice(ctx, lapsed)
    _waiting(ctx, officer, cm)
