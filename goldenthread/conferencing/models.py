"""OWG case conferencing: meetings, their saved roster, situations, notes, partner decisions,
action items and minutes (domain.md, "Governance": the OWG's case-conferencing job; seed,
chapter 5, "Operational Work Group").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.conferencing import rules
from goldenthread.core.crypto import EncryptedTextField
from goldenthread.core.models import Agency, Participant, SiteScoped


class ConferenceMeeting(SiteScoped):
    """One OWG case-conference meeting. The OWG may be regional or citywide (seed: "The
    essential functions of the OWG can be organized by region"); ``region`` is free text until
    the governance area's OWG body is linked through ``governance_body_id``."""

    class Status(models.TextChoices):
        DRAFT = rules.DRAFT, "Draft"
        OPEN = rules.OPEN, "In progress"
        CLOSED = rules.CLOSED, "Closed"

    title = models.CharField(max_length=200)
    region = models.CharField(max_length=120, blank=True)
    scheduled_for = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    governance_body_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The governance area's OWG body, once it exists."
    )
    minutes = models.TextField(blank=True)
    attending = models.ManyToManyField(Agency, blank=True, related_name="+")
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[attending])

    class Meta:
        ordering = ["-scheduled_for", "-id"]
        indexes = [models.Index(fields=["site", "scheduled_for"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.scheduled_for:%Y-%m-%d})"


class Situation(SiteScoped):
    """A hot spot, dynamic or problem at a place that involves no one person (seed: the OWG
    strategizes "about problematic situations and dynamics"). Linked participants stay behind
    the access scopes: a viewer sees only the links it may see."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MONITORING = "monitoring", "Monitoring"
        RESOLVED = "resolved", "Resolved"

    title = models.CharField(max_length=200)
    place = models.CharField(max_length=200)
    region = models.CharField(
        max_length=120,
        blank=True,
        help_text="The OWG region it belongs to (blank: every OWG's roster).",
    )
    description = models.TextField()
    planned_response = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    partners = models.ManyToManyField(Agency, blank=True, related_name="+")
    participants = models.ManyToManyField(Participant, blank=True, related_name="+")
    history = HistoricalRecords(m2m_fields=[partners, participants])

    class Meta:
        ordering = ["status", "-updated_at"]

    def __str__(self) -> str:
        return self.title


class SituationUpdate(SiteScoped):
    """The situation's status as it stood at one meeting: its history over meetings."""

    situation = models.ForeignKey(Situation, on_delete=models.CASCADE, related_name="updates")
    meeting = models.ForeignKey(
        ConferenceMeeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Situation.Status.choices)
    note = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]


class DiscussionRequest(SiteScoped):
    """A partner asks the OWG to discuss a participant. It joins the next roster built."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_role = models.CharField(max_length=32)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(
        ConferenceMeeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]


class RosterItem(SiteScoped):
    """One line of a meeting's saved roster. Built from the roster sources
    (``conferencing.sources``), then shaped by the PM: order, time box, removal.
    ``visible_to_roles``, ``police_agency_ids`` and ``tags`` decide who sees it
    (``rules.item_visible``)."""

    class Status(models.TextChoices):
        PENDING = rules.PENDING, "Pending"
        DISCUSSED = rules.DISCUSSED, "Discussed"
        CARRIED_FORWARD = rules.CARRIED_FORWARD, "Carried forward"
        REMOVED = rules.REMOVED, "Removed"

    meeting = models.ForeignKey(ConferenceMeeting, on_delete=models.CASCADE, related_name="items")
    # The lengths are the rules' (``rules.item_identity`` compares candidates as stored).
    kind = models.CharField(max_length=rules.KIND_LENGTH)
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    situation = models.ForeignKey(
        Situation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(max_length=rules.TITLE_LENGTH)
    detail = models.TextField(blank=True)
    source = models.CharField(max_length=rules.SOURCE_LENGTH)
    key = models.CharField(
        max_length=rules.KEY_LENGTH, blank=True, help_text="Where it came from, once."
    )
    order = models.PositiveIntegerField(default=0)
    time_box_minutes = models.PositiveSmallIntegerField(default=5)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    visible_to_roles = models.JSONField(default=list, blank=True)
    police_agency_ids = models.JSONField(
        default=list,
        blank=True,
        help_text="Police agencies whose officers see it (empty: no agency restriction).",
    )
    tags = models.JSONField(default=list, blank=True)
    carried_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="carried_into"
    )
    history = HistoricalRecords()

    # Set by ``queries.roster_for_meeting``: what the viewer may read of what was said on it,
    # from the item's notes, decisions and action items, which it prefetches into lists.
    shown_notes: list[DiscussionNote]
    shown_decisions: list[PartnerDecision]
    note_list: list[DiscussionNote]
    decision_list: list[PartnerDecision]
    action_list: list[ActionItem]

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "meeting", "key"],
                condition=~models.Q(key=""),
                name="rosteritem_unique_key_per_meeting",
            )
        ]

    def __str__(self) -> str:
        return self.title


class DiscussionNote(SiteScoped):
    """A short note of what was said about a roster item. What is said at the OWG is
    LEAD-derived information under the Golden Rule (domain.md, "Governance"); ``provenance``
    carries that into the legal area's Golden Rule gate. ``part2`` marks 42 CFR Part 2
    information: only roles that may read health information see it, and any page showing it
    carries the §2.32 notice. Who else reads a note depends on who said it
    (``rules.said_visible``). The text is encrypted at rest (docs/encryption.md)."""

    item = models.ForeignKey(RosterItem, on_delete=models.CASCADE, related_name="notes")
    text = EncryptedTextField()
    provenance = models.CharField(max_length=32, default=rules.LEAD_DERIVED, editable=False)
    part2 = models.BooleanField(default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who said it, in which role and for which agency: the note's sphere decides who else
    # reads it (``rules.said_visible``).
    author_role = models.CharField(max_length=32, blank=True)
    author_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]


class PartnerDecision(SiteScoped):
    """A decision a partner made at the table, tagged with its sphere. Each partner decides
    within its own sphere (seed: "Each partner retains the authority to make decisions within
    their sphere"); the system records decisions and never lets one partner record another's
    (``rules.decision_refusal``)."""

    class Sphere(models.TextChoices):
        CLINICAL = rules.CLINICAL, "Clinical (case management)"
        ENFORCEMENT = rules.ENFORCEMENT_DIVERSION, "Enforcement and diversion (police)"
        PROSECUTORIAL = rules.PROSECUTORIAL, "Prosecutorial (prosecutor)"

    item = models.ForeignKey(RosterItem, on_delete=models.CASCADE, related_name="decisions")
    sphere = models.CharField(max_length=32, choices=Sphere.choices)
    decision = models.TextField()
    provenance = models.CharField(max_length=32, default=rules.LEAD_DERIVED, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_role = models.CharField(max_length=32)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]


class ActionItem(SiteScoped):
    """Something someone agreed to do: an owner (required), an agency and a due date. Open
    action items come back on later rosters and on their owners' home page."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    meeting = models.ForeignKey(
        ConferenceMeeting, on_delete=models.PROTECT, related_name="action_items"
    )
    item = models.ForeignKey(
        RosterItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_items"
    )
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    completed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["site", "owner", "status"])]

    def __str__(self) -> str:
        return self.description


class MinutesAmendment(SiteScoped):
    """A change to a closed meeting's minutes: what they said, what they say now, who changed
    them and why. Closed minutes change only with one of these."""

    meeting = models.ForeignKey(
        ConferenceMeeting, on_delete=models.CASCADE, related_name="amendments"
    )
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    reason = models.CharField(max_length=300)
    amended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
