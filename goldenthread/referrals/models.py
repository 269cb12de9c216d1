"""The three doors in (domain.md, "The three doors in"): referrals, the eligibility policy
each site adopts as versioned data, screenings, hand-off notifications, the capacity queue and
links between possible duplicate people."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.core.models import Participant, Person, Site, SiteScoped
from goldenthread.referrals import rules


class ReferralSettings(SiteScoped):
    """A site's referral settings beyond core.Site: whether social contacts wait behind arrest
    diversions (California PC 1001.87, domain.md), the queue's score weights, and where the
    warm hand-off notice goes (an on-call e-mail address, a webhook for an SMS gateway)."""

    social_contacts_wait_for_capacity = models.BooleanField(default=True)
    weight_per_day_waiting = models.PositiveSmallIntegerField(default=1)
    weight_per_recent_arrest = models.PositiveSmallIntegerField(default=5)
    weight_per_vulnerability = models.PositiveSmallIntegerField(default=10)
    oncall_email = models.EmailField(blank=True)
    webhook_url = models.URLField(blank=True)
    # The level an expired arrest diversion's charge enters the prosecutor's filing queue with
    # (legal.Charge levels; the prosecutor corrects it when filing). Site-specific: a
    # possession charge is a felony in some states and a misdemeanour in others.
    filing_charge_level = models.CharField(
        max_length=12,
        choices=[
            ("felony", "Felony"),
            ("misdemeanor", "Misdemeanour"),
            ("violation", "Violation"),
        ],
        default="misdemeanor",
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site"], name="referral_settings_per_site")]


class EligibilityPolicy(SiteScoped):
    """A site's eligibility criteria, adopted by its PCG (domain.md, "Eligibility differs by
    site"). The criteria live in versions; only an adopted version is ever used to screen."""

    name = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="policy_unique_name_per_site")
        ]

    def __str__(self) -> str:
        return self.name


class PolicyVersion(SiteScoped):
    """One version of an eligibility policy: draft until adopted (where the site has a PCG, by
    the PCG's consensus decision, linked; otherwise a recorded adoption with its date and
    approver), then frozen. Screenings name the version they used, so any screening
    can be reproduced after the policy changes."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ADOPTED = "adopted", "Adopted"

    # The subject type governance decisions name this model by (docs/governance.md).
    SUBJECT = "referrals.eligibilitypolicyversion"

    policy = models.ForeignKey(EligibilityPolicy, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    effective_from = models.DateField(null=True, blank=True)
    eligible_categories = models.JSONField(default=list)
    max_grams = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    max_dosage_units = models.PositiveIntegerField(null=True, blank=True)
    exclusions = models.JSONField(default=list, help_text='[{"code": ..., "lookback_years": N}]')
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    program_areas = models.JSONField(default=list, blank=True)
    social_contact_lookback_months = models.PositiveSmallIntegerField(default=24)
    prosecutor_signoff = models.BooleanField(default=False)
    approval_doors = models.JSONField(default=list, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adoption_note = models.CharField(max_length=300, blank=True)
    # Governance (issue 3: "once the governance issue lands, a PCG consensus decision"): the
    # PCG proposal that put this version to the PCG, and the decision that adopted it. Plain
    # ids: governance is read only through its queries (docs/governance.md).
    pcg_proposal_id = models.PositiveIntegerField(null=True, blank=True)
    pcg_decision_id = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["policy__name", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "policy", "number"], name="referrals_policy_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy.name} v{self.number}"

    def as_rule(self) -> rules.Policy:
        return rules.Policy(
            label=str(self),
            adopted=self.status == self.Status.ADOPTED,
            eligible_categories=frozenset(self.eligible_categories),
            max_grams=float(self.max_grams) if self.max_grams is not None else None,
            max_dosage_units=self.max_dosage_units,
            exclusions=tuple(
                rules.Exclusion(e["code"], e.get("lookback_years")) for e in self.exclusions
            ),
            minimum_age=self.minimum_age,
            program_areas=frozenset(self.program_areas),
            social_contact_lookback_months=self.social_contact_lookback_months,
            prosecutor_signoff=self.prosecutor_signoff,
            approval_doors=frozenset(self.approval_doors),
        )


class Referral(SiteScoped):
    """A referral through one of the three doors (domain.md). Identity as given by the referrer
    is kept on the referral; the Person it concerns is chosen by case management after possible
    duplicates were shown, never silently created. States follow "A participant's path"."""

    # No index of the site alone: every index below starts with it. With one, PostgreSQL's
    # generic plan of the intake clock's look (kept, so prepared) read the site's every
    # referral through it (1.3 ms at national scale) instead of ``referral_intake_clock``.
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="+", db_index=False)

    class Door(models.TextChoices):
        ARREST = rules.ARREST, "Arrest diversion"
        SOCIAL = rules.SOCIAL, "Social contact"
        COMMUNITY = rules.COMMUNITY, "Community referral"

    class State(models.TextChoices):
        REFERRED = rules.REFERRED, "Referred"
        SCREENING = rules.SCREENING, "Screening"
        INELIGIBLE = rules.INELIGIBLE, "Not eligible"
        DECLINED = rules.DECLINED, "Declined"
        INTAKE_PENDING = rules.INTAKE_PENDING, "Intake pending"
        INTAKE_EXPIRED = rules.INTAKE_EXPIRED, "Intake expired"
        ENROLLED = rules.ENROLLED, "Enrolled"

    class Verification(models.TextChoices):
        RECORDS = "records", "Records"
        OBSERVATION = "observation", "Direct observation"
        RELIABLE = "reliable_information", "Reliable information"

    door = models.CharField(max_length=16, choices=Door.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.REFERRED)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    referring_agency = models.ForeignKey(
        "core.Agency", on_delete=models.PROTECT, related_name="referrals"
    )
    # Identity as the referrer gave it.
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="referrals"
    )
    contact_at = models.DateTimeField()
    area = models.CharField(max_length=100, blank=True)
    # Arrest diversion.
    offence_category = models.CharField(max_length=40, blank=True)
    charge = models.CharField(max_length=200, blank=True)
    probable_cause = models.BooleanField(default=False)
    arrest_report_number = models.CharField(max_length=60, blank=True)
    quantity_grams = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    dosage_units = models.PositiveIntegerField(null=True, blank=True)
    # Social contact.
    prior_activity = models.CharField(max_length=200, blank=True)
    verification = models.CharField(max_length=24, choices=Verification.choices, blank=True)
    prior_activity_on = models.DateField(null=True, blank=True)
    prior_activity_place = models.CharField(max_length=200, blank=True)
    # Community referral.
    referring_partner = models.CharField(max_length=200, blank=True)
    # Known history that the policy's exclusions look at: [{"code": ..., "on": "YYYY-MM-DD"}].
    history_flags = models.JSONField(default=list, blank=True)
    recent_arrests = models.PositiveSmallIntegerField(default=0)
    vulnerability_flags = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)
    # Clocks.
    handoff_at = models.DateTimeField(null=True, blank=True)
    handoff_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    intake_due = models.DateField(null=True, blank=True)
    # Capacity queue: a social contact waiting for capacity is intake_pending with waiting set.
    waiting_since = models.DateTimeField(null=True, blank=True)
    queue_adjustment = models.IntegerField(default=0)
    # Intake.
    assessment = models.TextField(blank=True)
    roi_signed = models.BooleanField(default=False)
    roi_signed_on = models.DateField(null=True, blank=True)
    assigned_cm = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.CharField(max_length=300, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-contact_at", "-id"]
        indexes = [
            models.Index(fields=["site", "state"]),
            models.Index(fields=["site", "door", "state"]),
            # Police's list: the agency's and the officer's newest referrals, each read from
            # the end of its index (queries.police_rows).
            models.Index(fields=["site", "referring_agency", "contact_at", "id"]),
            models.Index(fields=["site", "referred_by", "contact_at", "id"]),
            # The areas a site's referrals name, for the dashboard's filter (queries.areas_of):
            # read in order from the index alone, not every referral read and sorted.
            models.Index(fields=["site", "area"], name="referral_site_area"),
            # The intake clock: the lapse sweep's look on every home page and list
            # (has_lapsed_intakes), and the pending intakes counted against capacity.
            models.Index(
                fields=["site", "state", "intake_due"],
                condition=models.Q(waiting_since__isnull=True),
                name="referral_intake_clock",
            ),
            # The on-call card's arrest diversions awaiting a warm hand-off, longest waiting
            # first: read in this order and counted from the index alone (``state`` rides
            # along), not every such referral read and sorted. Only those without a hand-off.
            models.Index(
                fields=["site", "door", "contact_at", "id"],
                include=["state"],
                condition=models.Q(handoff_at__isnull=True),
                name="referral_awaiting_handoff",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral #{self.pk} ({self.get_door_display()})"

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def waiting(self) -> bool:
        return rules.is_waiting(self.state, self.waiting_since)

    @property
    def police_status(self) -> str:
        return rules.police_status(self.state, waiting=self.waiting)


class ReferralStateChange(SiteScoped):
    """Every step of a referral along its path, so the whole history is kept."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="changes")
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16)
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "id"]


class Screening(SiteScoped):
    """A screening of a referral against the policy version in force at the time of contact,
    with its per-criterion explanation (domain.md: "Any screening can be reproduced later").
    A human override keeps the computed result and adds the decision, reason and authority."""

    class Result(models.TextChoices):
        ELIGIBLE = rules.ELIGIBLE, "Eligible"
        INELIGIBLE = rules.NOT_ELIGIBLE, "Ineligible"
        NEEDS_REVIEW = rules.NEEDS_REVIEW, "Needs review"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="screenings")
    policy_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(max_length=16, choices=Result.choices)
    explanation = models.JSONField(default=list)
    screened_at = models.DateTimeField()
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    override_result = models.CharField(max_length=16, choices=Result.choices, blank=True)
    override_reason = models.CharField(max_length=500, blank=True)
    override_role = models.CharField(max_length=32, blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-screened_at", "-id"]

    @property
    def decision(self) -> str:
        return self.override_result or self.result


class PersonLink(SiteScoped):
    """Two Person records that are possibly the same human: linked, never merged, and the link
    can be undone (issue 3, "Who the person is")."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    other = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(default=0)
    reason = models.CharField(max_length=300, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    unlinked_at = models.DateTimeField(null=True, blank=True)
    unlinked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]


class QueueAdjustment(SiteScoped):
    """A PM's reordering of the capacity queue, with the reason recorded (issue 3)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="adjustments")
    points = models.IntegerField()
    reason = models.CharField(max_length=300)
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]


class Notification(SiteScoped):
    """A warm hand-off notice to the on-call case manager, by e-mail or webhook. Every delivery
    attempt is kept; a failed notice is retried and shown, never lost."""

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        WEBHOOK = "webhook", "Webhook"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notifications")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    target = models.CharField(max_length=300)
    message = models.CharField(max_length=500)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    @property
    def last_error(self) -> str:
        tries = list(self.delivery_attempts.all())
        return tries[-1].error if tries else ""


class DeliveryAttempt(SiteScoped):
    """One try at delivering a notification: when, and the error if it failed."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="delivery_attempts"
    )
    ok = models.BooleanField()
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
