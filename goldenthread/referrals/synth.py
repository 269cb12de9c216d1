"""Synthetic referrals for ``goldenthread synth`` (bulk inserts only, no per-row actions).

Proportions from domain.md ("Realistic sizes", Santa Fe): 55% social contacts and 45% arrest
diversions; of all referrals 9% ineligible, 3% declined and 6% missed the intake deadline; the
rest were enrolled. Every synthetic participant came in through one enrolled referral (contact a
few days before enrolment, screened eligible under the site's adopted policy); the referrals
that did not end in enrolment concern people who never became participants. Five years of
history, like the participants.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from goldenthread.core.models import Person
from goldenthread.core.roles import Role
from goldenthread.core.synth import BATCH, HISTORY_YEARS, SynthContext
from goldenthread.referrals import rules
from goldenthread.referrals.models import EligibilityPolicy, PolicyVersion, Referral, Screening
from goldenthread.referrals.seeds import SEEDS

SOCIAL_SHARE = 0.55
INELIGIBLE_SHARE = 0.09
DECLINED_SHARE = 0.03
MISSED_INTAKE_SHARE = 0.06
NOT_ENROLLED_SHARE = INELIGIBLE_SHARE + DECLINED_SHARE + MISSED_INTAKE_SHARE
CATEGORIES = ("drug_possession", "drug_possession", "drug_sale_subsistence", "prostitution")
AREAS = ("Downtown", "Belltown", "Southside", "Northgate")


def _policy(ctx: SynthContext) -> PolicyVersion:
    spec = dict(SEEDS["seattle"])
    name = spec.pop("name")
    (policy,) = EligibilityPolicy.objects.bulk_create([EligibilityPolicy(site=ctx.site, name=name)])
    pm = ctx.users[Role.PM.value][0]
    (version,) = PolicyVersion.objects.bulk_create(
        [
            PolicyVersion(
                site=ctx.site,
                policy=policy,
                number=1,
                status=PolicyVersion.Status.ADOPTED,
                effective_from=ctx.today - timedelta(days=365 * HISTORY_YEARS + 30),
                adopted_at=timezone.now(),
                adopted_by=pm,
                adoption_note="Synthetic",
                **spec,
            )
        ]
    )
    return version


def _referral(ctx: SynthContext, person: Person, contact_at: datetime, state: str) -> Referral:
    rng = ctx.rng
    door = rules.SOCIAL if rng.random() < SOCIAL_SHARE else rules.ARREST
    officer = rng.choice(ctx.users[Role.OFFICER.value])
    values: dict[str, Any] = {
        "site": ctx.site,
        "door": door,
        "state": state,
        "referred_by": officer,
        "referring_agency": ctx.agencies["police"],
        "first_name": person.first_name,
        "last_name": person.last_name,
        "date_of_birth": person.date_of_birth,
        "person": person,
        "contact_at": contact_at,
        "area": rng.choice(AREAS),
        "offence_category": rng.choice(CATEGORIES),
        "handoff_at": contact_at + timedelta(minutes=rng.randint(10, 90)),
        "intake_due": (contact_at + timedelta(days=ctx.site.intake_deadline_days)).date(),
    }
    if door == rules.ARREST:
        values.update(
            probable_cause=True,
            arrest_report_number=f"SYN-{rng.randint(10**6, 10**7 - 1)}",
            quantity_grams=Decimal(rng.randint(1, 30)) / 10,
        )
    else:
        values.update(
            prior_activity="Possession observed",
            verification=Referral.Verification.OBSERVATION,
            prior_activity_on=contact_at.date() - timedelta(days=rng.randint(5, 300)),
            prior_activity_place=values["area"],
        )
    if state == rules.DECLINED:
        values["decline_reason"] = "Did not want to take part"
    if state == rules.INTAKE_EXPIRED:
        values["expired_at"] = contact_at + timedelta(days=ctx.site.intake_deadline_days + 1)
    return Referral(**values)


def _screening(ctx: SynthContext, version: PolicyVersion, r: Referral) -> Screening:
    eligible = r.state != rules.INELIGIBLE
    outcome = "pass" if eligible else "fail"
    return Screening(
        site=ctx.site,
        referral=r,
        policy_version=version,
        result=rules.ELIGIBLE if eligible else rules.NOT_ELIGIBLE,
        explanation=[
            {
                "criterion": "exclusions",
                "outcome": outcome,
                "reason": "no exclusion applies" if eligible else "violent offence in history",
            }
        ],
        screened_at=r.contact_at + timedelta(hours=ctx.rng.randint(2, 48)),
        screened_by=ctx.users[Role.CM.value][0],
    )


def populate(ctx: SynthContext) -> None:
    rng = ctx.rng
    version = _policy(ctx)
    rows: list[Referral] = []
    for p in ctx.participants:
        day = p.enrolled_on - timedelta(days=rng.randint(1, ctx.site.intake_deadline_days))
        at = timezone.make_aware(datetime.combine(day, time(rng.randint(0, 23))))
        r = _referral(ctx, p.person, at, rules.ENROLLED)
        r.participant = p
        r.assigned_cm = p.case_manager
        r.roi_signed = True
        r.roi_signed_on = p.enrolled_on
        rows.append(r)
    # The referrals that ended otherwise: NOT_ENROLLED_SHARE of all referrals.
    others = round(len(ctx.participants) * NOT_ENROLLED_SHARE / (1 - NOT_ENROLLED_SHARE))
    states = [rules.INELIGIBLE, rules.DECLINED, rules.INTAKE_EXPIRED]
    weights = [INELIGIBLE_SHARE, DECLINED_SHARE, MISSED_INTAKE_SHARE]
    people = Person.objects.bulk_create(
        [
            Person(
                site=ctx.site,
                first_name=f"Referred{i}",
                last_name=rng.choice(("Rivera", "Nguyen", "Smith", "Begay", "Okafor", "Chen")),
            )
            for i in range(others)
        ],
        batch_size=BATCH,
    )
    for person in people:
        day = ctx.today - timedelta(days=rng.randint(8, 365 * HISTORY_YEARS))
        at = timezone.make_aware(datetime.combine(day, time(rng.randint(0, 23))))
        rows.append(_referral(ctx, person, at, rng.choices(states, weights)[0]))
    created = Referral.objects.bulk_create(rows, batch_size=BATCH)
    Screening.objects.bulk_create(
        [_screening(ctx, version, r) for r in created if r.state != rules.DECLINED],
        batch_size=BATCH,
    )
