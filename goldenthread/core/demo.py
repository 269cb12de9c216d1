"""The demo site: one believable LEAD program, plus a second site to show tenancy.

Areas add their own records through ``goldenthread.<area>.demo.populate(ctx)``, called in the
order of ``web.nav.AREAS`` after the people and agencies below exist.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from importlib import import_module
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
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
from goldenthread.core.roles import Role

DEMO_PASSWORD = "golden-thread-demo"  # noqa: S105 - printed for the local demo on purpose  # nosec B105

K = Agency.Kind
AGENCIES = [
    ("Seattle Police Department", K.POLICE, False),
    ("King County Prosecuting Attorney's Office", K.PROSECUTOR, False),
    ("Seattle City Attorney's Office", K.PROSECUTOR, False),
    ("King County Department of Public Defense", K.DEFENDER, False),
    ("Evergreen Treatment Services — REACH", K.CASE_MANAGEMENT, False),
    ("Public Defender Association — LEAD project management", K.PROJECT_MANAGEMENT, True),
    ("LEAD Legal Services", K.LEGAL_SERVICES, False),
    ("Community Leadership Team", K.COMMUNITY, True),
    ("Public Health — Seattle & King County", K.HEALTH, False),
    ("Office of the Mayor", K.ELECTED_OFFICE, False),
    ("University evaluation team", K.EVALUATION, True),
]

# username, role, agency index
USERS = [
    ("pm", Role.PM, 5),
    ("cm", Role.CM, 4),
    ("cm2", Role.CM, 4),
    ("supervisor", Role.SUPERVISOR, 4),
    ("outreach", Role.OUTREACH, 4),
    ("advocate", Role.ADVOCATE, 4),
    ("officer", Role.OFFICER, 0),
    ("sergeant", Role.POLICE_SUPERVISOR, 0),
    ("prosecutor", Role.PROSECUTOR, 1),
    ("defender", Role.DEFENDER, 3),
    ("legalaid", Role.LEGAL_SERVICES, 6),
    ("pcg", Role.PCG_MEMBER, 8),
    ("clt", Role.CLT_MEMBER, 7),
    ("evaluator", Role.EVALUATOR, 10),
    ("admin", Role.SITE_ADMIN, 5),
]


@dataclass
class DemoContext:
    """What areas' demo builders receive: the site, its agencies and users by name."""

    site: Site
    agencies: list[Agency]
    users: dict[str, Any]
    participants: list[Participant] = field(default_factory=list)
    # Seeded: the same demo every time; not used for anything secret.
    rng: random.Random = field(default_factory=lambda: random.Random(2011))  # nosec B311
    faker: Faker = field(default_factory=lambda: Faker("en_US"))
    today: date = field(init=False)

    def __post_init__(self) -> None:
        self.today = self.site.today()  # the site's calendar, not the server's

    def agency(self, kind: str) -> Agency:
        return next(a for a in self.agencies if a.kind == kind)


def _user(username: str, first: str, last: str) -> Any:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _people(ctx: DemoContext, count: int) -> None:
    """Participants in believable states: about 20% inactive (domain.md), a few exited."""
    cms = [ctx.users["cm"], ctx.users["cm2"]]
    for i in range(count):
        person = Person.objects.create(
            site=ctx.site,
            first_name=ctx.faker.first_name(),
            last_name=ctx.faker.last_name(),
            date_of_birth=ctx.faker.date_of_birth(minimum_age=19, maximum_age=66),
            aliases=[ctx.faker.first_name()] if ctx.rng.random() < 0.3 else [],
        )
        roll = ctx.rng.random()
        state = "inactive" if roll < 0.2 else "exited" if roll < 0.27 else "active"
        enrolled = ctx.today - timedelta(days=ctx.rng.randint(20, 900))
        participant = Participant.objects.create(
            site=ctx.site,
            person=person,
            state=state,
            case_manager=cms[i % 2],
            enrolled_on=enrolled,
            exited_on=enrolled + timedelta(days=300) if state == "exited" else None,
            exit_reason="Moved out of the area" if state == "exited" else "",
        )
        when = timezone.make_aware(datetime.combine(enrolled, time.min))
        ParticipantStateChange.objects.create(
            site=ctx.site,
            participant=participant,
            from_state="",
            to_state="enrolled",
            changed_at=when,
            reason="Intake complete",
        )
        ParticipantStateChange.objects.create(
            site=ctx.site,
            participant=participant,
            from_state="enrolled",
            to_state=state,
            changed_at=when + timedelta(days=3),
        )
        ctx.participants.append(participant)


def _second_site() -> None:
    """Santa Fe: a smaller site with a 7-day intake deadline, to show tenancy and config."""
    site = Site.objects.create(
        slug="santa-fe",
        name="Santa Fe",
        time_zone="America/Denver",
        intake_deadline_days=7,
        termination_enabled=True,
    )
    pm_org = Agency.objects.create(
        site=site,
        name="Santa Fe LEAD project management",
        kind=K.PROJECT_MANAGEMENT,
        independent=True,
    )
    cma = Agency.objects.create(site=site, name="Santa Fe case management", kind=K.CASE_MANAGEMENT)
    Membership.objects.create(
        site=site, user=get_user_model().objects.get(username="pm"), agency=pm_org, role=Role.PM
    )
    cm = _user("sf-cm", "Rosa", "Martinez")
    Membership.objects.create(site=site, user=cm, agency=cma, role=Role.CM)
    ctx = DemoContext(site=site, agencies=[pm_org, cma], users={"cm": cm, "cm2": cm})
    _people(ctx, 6)


def mfa_secret(user: Any) -> str | None:
    from allauth.mfa.models import Authenticator

    auth = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return auth.data.get("secret") if auth else None


@transaction.atomic
def build_demo() -> Site:
    """Build the demo: Seattle–King County with every role, and Santa Fe beside it."""
    site = Site.objects.create(
        slug="seattle", name="Seattle–King County", time_zone="America/Los_Angeles"
    )
    agencies = [
        Agency.objects.create(site=site, name=name, kind=kind, independent=ind)
        for name, kind, ind in AGENCIES
    ]
    faker = Faker("en_US")
    Faker.seed(2011)
    users: dict[str, Any] = {}
    for username, role, agency_index in USERS:
        user = _user(username, faker.first_name(), faker.last_name())
        Membership.objects.create(site=site, user=user, agency=agencies[agency_index], role=role)
        if role.value in site.mfa_required_roles:
            TOTP.activate(user, generate_totp_secret())
        users[username] = user
    ctx = DemoContext(site=site, agencies=agencies, users=users, faker=faker)
    _people(ctx, 40)
    _second_site()
    for area in (
        "referrals",
        "casework",
        "disclosures",
        "legal",
        "legalservices",
        "governance",
        "conferencing",
        "planning",
        "evaluation",
    ):
        try:
            module = import_module(f"goldenthread.{area}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"goldenthread.{area}.demo":
                raise
            continue
        module.populate(ctx)
    return site
