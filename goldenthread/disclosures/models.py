"""Consents (42 CFR 2.31) and the disclosures made under them (2.32 notice, 2.25 accounting)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.core.crypto import EncryptedTextField, encrypted_storage
from goldenthread.core.models import Agency, Participant, SiteScoped
from goldenthread.disclosures import rules


class Consent(SiteScoped):
    """A release of information under 42 CFR 2.31, every element a structured field.

    Lifecycle draft → active → expired | revoked (rules.effective_status makes expiry automatic
    by date); ``refused`` records that the participant declined to consent. A consent for a
    criminal-justice referral (§2.35) may be irrevocable until ``irrevocable_until``.
    """

    class Status(models.TextChoices):
        DRAFT = rules.DRAFT, "Draft"
        ACTIVE = rules.ACTIVE, "Active"
        EXPIRED = rules.EXPIRED, "Expired"
        REVOKED = rules.REVOKED, "Revoked"
        REFUSED = rules.REFUSED, "Consent refused"

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="consents")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    discloser = models.CharField("who may disclose", max_length=200, blank=True)
    information = EncryptedTextField("description of the information", blank=True)
    categories = models.JSONField(default=list, blank=True)
    purposes = models.JSONField(default=list, blank=True)
    purpose_text = models.CharField("purpose, in the form's words", max_length=300, blank=True)
    revocation_method = models.CharField("how to revoke", max_length=300, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    expiry_event = models.CharField(max_length=200, blank=True)
    signed_by = models.CharField(max_length=200, blank=True)
    signed_by_representative = models.BooleanField(default=False)
    representative_authority = models.CharField(max_length=200, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    scan = models.FileField(upload_to="consents/%Y/%m/", blank=True, storage=encrypted_storage)
    criminal_justice = models.BooleanField(
        "for a criminal-justice referral (42 CFR 2.35)", default=False
    )
    irrevocable_until = models.DateField(null=True, blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    revocation_note = models.CharField(max_length=300, blank=True)
    refusal_note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["site", "participant", "status"])]

    def __str__(self) -> str:
        return f"Consent {self.pk} for {self.participant}"


class ConsentRecipient(SiteScoped):
    """One recipient a consent names (§2.31(a)(4)): a role class (audience), optionally one
    agency of that class, optionally a person's name. A consent may name several."""

    class Audience(models.TextChoices):
        PROSECUTOR = rules.PROSECUTOR, "Liaison prosecutor"
        DEFENCE = rules.DEFENCE, "Defence counsel"
        POLICE = rules.POLICE, "Police"
        OWG = rules.OWG, "Operational Work Group"

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="recipients")
    audience = models.CharField(max_length=12, choices=Audience.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True)
    name = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["audience", "id"]

    def __str__(self) -> str:
        who = self.name or (self.agency.name if self.agency else self.get_audience_display())
        return str(who)


class Disclosure(SiteScoped):
    """What a case manager shared, with whom, under which consent. Always LEAD-derived
    (provenance): the Golden Rule gate refuses any adverse action based on it. Carries the
    42 CFR 2.32 notice wherever it is shown; listed in the participant's accounting (§2.25)."""

    PROVENANCE = "lead_derived"

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="disclosures"
    )
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="disclosures")
    audience = models.CharField(max_length=12, choices=ConsentRecipient.Audience.choices)
    recipient_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, null=True, blank=True)
    purpose = models.CharField(max_length=40)
    categories = models.JSONField(default=list)
    engagement_confirmed = models.BooleanField(default=False)
    progress = EncryptedTextField(blank=True)
    plan = EncryptedTextField("stabilisation plan", blank=True)
    barriers = EncryptedTextField(blank=True)
    nothing_to_share = models.BooleanField(default=False)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    shared_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-shared_at", "-id"]
        indexes = [
            models.Index(fields=["site", "participant", "shared_at"]),
            # A recipient's newest first (the worklist shows 50 of a prosecutor's): read in
            # order and stopped at the page, not every disclosure ever addressed sorted.
            models.Index(
                fields=["site", "audience", "-shared_at", "-id"], name="disclosure_audience_newest"
            ),
        ]

    def __str__(self) -> str:
        return f"Disclosure {self.pk} to {self.get_audience_display()}"

    @property
    def notice(self) -> str:
        return rules.PART2_NOTICE

    @property
    def provenance(self) -> str:
        return self.PROVENANCE
