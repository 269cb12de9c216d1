"""Test personas and the two-site world every test can stand in.

``world.alpha`` is the actor's site, with one user per role (username = role value).
``world.beta`` is another site ("outsider"), with the same roles prefixed ``beta_``.
Areas add objects through ``world.make(kind, site)`` using makers from their
``tests/matrix.py`` (``MAKERS``).
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from goldenthread.access.actions import token_create
from goldenthread.access.actor import Actor
from goldenthread.core.models import Agency, Membership, Participant, Person, Site
from goldenthread.core.roles import Role

# The test personas' password, known to every test on purpose.
PASSWORD = "correct horse battery staple"  # nosec B105

AGENCY_FOR_ROLE: dict[Role, str] = {
    Role.PM: Agency.Kind.PROJECT_MANAGEMENT,
    Role.CM: Agency.Kind.CASE_MANAGEMENT,
    Role.SUPERVISOR: Agency.Kind.CASE_MANAGEMENT,
    Role.OUTREACH: Agency.Kind.CASE_MANAGEMENT,
    Role.ADVOCATE: Agency.Kind.CASE_MANAGEMENT,
    Role.OFFICER: Agency.Kind.POLICE,
    Role.POLICE_SUPERVISOR: Agency.Kind.POLICE,
    Role.PROSECUTOR: Agency.Kind.PROSECUTOR,
    Role.DEFENDER: Agency.Kind.DEFENDER,
    Role.LEGAL_SERVICES: Agency.Kind.LEGAL_SERVICES,
    Role.PCG_MEMBER: Agency.Kind.HEALTH,
    Role.CLT_MEMBER: Agency.Kind.COMMUNITY,
    Role.EVALUATOR: Agency.Kind.EVALUATION,
    Role.SITE_ADMIN: Agency.Kind.PROJECT_MANAGEMENT,
}


def site_today(site: Site | None = None) -> date:
    """Today in the site's time zone (a new site's default zone when none is given).

    Tests compare with dates the code computes in the site's zone; the machine's own date
    (``date.today()``, ``timezone.localdate()``) differs from it for hours every day.
    """
    if site is None:
        zone = Site._meta.get_field("time_zone").get_default()
        return timezone.localdate(timezone=zoneinfo.ZoneInfo(zone))
    return timezone.localdate(timezone=site.tz)


def site_days_ago(site: Site, days: int) -> datetime:
    """This time of day ``days`` days ago on the site's clock: exactly ``days`` site dates
    before now. ``timezone.now() - timedelta(days=n)`` is n times 24 hours, which across a
    daylight-saving change lands on another site date for an hour of each day."""
    local = timezone.localtime(timezone.now(), site.tz).replace(tzinfo=None)
    return timezone.make_aware(local - timedelta(days=days), site.tz)


@dataclass
class SiteWorld:
    site: Site
    agencies: dict[str, Agency]
    users: dict[Role, Any]
    memberships: dict[Role, Membership]

    def actor(self, role: Role) -> Actor:
        return Actor(user=self.users[role], membership=self.memberships[role], via="test")

    def today(self) -> date:
        return site_today(self.site)


@dataclass
class World:
    alpha: SiteWorld
    beta: SiteWorld
    _tokens: dict[tuple[str, Role], str] = field(default_factory=dict)

    def actor(self, role: Role, site: SiteWorld | None = None) -> Actor:
        return (site or self.alpha).actor(role)

    def client(self, role: Role, site: SiteWorld | None = None) -> Client:
        client = Client()
        client.force_login((site or self.alpha).users[role])
        return client

    def api(self, role: Role, site: SiteWorld | None = None) -> Client:
        """A client that sends the role's bearer token on every request."""
        where = site or self.alpha
        key = (where.site.slug, role)
        if key not in self._tokens:
            _, raw = token_create(user=where.users[role], site=where.site)
            self._tokens[key] = raw
        return Client(headers={"Authorization": f"Bearer {self._tokens[key]}"})

    def participant(self, site: SiteWorld | None = None, **kw: Any) -> Participant:
        where = site or self.alpha
        person = Person.objects.create(
            site=where.site,
            first_name=kw.pop("first_name", "Dana"),
            last_name=kw.pop("last_name", "Rivera"),
            date_of_birth=date(1980, 5, 17),
        )
        return Participant.objects.create(
            site=where.site,
            person=person,
            case_manager=where.users[Role.CM],
            enrolled_on=kw.pop("enrolled_on", date(2026, 1, 5)),
            state=kw.pop("state", "active"),
            **kw,
        )

    def make(self, kind: str, site: SiteWorld | None = None) -> dict[str, Any]:
        """Path kwargs for an object of ``kind`` at ``site``, from the areas' matrix makers."""
        from goldenthread.testing_matrix import makers

        return makers()[kind](self, site or self.alpha)


def build_site(slug: str, prefix: str = "") -> SiteWorld:
    site = Site.objects.create(slug=slug, name=slug.title(), mfa_required_roles=[])
    agencies = {
        kind: Agency.objects.create(site=site, name=f"{slug} {label}", kind=kind)
        for kind, label in Agency.Kind.choices
    }
    users: dict[Role, Any] = {}
    memberships: dict[Role, Membership] = {}
    User = get_user_model()
    for role in Role:
        user = User.objects.create_user(username=f"{prefix}{role.value}", password=PASSWORD)
        users[role] = user
        memberships[role] = Membership.objects.create(
            site=site, user=user, agency=agencies[AGENCY_FOR_ROLE[role]], role=role
        )
    return SiteWorld(site, agencies, users, memberships)


def share_test_database(monkeypatch: Any, what: str) -> None:
    """For a test of a command that starts another ``goldenthread`` process (the bench's
    timed jobs): point that process at this test's database through ``DATABASE_URL``. Only
    PostgreSQL's test database is reachable from another process; elsewhere the test skips,
    saying why (``what`` runs in another process)."""
    import pytest
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(f"{what} runs in another process, which must reach the test database")
    db = connection.settings_dict
    monkeypatch.setenv(
        "DATABASE_URL", f"postgres://{db['USER']}@127.0.0.1:{db['PORT'] or 5432}/{db['NAME']}"
    )


def build_world() -> World:
    return World(alpha=build_site("alpha"), beta=build_site("beta", prefix="beta_"))


def rls_queries() -> int:
    """Queries each request adds on PostgreSQL, where row-level security binds the actor's
    site at the start of the request and releases it at the end (access/rls.py)."""
    from django.db import connection

    return 2 if connection.vendor == "postgresql" else 0
