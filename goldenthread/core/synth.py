"""Synthetic sites at scale, for benchmarks: bulk inserts, proportions from domain.md.

Areas extend each site through ``goldenthread.<area>.synth.populate(ctx)``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib import import_module
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from faker import Faker

from goldenthread.core.models import (
    Agency,
    Membership,
    Participant,
    ParticipantStateChange,
    Person,
    Site,
)
from goldenthread.core.progress import Progress
from goldenthread.core.roles import Role

BATCH = 2000
# About 20% of participants are inactive at any time (domain.md, "Realistic sizes").
INACTIVE_SHARE = 0.20
EXITED_SHARE = 0.10
HISTORY_YEARS = 5
AREAS = (
    "referrals",
    "casework",
    "disclosures",
    "legal",
    "legalservices",
    "governance",
    "conferencing",
    "planning",
    "evaluation",
)


@dataclass
class SynthContext:
    """What areas' synthetic builders receive for one site."""

    site: Site
    agencies: dict[str, Agency]
    users: dict[str, list[Any]]
    participants: list[Participant]
    rng: random.Random
    today: date
    progress_stream: Any = None
    extra: dict[str, Any] = field(default_factory=dict)


def _staff(site: Site, agencies: dict[str, Agency], n_participants: int) -> dict[str, list[Any]]:
    """Enough case managers to keep the average near the site's target of 20."""
    User = get_user_model()
    counts = {
        Role.CM: max(1, n_participants // site.caseload_target),
        Role.PM: 1,
        Role.SUPERVISOR: max(1, n_participants // 200),
        Role.OFFICER: 5,
        Role.PROSECUTOR: 1,
        Role.OUTREACH: 1,
    }
    agency_for = {
        Role.CM: "case_management",
        Role.SUPERVISOR: "case_management",
        Role.OUTREACH: "case_management",
        Role.PM: "project_management",
        Role.OFFICER: "police",
        Role.PROSECUTOR: "prosecutor",
    }
    users: dict[str, list[Any]] = {}
    new_users = [
        User(username=f"{site.slug}-{role.value}-{i}", password="!")  # noqa: S106 - unusable password  # nosec B106
        for role, n in counts.items()
        for i in range(n)
    ]
    User.objects.bulk_create(new_users, batch_size=BATCH)
    by_name = {u.username: u for u in User.objects.filter(username__startswith=f"{site.slug}-")}
    memberships = []
    for role, n in counts.items():
        users[role.value] = [by_name[f"{site.slug}-{role.value}-{i}"] for i in range(n)]
        memberships += [
            Membership(site=site, user=u, agency=agencies[agency_for[role]], role=role)
            for u in users[role.value]
        ]
    Membership.objects.bulk_create(memberships, batch_size=BATCH)
    return users


def _participants(
    site: Site, users: dict[str, list[Any]], n: int, rng: random.Random, today: date, stream: Any
) -> list[Participant]:
    faker = Faker("en_US")
    faker.seed_instance(rng.randint(0, 10**9))
    cms = users[Role.CM.value]
    out: list[Participant] = []
    with Progress(f"{site.slug[:14]}", n, stream) as bar:
        for start in range(0, n, BATCH):
            size = min(BATCH, n - start)
            people = Person.objects.bulk_create(
                [
                    Person(
                        site=site,
                        first_name=faker.first_name(),
                        last_name=faker.last_name(),
                        date_of_birth=faker.date_of_birth(minimum_age=18, maximum_age=70),
                    )
                    for _ in range(size)
                ]
            )
            batch = []
            for i, person in enumerate(people):
                enrolled = today - timedelta(days=rng.randint(1, 365 * HISTORY_YEARS))
                roll = rng.random()
                state = (
                    "exited"
                    if roll < EXITED_SHARE
                    else "inactive"
                    if roll < EXITED_SHARE + INACTIVE_SHARE
                    else "active"
                )
                exited = (
                    enrolled + timedelta(days=rng.randint(30, 700)) if state == "exited" else None
                )
                batch.append(
                    Participant(
                        site=site,
                        person=person,
                        state=state,
                        case_manager=cms[(start + i) % len(cms)],
                        enrolled_on=enrolled,
                        exited_on=min(exited, today) if exited else None,
                        exit_reason="Completed goals" if exited else "",
                    )
                )
            created = Participant.objects.bulk_create(batch)
            changes = []
            for p in created:
                at = timezone.make_aware(datetime.combine(p.enrolled_on, time(12)))
                changes.append(
                    ParticipantStateChange(
                        site=site, participant=p, from_state="", to_state="enrolled", changed_at=at
                    )
                )
                changes.append(
                    ParticipantStateChange(
                        site=site,
                        participant=p,
                        from_state="enrolled",
                        to_state=p.state,
                        changed_at=at + timedelta(days=2),
                    )
                )
            ParticipantStateChange.objects.bulk_create(changes, batch_size=BATCH)
            out += created
            bar.advance(size)
    return out


def synth_site(index: int, n_participants: int, *, seed: int = 2011, stream: Any = None) -> Site:
    """One synthetic site with ``n_participants`` participants and 5 years of history."""
    # Seeded synthetic data; not used for anything secret.
    rng = random.Random(seed + index)  # nosec B311
    with transaction.atomic():
        slug = f"synth-{index:03d}"
        site = Site.objects.create(slug=slug, name=f"Synthetic site {index}", mfa_required_roles=[])
        today = site.today()
        agencies = {
            kind: Agency.objects.create(site=site, name=f"{slug} {label}", kind=kind)
            for kind, label in Agency.Kind.choices
        }
        users = _staff(site, agencies, n_participants)
        participants = _participants(site, users, n_participants, rng, today, stream)
        ctx = SynthContext(site, agencies, users, participants, rng, today, stream)
        modules = []
        for area in AREAS:
            try:
                modules.append(import_module(f"goldenthread.{area}.synth"))
            except ModuleNotFoundError as exc:
                if exc.name != f"goldenthread.{area}.synth":
                    raise
        # The areas' events take most of a site's time: a second bar, one step per area.
        with Progress(f"{slug[:8]} areas", len(modules), stream) as bar:
            for module in modules:
                module.populate(ctx)
                bar.advance()
    return site
