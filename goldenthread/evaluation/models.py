"""Evaluation and data exchange: legal-system events imported from police, jail and court
feeds, the review queue of uncertain identity matches, the comparison group, outcome runs and
the record of every export (domain.md, "Evaluation" and "Data exchange")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from goldenthread.core.crypto import EncryptedTextField, KeyedHashField
from goldenthread.core.models import Person, SiteScoped
from goldenthread.evaluation import rules


class EvaluationConfig(SiteScoped):
    """A site's evaluation settings: the windows of the published studies (6 months before
    and after evaluation entry, and a long-term window; Collins et al. 2017), the smallest
    cell a table may show, the unit costs, and the secret behind pseudonymous ids."""

    window_days = models.PositiveSmallIntegerField(default=rules.SIX_MONTHS)
    long_term_days = models.PositiveSmallIntegerField(default=rules.LONG_TERM)
    small_cell = models.PositiveSmallIntegerField(
        default=rules.SMALL_CELL, help_text="Counts from 1 to this minus one are suppressed."
    )
    pseudonym_key = models.CharField(max_length=64, editable=False)
    jail_day_cost = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    booking_cost = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    prosecution_cost = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    defence_cost = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    program_month_cost = models.DecimalField(max_digits=9, decimal_places=2, default=0)
    history = HistoricalRecords(excluded_fields=["pseudonym_key"])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site"], name="evalconfig_one_per_site")]


class LegalSource(SiteScoped):
    """A feed of legal-system events (a police records system, the jail, the courts). Its
    column mapping is data: ``column_map`` maps our field names to the feed's column headers,
    and ``value_map`` maps the feed's codes to ours, so a new feed needs no code."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police records"
        JAIL = "jail", "Jail"
        COURT = "court", "Court"

    name = models.SlugField(max_length=60)
    label = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    column_map = models.JSONField(default=dict)
    value_map = models.JSONField(default=dict, blank=True)
    date_format = models.CharField(max_length=32, default="%Y-%m-%d")
    auto_match = models.PositiveSmallIntegerField(default=rules.AUTO_MATCH)
    review_match = models.PositiveSmallIntegerField(default=rules.REVIEW_MATCH)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="legalsource_unique_name")
        ]

    def __str__(self) -> str:
        return self.label or self.name


class ComparisonMember(SiteScoped):
    """A person in the comparison group: not a LEAD participant, with the date that stands
    for their evaluation entry (Collins et al. 2017 used non-randomised controls). How they
    were chosen is recorded, since the method is configurable."""

    class Method(models.TextChoices):
        IMPORTED = "imported", "Imported list"
        REFERRED_NOT_ENROLLED = "referred_not_enrolled", "Referred but not enrolled"
        MATCHED_POOL = "matched_pool", "Matched pool"

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="comparison")
    entry_date = models.DateField()
    method = models.CharField(max_length=32, choices=Method.choices, default=Method.IMPORTED)
    history = HistoricalRecords()

    class Meta:
        ordering = ["entry_date", "id"]


class ImportRun(SiteScoped):
    """One import of one file from one source: its progress and its outcome. A run either
    imports every row or none (the batch is all-or-nothing); ``errors`` names each failing
    row and field."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        VALIDATING = "validating", "Validating"
        WRITING = "writing", "Writing"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(LegalSource, on_delete=models.PROTECT, related_name="runs")
    filename = models.CharField(max_length=255)
    upload = models.FileField(upload_to="evaluation/imports/", blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    review_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


def analysis_date() -> models.Expression:
    """The date the analysis gives an event, in SQL: bookings and filings count from their
    booking or filing date (the incident's when it is missing), the rest from the incident
    (``rules``' dating, as ``evaluation.queries._event_date`` does it in Python). The
    dashboard's query and its index use this one expression, so PostgreSQL can match them."""
    return models.Case(
        models.When(
            kind__in=rules.DATED_BY_FILING, then=Coalesce(F("filed_on"), F("incident_date"))
        ),
        default=F("incident_date"),
    )


class LegalSystemEvent(SiteScoped):
    """One arrest, booking, release, charge, filing, warrant or conviction, from a source.
    ``(source, external_key)`` is the natural key that makes re-imports idempotent (the key is
    encrypted; ``external_key_hash``, its keyed hash, is what is looked up and unique), and
    ``fingerprint`` tells an unchanged row from a corrected one. ``person`` stays empty while
    an uncertain match waits in the review queue. The subject's name and date of birth as the
    feed gave them are kept for that review only; no export carries them."""

    class Kind(models.TextChoices):
        ARREST = "arrest", "Arrest"
        BOOKING = "booking", "Jail booking"
        RELEASE = "release", "Release"
        CHARGE = "charge", "Charge"
        FILING = "filing", "Filing"
        WARRANT = "warrant", "Warrant"
        CONVICTION = "conviction", "Conviction"

    class Level(models.TextChoices):
        NONE = "", "Not given"
        FELONY = "felony", "Felony"
        GROSS_MISDEMEANOR = "gross_misdemeanor", "Gross misdemeanour"
        MISDEMEANOR = "misdemeanor", "Misdemeanour"
        INFRACTION = "infraction", "Infraction"

    source = models.ForeignKey(LegalSource, on_delete=models.PROTECT, related_name="events")
    external_key = EncryptedTextField(max_length=100)
    external_key_hash = KeyedHashField(source="external_key", default="")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="legal_events"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    incident_date = models.DateField()
    filed_on = models.DateField(null=True, blank=True, help_text="Filing or booking date.")
    released_on = models.DateField(null=True, blank=True, help_text="For jail days.")
    charge_level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    on_warrant = models.BooleanField(default=False)
    sentence = models.CharField(max_length=16, blank=True)
    subject_first_name = models.CharField(max_length=100, blank=True)
    subject_last_name = models.CharField(max_length=100, blank=True)
    subject_dob = models.DateField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64)
    last_run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["incident_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "source", "external_key_hash"], name="legalevent_natural_key"
            )
        ]
        indexes = [
            models.Index(fields=["site", "person", "incident_date"]),
            # The PM's dashboard counts a year of the site's events by this date; without it
            # PostgreSQL read every event of the site (52,000 at synth-000) to keep 7,000.
            models.Index(
                F("site"),
                analysis_date(),
                name="legalevent_site_analysis_on",
                include=["kind", "filed_on", "incident_date", "person"],
            ),
        ]


class MatchReview(SiteScoped):
    """An imported row whose person the fuzzy match could not settle: the candidates and
    their scores, until the PM picks one or rules that none is the person."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        MATCHED = "matched", "Matched"
        REJECTED = "rejected", "No match"

    event = models.OneToOneField(LegalSystemEvent, on_delete=models.CASCADE, related_name="review")
    candidates = models.JSONField(default=list)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["site", "status"])]


class OutcomeRun(SiteScoped):
    """One computation of the outcome measures and models over the site's cohorts, kept so
    the numbers a report quotes can be found again. ``results`` holds aggregates only."""

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    window_days = models.PositiveSmallIntegerField()
    long_term_days = models.PositiveSmallIntegerField()
    results = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]


class ExportRecord(SiteScoped):
    """Every export made: who, which kind, how many people. Identified exports also write
    the access log (architecture.md, "Audit")."""

    class Kind(models.TextChoices):
        DEIDENTIFIED = "deidentified", "De-identified evaluation bundle"
        HMIS = "hmis", "HUD HMIS CSV FY2026"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    people = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=200)

    class Meta:
        ordering = ["-created_at", "-id"]
