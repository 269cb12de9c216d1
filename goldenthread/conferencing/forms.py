"""Forms of the conferencing pages. They only parse input; the actions validate and refuse."""

from __future__ import annotations

from django import forms

from goldenthread.conferencing import rules
from goldenthread.conferencing.models import ActionItem, PartnerDecision, Situation
from goldenthread.core.widgets import QuickCheckboxes, QuickSelect, ReadyChoices

OWG_ROLES = [
    ("cm", "Case managers"),
    ("supervisor", "Clinical supervisors"),
    ("outreach", "Outreach"),
    ("advocate", "Legal systems advocates"),
    ("officer", "Police officers"),
    ("police_supervisor", "Police supervisors"),
    ("prosecutor", "Prosecutors"),
    ("defender", "Defenders"),
]
TAGS = [
    (rules.LEGAL_TAG, "Legal"),
    (rules.DISCLOSURES_TAG, "Disclosures"),
    (rules.PART2_TAG, "Part 2 information"),
]


class MeetingForm(forms.Form):
    title = forms.CharField(max_length=200)
    scheduled_for = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Date and time of the meeting.",
    )
    region = forms.CharField(max_length=120, required=False, help_text="Leave empty if citywide.")


class BodyLinkForm(forms.Form):
    prefix = "body"  # the meeting page holds several forms: keep ids unique
    governance_body_id = forms.TypedChoiceField(
        label="OWG body (governance)", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, bodies=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["governance_body_id"].choices = [("", "— not linked —")] + [
            (b.pk, b.name) for b in bodies
        ]


class EscalateForm(forms.Form):
    prefix = "escalate"  # the add-item form on the same page has a title field too
    title = forms.CharField(label="Issue", max_length=200)
    description = forms.CharField(
        label="What the PCG should consider", widget=forms.Textarea(attrs={"rows": 3})
    )


class ItemForm(forms.Form):
    title = forms.CharField(max_length=200)
    detail = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    participant_id = forms.TypedChoiceField(
        label="Participant", coerce=int, required=False, empty_value=None, widget=QuickSelect
    )
    time_box_minutes = forms.IntegerField(label="Time box (minutes)", initial=5)
    visible_to_roles = forms.MultipleChoiceField(
        label="Who sees it", choices=OWG_ROLES, required=False, widget=QuickCheckboxes
    )
    tags = forms.MultipleChoiceField(choices=TAGS, required=False, widget=QuickCheckboxes)

    def __init__(self, *args, participants=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["participant_id"].choices = ReadyChoices([("", "— none —"), *participants])


class NoteForm(forms.Form):
    text = forms.CharField(label="Discussion note", widget=forms.Textarea(attrs={"rows": 3}))
    part2 = forms.BooleanField(
        label="Contains Part 2 (health or substance-use) information", required=False
    )


class DecisionForm(forms.Form):
    sphere = forms.ChoiceField(choices=PartnerDecision.Sphere.choices)
    decision = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class ActionForm(forms.Form):
    description = forms.CharField(max_length=300)
    owner_id = forms.TypedChoiceField(
        label="Owner", coerce=int, required=False, empty_value=None, widget=QuickSelect
    )
    due_on = forms.DateField(
        label="Due on", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, owners=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["owner_id"].choices = [("", "— choose —")] + [
            (u.pk, u.get_username()) for u in owners
        ]


class MinutesForm(forms.Form):
    minutes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 12}))
    amendment_reason = forms.CharField(
        label="Reason for amendment",
        required=False,
        max_length=300,
        help_text="Required once the meeting is closed.",
    )


class SituationForm(forms.Form):
    title = forms.CharField(max_length=200)
    place = forms.CharField(max_length=200)
    region = forms.CharField(
        max_length=120,
        required=False,
        help_text="The OWG region (precinct or neighbourhood); leave empty for every OWG.",
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    planned_response = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    partner_ids = forms.TypedMultipleChoiceField(
        label="Partners involved",
        coerce=int,
        required=False,
        widget=QuickCheckboxes,
    )
    participant_ids = forms.TypedMultipleChoiceField(
        label="Linked participants", coerce=int, required=False
    )

    def __init__(self, *args, agencies=(), participants=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["partner_ids"].choices = [(a.pk, a.name) for a in agencies]
        self.fields["participant_ids"].choices = list(participants)


class SituationUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=Situation.Status.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RequestForm(forms.Form):
    participant_id = forms.TypedChoiceField(label="Participant", coerce=int, widget=QuickSelect)
    reason = forms.CharField(max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, participants=(), **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["participant_id"].choices = list(participants)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ActionItem.Status.choices)
