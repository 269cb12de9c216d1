"""The tenant (Site), partner agencies, people, participants and site memberships."""

from __future__ import annotations

import zoneinfo
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from goldenthread.core.roles import DEFAULT_MFA_REQUIRED_ROLES, ROLE_CHOICES, Role


def _default_mfa_roles() -> list[str]:
    return list(DEFAULT_MFA_REQUIRED_ROLES)


def validate_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"{value!r} is not a known time zone") from exc


class Site(models.Model):
    """One LEAD program, e.g. "Seattle–King County": the tenant that scopes every record.

    Its fields are the site-specific values domain.md says differ between programs; the
    defaults are the starting points it gives (30-minute hand-off, 30-day intake deadline,
    caseload target 20 and cap 25).
    """

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    time_zone = models.CharField(
        max_length=64, default="America/Los_Angeles", validators=[validate_time_zone]
    )
    intake_deadline_days = models.PositiveSmallIntegerField(default=30)
    handoff_target_minutes = models.PositiveSmallIntegerField(default=30)
    caseload_target = models.PositiveSmallIntegerField(default=20)
    caseload_cap = models.PositiveSmallIntegerField(default=25)
    inactive_after_days = models.PositiveSmallIntegerField(
        default=30, help_text="No contact for this many days marks a participant 'in the wind'."
    )
    mfa_required_roles = models.JSONField(default=_default_mfa_roles, blank=True)
    termination_enabled = models.BooleanField(
        default=False, help_text="Most sites never terminate participants; some (Santa Fe) may."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def today(self) -> date:
        """Today in the site's own calendar (its time zone), not the server's."""
        return timezone.localdate(timezone=self.tz)


class SiteScoped(models.Model):
    """Base for every row that belongs to one site. Queries always filter on ``site``."""

    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Agency(SiteScoped):
    """A partner organisation at a site. ``independent`` records whether it is independent of
    the operational partners and of any elected office (the seed asks this of the PM's org)."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police department"
        PROSECUTOR = "prosecutor", "Prosecutor's office"
        DEFENDER = "defender", "Public defender"
        CASE_MANAGEMENT = "case_management", "Case-management agency"
        PROJECT_MANAGEMENT = "project_management", "Project-management organisation"
        LEGAL_SERVICES = "legal_services", "Legal services"
        COMMUNITY = "community", "Community organisation"
        HEALTH = "health", "Health agency"
        ELECTED_OFFICE = "elected_office", "Elected office"
        EVALUATION = "evaluation", "Evaluation partner"

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    independent = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="agency_unique_name_per_site")
        ]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Membership(SiteScoped):
    """A user's role at one site, on behalf of one agency. A user may hold several; each
    request acts in exactly one (see ``access.middleware``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=32, choices=ROLE_CHOICES)
    active = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["site__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "user", "role"], name="membership_unique_role_per_site"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {Role(self.role).label} · {self.site}"


class Person(SiteScoped):
    """Who someone is: the identity a referral names. Possible duplicates are linked, never
    merged (see ``referrals``)."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["site", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.name_of(self.first_name, self.last_name)

    @staticmethod
    def name_of(first_name: str, last_name: str) -> str:
        """How a person is named on a page, for lists read as plain rows."""
        return f"{first_name} {last_name}"

    @property
    def display_name(self) -> str:
        return str(self)


class Participant(SiteScoped):
    """A person enrolled in LEAD. Their state follows the path in domain.md; participants never
    "fail out": losing contact makes them inactive, and termination exists only where the site
    enables it. Transitions go through ``core.actions.participant_transition``."""

    class State(models.TextChoices):
        ENROLLED = "enrolled", "Enrolled"
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        EXITED = "exited", "Exited"
        TERMINATED = "terminated", "Terminated"

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="participant")
    state = models.CharField(max_length=16, choices=State.choices, default=State.ENROLLED)
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
    )
    enrolled_on = models.DateField()
    exited_on = models.DateField(null=True, blank=True)
    exit_reason = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        indexes = [
            models.Index(fields=["site", "state"]),
            models.Index(fields=["site", "case_manager"]),
        ]

    def __str__(self) -> str:
        return str(self.person)


class ParticipantStateChange(SiteScoped):
    """One step in a participant's state history: from, to, when, by whom and why."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="state_changes"
    )
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]
