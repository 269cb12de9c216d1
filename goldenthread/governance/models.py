"""Governance records: the bodies that steward a LEAD site, who sits on them, their meetings,
consensus decisions, and what those decisions adopt (seed, ch. 5; domain.md, "Governance").

Nothing here names a participant: governance works on aggregates.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from goldenthread.core.models import Agency, SiteScoped
from goldenthread.governance import rules


class GovernanceSettings(SiteScoped):
    """Site-specific governance values: the launch date (the PCG should exist before it), how
    often the PM checks in with community leaders when there is no standing CLT, and whether it
    is explicitly agreed that the PCG oversees the PM (a safeguard the seed asks for when the
    PM's organisation is not independent)."""

    launch_on = models.DateField(null=True, blank=True)
    checkin_interval_days = models.PositiveSmallIntegerField(default=30)
    pcg_oversees_pm = models.BooleanField(default=False)
    role_scopes = models.JSONField(
        default=dict,
        blank=True,
        help_text="What PCG and CLT members see role-wide beyond their own bodies, e.g. "
        '{"clt_member": ["clt"]}; a role not named keeps the default (rules.DEFAULT_ROLE_SCOPES).',
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site"], name="governance_settings_one_per_site")
        ]


class Body(SiteScoped):
    """A governing body: the PCG, an OWG (neighbourhood, precinct or citywide), the CLT, or a
    committee / work group the PCG forms (seed: "PCGs may form work groups"). Its charter sets
    the meeting cadence, the quorum and the consensus rule."""

    class Kind(models.TextChoices):
        PCG = "pcg", "Policy Coordinating Group"
        OWG = "owg", "Operational Work Group"
        CLT = "clt", "Community Leadership Team"
        COMMITTEE = "committee", "Committee or work group"

    class Scope(models.TextChoices):
        NONE = "", "—"
        NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
        PRECINCT = "precinct", "Precinct"
        CITYWIDE = "citywide", "Citywide"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=200)
    charter = models.TextField(blank=True)
    scope = models.CharField(max_length=16, choices=Scope.choices, blank=True)
    scope_area = models.CharField(max_length=200, blank=True)
    cadence_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days between regular meetings (an OWG: 7 to 14)."
    )
    quorum_percent = models.PositiveSmallIntegerField(default=50)
    stand_aside_limit = models.PositiveSmallIntegerField(null=True, blank=True)
    formed_on = models.DateField()
    dissolved_on = models.DateField(null=True, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="committees"
    )
    oversees_pm = models.BooleanField(
        default=False,
        help_text="The PCG subcommittee that writes the PM's job description and reviews.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "name"], name="body_unique_name_per_site")
        ]
        verbose_name_plural = "bodies"

    def __str__(self) -> str:
        return self.name

    @property
    def active(self) -> bool:
        return self.dissolved_on is None

    @property
    def consensus_rule(self) -> rules.ConsensusRule:
        return rules.ConsensusRule(stand_aside_limit=self.stand_aside_limit)


class Seat(SiteScoped):
    """Someone's membership of a body: person, agency, seat kind, dates, and whether they are
    authorised to decide for their agency (only such a member's position counts for it). An
    OWG seat records the PCG decision that appointed it (seed: OWG members are appointed by the
    PCG)."""

    class Kind(models.TextChoices):
        AGENCY = "agency", "Agency representative"
        COMMUNITY = "community", "Community seat"
        STAFF = "staff", "Staff"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="seats")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="governance_seats",
    )
    name = models.CharField(max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.AGENCY)
    senior = models.BooleanField(default=False)
    authorised = models.BooleanField(default=False)
    sector = models.CharField(max_length=32, choices=rules.CLT_SECTORS, blank=True)
    most_affected = models.BooleanField(
        default=False,
        help_text="Represents communities most affected by street-level enforcement.",
    )
    start_on = models.DateField()
    end_on = models.DateField(null=True, blank=True)
    appointed_by = models.ForeignKey(
        "Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="appointments"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "agency__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"


class Proposal(SiteScoped):
    """A proposal to a body: text, options and supporting documents. A revision is a new
    proposal pointing at the one it revises, so the history of versions stays. A proposal may
    name what it would adopt (``subject_type`` + ``subject_id``: a policy version, an MOU
    version, a budget, or another area's artefact such as an eligibility policy)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open for positions"
        DECIDED = "decided", "Decided"
        SUPERSEDED = "superseded", "Revised (superseded)"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Topic(models.TextChoices):
        POLICY = "policy", "Policy"
        EVALUATION = "evaluation", "Evaluation"
        EXPANSION = "expansion", "Expansion"
        FUNDING = "funding", "Funding and budget"
        COMMUNICATIONS = "communications", "Communications"
        APPOINTMENT = "appointment", "Appointments"
        OPERATIONS = "operations", "Operational issue"
        OTHER = "other", "Other"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="proposals")
    title = models.CharField(max_length=200)
    text = models.TextField()
    options = models.JSONField(default=list, blank=True)
    documents = models.JSONField(default=list, blank=True)
    topic = models.CharField(max_length=16, choices=Topic.choices, default=Topic.POLICY)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveSmallIntegerField(default=1)
    revises = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revised_by"
    )
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.PositiveIntegerField(null=True, blank=True)
    escalated_from = models.ForeignKey(
        "Issue", on_delete=models.PROTECT, null=True, blank=True, related_name="proposals"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Position(SiteScoped):
    """One member agency's position on a proposal, with its reason: support, can live with it
    (stand aside) or block. One per agency per proposal; given by a member authorised to decide
    for that agency."""

    class Stance(models.TextChoices):
        SUPPORT = rules.SUPPORT, "Support"
        STAND_ASIDE = rules.STAND_ASIDE, "Can live with it (stand aside)"
        BLOCK = rules.BLOCK, "Block"

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="positions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="positions")
    stance = models.CharField(max_length=16, choices=Stance.choices)
    reason = models.TextField()
    blocked_options = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "proposal", "agency"], name="position_one_per_agency"
            )
        ]


class Decision(SiteScoped):
    """A consensus decision of a body on one proposal. It records what it adopts by a generic
    subject (type + id), so other areas (referrals' eligibility policies) can ask
    ``governance.queries.decision_adopted`` without governance importing them."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="decisions")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="decision")
    decided_on = models.DateField()
    summary = models.TextField(blank=True)
    subject_type = models.CharField(max_length=100, blank=True)
    subject_id = models.PositiveIntegerField(null=True, blank=True)
    tally = models.JSONField(default=dict)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["site", "subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"Decision {self.pk}: {self.proposal.title}"


class Meeting(SiteScoped):
    """A meeting of any body: agenda, attendance, minutes and action items."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    location = models.CharField(max_length=200, blank=True)
    minutes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "body", "held_on"], name="meeting_one_per_body_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.held_on}"


class AgendaItem(SiteScoped):
    """One item of a meeting's agenda, possibly a proposal awaiting decision."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=16, choices=Proposal.Topic.choices, default="other")
    proposal = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]


class Attendance(SiteScoped):
    """Who was at a meeting, by seat."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "meeting", "seat"], name="attendance_once_per_seat"
            )
        ]


class ActionItem(SiteScoped):
    """Something a meeting asked someone to do: owner agency and person, due date, status. Open
    items carry forward to the body's next meeting."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="action_items")
    title = models.CharField(max_length=300)
    owner_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField(max_length=200, blank=True)
    due_on = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]


class Issue(SiteScoped):
    """An OWG administrative issue (seed: "identifying and proposing any policy changes that
    should be considered by the PCG"). Escalation drafts a PCG proposal and keeps this record."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ESCALATED = "escalated", "Escalated to the PCG"
        RESOLVED = "resolved", "Resolved"

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="issues")
    title = models.CharField(max_length=200)
    description = models.TextField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]


class Policy(SiteScoped):
    """A versioned site policy the PCG adopts: the referral policy, the communications policy,
    the evaluation plan, or another. (Eligibility policies live in referrals and are adopted
    through the same decisions by subject.)"""

    class Kind(models.TextChoices):
        REFERRAL = "referral", "Referral policy"
        COMMUNICATIONS = "communications", "Communications policy"
        EVALUATION = "evaluation", "Evaluation plan"
        PROTOCOL = "protocol", "Operational protocol"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["site", "title"], name="policy_unique_title_per_site")
        ]

    def __str__(self) -> str:
        return self.title


class PolicyVersion(SiteScoped):
    """One version of a policy. In force once adopted by a decision; the latest adopted version
    is the one in force."""

    SUBJECT = "governance.policyversion"

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    adopted_by = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="policy_version"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "policy", "number"], name="governance_policy_version_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"


class MouVersion(SiteScoped):
    """A version of the site's Memorandum of Understanding among the partners (seed: the PCG
    develops and executes the MOU). Its parties sign it; the page shows who has not yet."""

    SUBJECT = "governance.mouversion"

    number = models.PositiveSmallIntegerField()
    text = models.TextField()
    parties = models.ManyToManyField(Agency, related_name="+")
    adopted_by = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="mou_version"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["site", "number"], name="mou_version_unique_number")
        ]

    def __str__(self) -> str:
        return f"MOU v{self.number}"


class MouSignature(SiteScoped):
    """One party's signature of an MOU version."""

    version = models.ForeignKey(MouVersion, on_delete=models.PROTECT, related_name="signatures")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField()
    signed_by = models.CharField(max_length=200)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["site", "version", "agency"], name="mou_signature_once_per_party"
            )
        ]


class Budget(SiteScoped):
    """The site's annual budget, developed by the PM with the PCG and approved by a PCG
    decision (seed: the PCG "approves the project's budget")."""

    SUBJECT = "governance.budget"

    year = models.PositiveSmallIntegerField()
    approved_by = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="budget"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["site", "year"], name="budget_one_per_year")]

    def __str__(self) -> str:
        return f"Budget {self.year}"


class BudgetLine(SiteScoped):
    """One line of a budget: a category funded by one source, planned and actual (whole
    dollars). A flex-funds line names the casework funding pools that spend it
    (``pool_ids``): its actual is then the pools' spend from the casework ledger, not a typed
    figure."""

    class Category(models.TextChoices):
        CASE_MANAGEMENT = "case_management", "Case-management contract"
        PROJECT_MANAGEMENT = "project_management", "Project management"
        FLEX_FUNDS = "flex_funds", "Flex funds"
        LEGAL_SERVICES = "legal_services", "Legal services"
        EVALUATION = "evaluation", "Evaluation"
        OTHER = "other", "Other"

    class Source(models.TextChoices):
        CITY = "city", "City"
        COUNTY = "county", "County"
        STATE = "state", "State"
        FOUNDATION = "foundation", "Foundation"
        FEDERAL = "federal", "Federal grant"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(max_length=24, choices=Category.choices)
    source = models.CharField(max_length=16, choices=Source.choices)
    planned = models.PositiveIntegerField()
    actual = models.PositiveIntegerField(default=0)
    pool_ids = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["category", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "budget", "category", "source"], name="budget_line_unique"
            )
        ]


class Procurement(SiteScoped):
    """A procurement for contracted services, e.g. an RFP for case management or project
    management (seed: "The PCG or a subgroup appointed by the PCG should conduct the
    procurement, staffed by the project manager"). The award is a PCG decision."""

    SUBJECT = "governance.procurement"

    class Service(models.TextChoices):
        CASE_MANAGEMENT = "case_management", "Case management"
        PROJECT_MANAGEMENT = "project_management", "Project management"
        OTHER = "other", "Other"

    class Stage(models.TextChoices):
        PLANNING = "planning", "Planning"
        RFP_ISSUED = "rfp_issued", "RFP issued"
        PROPOSALS_RECEIVED = "proposals_received", "Proposals received"
        EVALUATION = "evaluation", "Evaluation"
        RECOMMENDED = "recommended", "Award recommended"
        AWARDED = "awarded", "Awarded by the PCG"

    title = models.CharField(max_length=200)
    service = models.CharField(max_length=24, choices=Service.choices)
    stage = models.CharField(max_length=24, choices=Stage.choices, default=Stage.PLANNING)
    committee = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="procurements"
    )
    awardee = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    award_decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="procurement"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class CommunityCheckin(SiteScoped):
    """The PM's check-in with a community leader, the substitute for a standing CLT (seed: "A
    CLT isn't always needed"). An input raised there is tracked to its response."""

    leader = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    sector = models.CharField(max_length=32, choices=rules.CLT_SECTORS, blank=True)
    held_on = models.DateField()
    notes = models.TextField(blank=True)
    input_raised = models.TextField(blank=True)
    response = models.TextField(blank=True)
    responded_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
