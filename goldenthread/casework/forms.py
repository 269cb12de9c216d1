"""Forms of case management: they parse input; the actions decide what is allowed."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from goldenthread.casework import rules
from goldenthread.core.widgets import QuickCheckboxes, QuickSelect, ReadyChoices


def _ch(table: dict[str, str]) -> list[tuple[str, str]]:
    return list(table.items())


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class ContactForm(forms.Form):
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    kind = forms.ChoiceField(label="Type", choices=_ch(rules.CONTACT_KINDS))
    occurred_at = forms.DateTimeField(
        label="When (blank: now)", required=False, widget=DateTimeInput
    )
    place = forms.CharField(max_length=200, required=False)
    duration_minutes = forms.IntegerField(label="Minutes", required=False, min_value=0)
    present = forms.CharField(label="Who was present", max_length=300, required=False)
    substantive = forms.BooleanField(label="Substantive contact", required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)

    @staticmethod
    def new_key() -> str:
        return uuid.uuid4().hex


class GoalForm(forms.Form):
    domain = forms.ChoiceField(choices=_ch(rules.GOAL_DOMAINS))
    title = forms.CharField(label="The goal, in the participant's words", max_length=300)
    target_on = forms.DateField(label="Target date", required=False, widget=DateInput)


class StepForm(forms.Form):
    description = forms.CharField(label="Step", max_length=300)
    owner = forms.CharField(label="Who owns it", max_length=120)
    due_on = forms.DateField(label="By when", required=False, widget=DateInput)


class ProgressForm(forms.Form):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    state = forms.ChoiceField(
        label="Goal is now", choices=[("", "unchanged"), *_ch(rules.GOAL_STATES)], required=False
    )


class StatusForm(forms.Form):
    domain = forms.ChoiceField(choices=[(k, v[0]) for k, v in rules.STATUS_DOMAINS.items()])
    value = forms.ChoiceField(
        label="Status",
        # Grouped by domain; the action checks that the value belongs to the chosen domain.
        choices=[(label, list(table.items())) for label, table in rules.STATUS_DOMAINS.values()],
    )
    recorded_on = forms.DateField(label="As of", required=False, widget=DateInput)
    at_intake = forms.BooleanField(label="Recorded at intake", required=False)


class ServiceReferralForm(forms.Form):
    kind = forms.ChoiceField(label="Service", choices=_ch(rules.SERVICE_KINDS))
    provider = forms.CharField(max_length=200)
    sent_on = forms.DateField(label="Sent on", required=False, widget=DateInput)
    note = forms.CharField(max_length=300, required=False)


class ServiceUpdateForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(k, v) for k, v in rules.SERVICE_STATES.items() if k != "sent"]
    )
    on = forms.DateField(label="On", required=False, widget=DateInput)


class CaseloadFilter(forms.Form):
    """Whose caseload the list shows: mine, everyone's, or one case manager's. A site has dozens
    of case managers; their options are written by ``QuickSelect``, not a template each."""

    cm = forms.ChoiceField(label="Case manager", required=False, widget=QuickSelect)

    def __init__(self, *args: Any, case_managers: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")  # the select's id is "cm", as its label says
        super().__init__(*args, **kwargs)
        field: Any = self.fields["cm"]
        field.choices = ReadyChoices([("", "Mine"), ("0", "Everyone"), *case_managers])


class InactiveForm(forms.Form):
    reason = forms.CharField(max_length=300, initial="No contact: in the wind")


class ReassignForm(forms.Form):
    from_user = forms.TypedChoiceField(label="From case manager", coerce=int, required=False)
    participant_ids = forms.TypedMultipleChoiceField(
        label="Participants", coerce=int, widget=QuickCheckboxes
    )
    to_user_id = forms.TypedChoiceField(label="To case manager", coerce=int)
    reason = forms.CharField(max_length=300)

    def __init__(self, *args: Any, cms: list[Any], participants: list[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        users = [(u.pk, u.get_username()) for u in cms]
        _choice(self, "from_user").choices = [("", "anyone"), *users]
        _choice(self, "to_user_id").choices = users
        _choice(self, "participant_ids").choices = [
            (p.pk, f"{p} ({p.case_manager or 'unassigned'})") for p in participants
        ]


class ProfileForm(forms.Form):
    credentials = forms.CharField(max_length=300, required=False)
    clinical_credential = forms.BooleanField(label="Holds a clinical credential", required=False)
    provides_supervision = forms.BooleanField(label="Provides clinical supervision", required=False)
    trainings = forms.CharField(label="Trainings (comma-separated)", required=False)
    languages = forms.CharField(label="Languages (comma-separated)", required=False)
    lived_experience = forms.NullBooleanField(
        label="Lived experience (only if you choose to record it)",
        required=False,
        widget=forms.Select(
            choices=[("unknown", "Not recorded"), ("true", "Yes"), ("false", "No")]
        ),
    )


class PoolForm(forms.Form):
    name = forms.CharField(max_length=120)
    funding_source = forms.CharField(max_length=200)
    budget = forms.DecimalField(max_digits=12, decimal_places=2)
    period_start = forms.DateField(widget=DateInput)
    period_end = forms.DateField(widget=DateInput)
    categories = forms.MultipleChoiceField(
        label="Only these categories (none: any lawful purpose)",
        choices=_ch(rules.FLEX_CATEGORIES),
        required=False,
        widget=QuickCheckboxes,
    )


class FlexRequestForm(forms.Form):
    pool = forms.TypedChoiceField(coerce=int)
    goal = forms.TypedChoiceField(label="The plan goal it serves", coerce=int)
    amount = forms.DecimalField(max_digits=10, decimal_places=2)
    category = forms.ChoiceField(choices=_ch(rules.FLEX_CATEGORIES))
    vendor = forms.CharField(max_length=200)
    purpose = forms.CharField(max_length=300)
    pools_checked = forms.CharField(
        label="Other resources and pools checked first", max_length=300, required=False
    )
    attested = forms.BooleanField(
        label="No other resource pool was available for this", required=False
    )

    def __init__(self, *args: Any, pools: list[Any], goals: list[Any], **kw: Any) -> None:
        super().__init__(*args, **kw)
        _choice(self, "pool").choices = [(p.pk, f"{p.name} ({p.left} left)") for p in pools]
        _choice(self, "goal").choices = [(g.pk, str(g)) for g in goals]


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("refuse", "Refuse")])
    note = forms.CharField(max_length=300, required=False)


class DisburseForm(forms.Form):
    disbursed_on = forms.DateField(label="Paid on", required=False, widget=DateInput)
    receipt = forms.FileField(required=False, help_text="PDF, PNG or JPEG")


class ReverseForm(forms.Form):
    reason = forms.CharField(max_length=300)


class SettingsForm(forms.Form):
    flex_approval_threshold = forms.DecimalField(
        label="Flex funds: the supervisor approves above", max_digits=10, decimal_places=2
    )
    status_every_days = forms.IntegerField(label="Status domains due every (days)")
    receipt_max_mb = forms.IntegerField(label="Largest receipt (MB)")


def _choice(form: forms.Form, name: str) -> forms.ChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    return field


def split_list(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]
