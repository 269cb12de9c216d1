"""Forecast runs and the PM's scenarios.

The PM forecasts caseload and referral volume and identifies the resources needed to expand
(seed, chapter 5, "Project manager"; domain.md, "Governance"). Forecasts are aggregates: no
row here names a participant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.core.models import SiteScoped


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
