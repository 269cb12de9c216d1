"""Forms of LEAD Legal Services: they parse input; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from goldenthread.core.models import Participant
from goldenthread.legalservices import rules

DATE = forms.DateInput(attrs={"type": "date"})


class _Form(forms.Form):
    """Several forms share the matter page: each gets its own id prefix, so labels and ids
    stay unique (the field names stay plain, as the API's)."""

    id_prefix = "f"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class ReferralForm(_Form):
    id_prefix = "refer"
    participant = forms.ModelChoiceField(
        queryset=Participant.objects.none(), empty_label="Choose a participant"
    )
    matter_type = forms.ChoiceField(choices=list(rules.MATTER_TYPES.items()))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="A short description: what is happening, and what the participant wants.",
    )
    urgency = forms.ChoiceField(choices=list(rules.URGENCIES.items()), initial=rules.ROUTINE)
    deadline_on = forms.DateField(
        required=False, widget=DATE, label="Deadline (hearing date, eviction date)"
    )
    deadline_label = forms.CharField(required=False, max_length=200, label="What the deadline is")

    def __init__(self, *args: Any, participants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = participants  # type: ignore[attr-defined]


class PartyForm(_Form):
    id_prefix = "party"
    name = forms.CharField(max_length=200, label="Adverse party's name")
    relation = forms.CharField(
        max_length=100, required=False, label="Relation (landlord, creditor, other parent…)"
    )


class ReasonForm(_Form):
    id_prefix = "reason"
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=500)


class ClearForm(ReasonForm):
    id_prefix = "clear"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Why this is not a conflict"


class DeclineForm(ReasonForm):
    id_prefix = "decline"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = "Reason for declining (the case manager sees it)"


class AcceptForm(_Form):
    id_prefix = "accept"
    attorney = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        to_field_name="username",
        empty_label="Choose an attorney",
        label="Assign to attorney",
    )

    def __init__(self, *args: Any, attorneys: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attorney"].queryset = attorneys  # type: ignore[attr-defined]


class ReferOutForm(_Form):
    id_prefix = "referout"
    referred_to = forms.CharField(max_length=300, label="Referred to (organisation or attorney)")


class MatterUpdateForm(_Form):
    id_prefix = "court"
    court = forms.CharField(max_length=200, required=False, label="Court or tribunal")
    case_number = forms.CharField(max_length=100, required=False)
    attorney = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        to_field_name="username",
        required=False,
        empty_label="Keep the current attorney",
        label="Reassign to",
    )

    def __init__(self, *args: Any, attorneys: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attorney"].queryset = attorneys  # type: ignore[attr-defined]


class DeadlineForm(_Form):
    id_prefix = "deadline"
    due_on = forms.DateField(widget=DATE, label="Due on")
    label = forms.CharField(max_length=200, label="What is due")
    remind_days = forms.IntegerField(
        min_value=0,
        max_value=365,
        required=False,
        label="Remind days before",
        help_text="Leave blank for the site's reminder window.",
    )


class EntryForm(_Form):
    id_prefix = "entry"
    kind = forms.ChoiceField(choices=list(rules.ENTRY_KINDS.items()))
    occurred_on = forms.DateField(required=False, widget=DATE, label="Date")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class OutcomeForm(_Form):
    id_prefix = "outcome"
    kind = forms.ChoiceField(choices=list(rules.OUTCOMES.items()), label="Outcome")
    amount = forms.DecimalField(
        required=False,
        max_digits=12,
        decimal_places=2,
        label="Amount in dollars (LFOs reduced, debt relieved)",
    )
    achieved_on = forms.DateField(required=False, widget=DATE, label="Achieved on")


class DocumentForm(_Form):
    id_prefix = "document"
    file = forms.FileField(
        required=False,
        label="Document file",
        help_text="PDF, PNG, JPEG or plain text, up to the site's size limit.",
    )
    title = forms.CharField(max_length=200, required=False, label="Title (optional)")
    privileged = forms.BooleanField(
        required=False,
        initial=True,
        label="Privileged (legal services only)",
        help_text="Untick only for a document the case manager may see, such as a court order.",
    )


class SettingsForm(_Form):
    id_prefix = "settings"
    document_max_mb = forms.IntegerField(min_value=1, max_value=100, label="Largest document (MB)")
    reminder_window_days = forms.IntegerField(
        min_value=0,
        max_value=365,
        label="Reminder window (days before a deadline)",
        help_text="For deadlines that do not set their own.",
    )
    remind_referrer = forms.BooleanField(
        required=False, label="Email deadline reminders to the referring case manager too"
    )
