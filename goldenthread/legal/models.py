"""Court cases, charges, court dates, warrants, and liaison prosecutors' decisions, with the
information basis the Golden Rule gate judged (domain.md, "Legal coordination")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.core.models import Agency, Person, Site, SiteScoped
from goldenthread.legal import rules


class LegalPolicy(models.Model):
    """Per-site settings of this area: how far back the access log is read when deciding
    whether an adverse action is flagged for Golden Rule review."""

    site = models.OneToOneField(Site, on_delete=models.CASCADE, related_name="+")
    taint_lookback_days = models.PositiveSmallIntegerField(default=365)
    hold_review_warning_days = models.PositiveSmallIntegerField(default=7)
    history = HistoricalRecords()


class LegalCase(SiteScoped):
    """A case in a local or outlying court, or a charge referred for filing (the filing
    queue). It names the person; ``participant`` is set once they are enrolled. Every charge
    keeps both its incident date and the case's filing date (a filing may come after
    enrolment for an incident before it)."""

    class CourtKind(models.TextChoices):
        LOCAL = "local", "Local court"
        OUTLYING = "outlying", "Outlying court"

    class Status(models.TextChoices):
        REFERRED = "referred", "Referred for filing"
        FILED = "filed", "Filed"
        DECLINED = "declined", "Declined"
        CLOSED = "closed", "Closed"

    class Source(models.TextChoices):
        EXPIRED_INTAKE = "expired_intake", "Diverted charge, intake expired"
        NEW_REFERRAL = "new_referral", "New referral for filing"
        POST_ENROLLMENT_ARREST = "post_enrollment_arrest", "Arrest after enrolment"
        EXISTING = "existing", "Existing case"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="legal_cases")
    participant = models.ForeignKey(
        "core.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_cases",
    )
    case_number = models.CharField(max_length=60, blank=True)
    court = models.CharField(max_length=200)
    court_kind = models.CharField(max_length=10, choices=CourtKind.choices, default="local")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.FILED)
    source = models.CharField(max_length=30, choices=Source.choices, default=Source.EXISTING)
    source_reference = models.CharField(max_length=100, blank=True)
    filing_date = models.DateField(null=True, blank=True)
    defence_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    defence_counsel = models.CharField(max_length=200, blank=True)
    baseline = models.CharField(
        "standard-processing baseline",
        max_length=30,
        blank=True,
        choices=list(rules.BASELINES.items()),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()
    # Set by legal.queries._cases, which prefetches a case's charges and court dates into lists.
    charge_list: list[Charge]
    court_date_list: list[CourtDate]

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["site", "status"]),
            # A site's latest cases (the worklist's table) read in order, without scanning
            # and sorting every site's cases.
            models.Index(fields=["site", "-created_at", "-id"], name="legalcase_site_latest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "court", "case_number"],
                condition=~models.Q(case_number=""),
                name="legalcase_unique_number_per_court_site",
            )
        ]

    def __str__(self) -> str:
        return self.label_of(self.case_number, self.pk)

    @staticmethod
    def label_of(case_number: str, pk: int) -> str:
        """How a case is named on a page, for lists read as plain rows."""
        return case_number or f"Referral {pk}"


class Charge(SiteScoped):
    """One charge: statute, level and incident date."""

    class Level(models.TextChoices):
        FELONY = "felony", "Felony"
        MISDEMEANOR = "misdemeanor", "Misdemeanour"
        VIOLATION = "violation", "Violation"

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="charges")
    statute = models.CharField(max_length=100)
    level = models.CharField(max_length=12, choices=Level.choices)
    incident_date = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["incident_date", "id"]


class CourtDate(SiteScoped):
    """A hearing on a case."""

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="court_dates")
    on = models.DateField()
    kind = models.CharField(max_length=100, default="Hearing")
    history = HistoricalRecords()

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["site", "on"])]


class Warrant(SiteScoped):
    """A warrant on a case and its state: issued, quashed or recalled."""

    class Status(models.TextChoices):
        ISSUED = "issued", "Issued"
        QUASHED = "quashed", "Quashed"
        RECALLED = "recalled", "Recalled"

    case = models.ForeignKey(LegalCase, on_delete=models.CASCADE, related_name="warrants")
    status = models.CharField(max_length=10, choices=Status.choices)
    on = models.DateField()
    reference = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["on", "id"]


class Decision(SiteScoped):
    """A liaison prosecutor's decision on a case, with its rationale and its information
    basis. Only prosecutors record decisions; the Golden Rule gate (``rules``) judged it, and
    ``flagged_for_review`` marks an adverse action by someone who had read LEAD-derived
    information about the participant, for the PM's review."""

    class Review(models.TextChoices):
        CLEARED = "cleared", "Independent basis confirmed"
        CONCERN = "concern", "Concern raised with the prosecutor's office"

    case = models.ForeignKey(LegalCase, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=30, choices=list(rules.DECISION_LABELS.items()))
    rationale = models.TextField()
    review_on = models.DateField(null=True, blank=True)
    terms = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    decided_at = models.DateTimeField()
    flagged_for_review = models.BooleanField(default=False)
    taint_facts = models.JSONField(default=list, blank=True)
    review_outcome = models.CharField(max_length=10, choices=Review.choices, blank=True)
    review_note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["site", "kind", "review_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case}"


class DecisionBasis(SiteScoped):
    """One stated information source of a decision: independent (with its reference) or
    LEAD-derived (kept only on refused attempts' audit, never on a recorded adverse action)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="basis")
    kind = models.CharField(max_length=30, choices=list(rules.SOURCE_LABELS.items()))
    reference = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
