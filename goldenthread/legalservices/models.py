"""LEAD Legal Services: civil legal matters referred by case managers (domain.md, "LEAD Legal
Services (civil)"; seed, Chapter 5, "LEAD Legal Services").

A matter is privileged. Its *status* (stage, deadlines, outcome, a decline reason, where it was
sent) is what the referring case manager and the PM see; its *file* (adverse parties, conflict
hits, actions taken, notes, strategy, documents) is for legal-services staff only, and every
read of it is in the access log.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.core.models import Participant, SiteScoped
from goldenthread.legalservices import rules


class Matter(SiteScoped):
    """One civil legal matter for one participant, from the CM's referral through intake
    (accept / decline / refer elsewhere) to its outcome. The eight matter types are the seed's
    list; acceptance waits on a conflict check (legal-aid practice, domain.md)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="legal_matters"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referred_on = models.DateField()
    matter_type = models.CharField(max_length=32, choices=list(rules.MATTER_TYPES.items()))
    description = models.TextField(max_length=2000)
    urgency = models.CharField(
        max_length=16, choices=list(rules.URGENCIES.items()), default=rules.ROUTINE
    )
    status = models.CharField(
        max_length=16, choices=list(rules.STATUSES.items()), default=rules.REFERRED
    )
    attorney = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_matters",
    )
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(max_length=500, blank=True)
    referred_to = models.CharField(max_length=300, blank=True)
    conflict_state = models.CharField(
        max_length=16, choices=list(rules.CONFLICT_STATES.items()), default=rules.NOT_CHECKED
    )
    conflict_checked_at = models.DateTimeField(null=True, blank=True)
    conflict_cleared_reason = models.CharField(max_length=500, blank=True)
    conflict_cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    court = models.CharField("court or tribunal", max_length=200, blank=True)
    case_number = models.CharField(max_length=100, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [
            models.Index(fields=["site", "status"]),
            models.Index(fields=["site", "attorney"]),
            models.Index(fields=["site", "referred_by"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_matter_type_display()} · {self.participant}"


class AdverseParty(SiteScoped):
    """Someone on the other side (a landlord, a creditor, the other parent): what the conflict
    check searches with, and what other matters' checks search against."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(max_length=200)
    relation = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "adverse parties"

    def __str__(self) -> str:
        return self.name


class ConflictHit(SiteScoped):
    """One possible conflict the last check found: which name matched what, and how closely.
    Kept so that a clearing can be reviewed against what was actually flagged."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="conflict_hits")
    searched = models.CharField(max_length=200)
    source = models.CharField(max_length=16, choices=list(rules.HIT_SOURCES.items()))
    matched = models.CharField(max_length=300)
    score = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["-score", "id"]


class LegalServicesSettings(SiteScoped):
    """This site's legal-services settings, beside ``Site``: the largest document accepted,
    how many days before a deadline it is reminded (unless the deadline says otherwise), and
    whether the referring case manager is emailed too (they see deadlines: domain.md)."""

    document_max_mb = models.PositiveSmallIntegerField(default=rules.DEFAULT_DOCUMENT_MAX_MB)
    reminder_window_days = models.PositiveSmallIntegerField(default=rules.DEFAULT_REMIND_DAYS)
    remind_referrer = models.BooleanField(default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "legal services settings"
        constraints = [
            models.UniqueConstraint(fields=["site"], name="legalservices_settings_one_per_site")
        ]


class MatterDeadline(SiteScoped):
    """A date the matter must meet (hearing, eviction, filing). It is reminded ``remind_days``
    before it falls due (blank: the site's reminder window), on the home page and by email
    from ``goldenthread legalservices_reminders``."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="deadlines")
    due_on = models.DateField()
    label = models.CharField(max_length=200)
    remind_days = models.PositiveSmallIntegerField(null=True, blank=True)
    met_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["site", "met_on", "due_on"])]


class MatterEntry(SiteScoped):
    """The privileged file: actions taken, notes, strategy and documents. Legal-services
    staff only; every read is logged."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=16, choices=list(rules.ENTRY_KINDS.items()))
    occurred_on = models.DateField()
    text = models.TextField(max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name_plural = "matter entries"


class MatterOutcome(SiteScoped):
    """What the matter achieved: eviction avoided, conviction vacated, LFOs reduced by $X, debt
    relieved by $X, warrant quashed, immigration relief. Amounts only where they apply."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(max_length=32, choices=list(rules.OUTCOMES.items()))
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    achieved_on = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["achieved_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0),
                name="legalservices_outcome_amount_not_negative",
            )
        ]


def _document_path(instance: MatterDocument, filename: str) -> str:
    """Stored under a random name: the uploaded name is kept in the row, never in the path."""
    return f"legalservices/site-{instance.site_id}/matter-{instance.matter_id}/{uuid.uuid4().hex}"


class MatterDocument(SiteScoped):
    """A file on the matter (a notice, a court order, a signed declaration). Privileged ones
    are legal services' alone; one marked not privileged (a court order the CM may hand the
    participant) is also downloadable by those who see the matter's status. Every download is
    in the access log."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=_document_path, max_length=300)
    filename = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    privileged = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]


class ReminderSent(SiteScoped):
    """One reminder email for one deadline to one person on one day: what makes the reminders
    command safe to run twice (no second email for the same deadline, person and day)."""

    deadline = models.ForeignKey(MatterDeadline, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "recipient", "sent_on"],
                name="legalservices_one_reminder_per_deadline_person_day",
            )
        ]
