"""Forecast runs and the PM's scenarios.

The PM forecasts caseload and referral volume and identifies the resources needed to expand
(seed, chapter 5, "Project manager"; domain.md, "Governance"). Forecasts are aggregates: no
row here names a participant.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.core.models import Membership, SiteScoped


class Scenario(SiteScoped):
    """A what-if the PM compares with the baseline: more or fewer case managers, another
    caseload target, a change in the referral rate (a new precinct or door), a change in time
    in program. Every forecast run computes the site's scenarios side by side."""

    name = models.CharField(max_length=80)
    cm_delta = models.SmallIntegerField(
        default=0, help_text="Case managers added (positive) or removed (negative)."
    )
    caseload_target = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Average caseload per case manager to plan for."
    )
    referral_factor = models.FloatField(default=1.0, help_text="1.2 means 20% more referrals.")
    extra_referrals_per_month = models.FloatField(
        default=0.0, help_text="Referrals a month from a new precinct or door."
    )
    time_in_program_factor = models.FloatField(
        default=1.0, help_text="1.5 means every stay lasts 50% longer."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="scenario_unique_name_per_site")
        ]

    def __str__(self) -> str:
        return self.name


class ForecastRun(SiteScoped):
    """One run of the caseload forecast, computed off the request by a background task.

    ``inputs`` records the plain-data inputs' summary (and where they came from); ``results``
    holds the baseline and each scenario's outlook (P10/P50/P90 per month, probability of
    exceeding the cap, wait-list, staffing answer)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    horizon_months = models.PositiveSmallIntegerField(default=24)
    paths = models.PositiveIntegerField(default=10_000)
    seed = models.PositiveIntegerField(default=0)
    as_of = models.DateField()
    inputs = models.JSONField(default=dict, blank=True)
    results = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["progress", "results", "inputs"])

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "status"])]

    def __str__(self) -> str:
        return f"Forecast {self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ReportSettings(SiteScoped):
    """This site's settings for aggregate reports, beside ``Site`` (which we do not change):
    counts from 1 to ``small_cell`` − 1 are shown as "<small_cell" in the PCG report, the CLT's
    community view, their CSV and PDF and the API. 5 by default; a site may raise it."""

    small_cell = models.PositiveSmallIntegerField(default=5)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site"], name="planning_report_settings_one_per_site")
        ]


def _report_path(instance: ReportRun, filename: str) -> str:
    """Stored in the media storage (never served by the web server) under a random name."""
    return f"planning/site-{instance.site_id}/reports/{uuid.uuid4().hex}.pdf"


class ReportRun(SiteScoped):
    """One build of the PCG report's PDF, made off the request by a background task with the
    requester's permissions (their membership), and kept for them to download. Only the
    requester and the site's PM may download it (``queries.report_runs_for``)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Ready"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The role the report is built with; a membership ended before the build fails the run.
    membership = models.ForeignKey(
        Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    as_of = models.DateField(help_text="The day it was asked for: the report's “today”.")
    period = models.CharField(max_length=40)
    region = models.CharField(max_length=120, blank=True)
    door = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=60, blank=True)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=_report_path, max_length=200, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["site", "requested_by"])]

    def __str__(self) -> str:
        return f"PCG report {self.pk} ({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def filters(self) -> dict[str, str]:
        out = {"period": self.period, "region": self.region, "door": self.door}
        return {k: v for k, v in out.items() if v}
