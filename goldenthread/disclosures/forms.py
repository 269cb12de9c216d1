"""Forms for consents and disclosures. Validation of the domain lives in the actions; these
only parse input."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.core.models import Agency
from goldenthread.core.widgets import QuickCheckboxes
from goldenthread.disclosures import rules
from goldenthread.disclosures.models import ConsentRecipient

CATEGORY_CHOICES = [
    (rules.ENGAGEMENT, "That we are working with the person"),
    (rules.PROGRESS, "Progress"),
    (rules.PLAN, "The stabilisation plan"),
    (rules.BARRIERS, "Barriers the person faces"),
]
PURPOSE_CHOICES = list(rules.PURPOSE_LABELS.items())
RECIPIENT_ROWS = 3
DATE = forms.DateInput(attrs={"type": "date"})


def _agency_choices(site_id: int) -> list[tuple[str, str]]:
    agencies = Agency.objects.filter(site_id=site_id).order_by("name")
    return [("", "Any agency of that class")] + [(str(a.pk), a.name) for a in agencies]


class ConsentForm(forms.Form):
    discloser = forms.CharField(label="Who may disclose", max_length=200, required=False)
    information = forms.CharField(
        label="Specific description of the information",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    categories = forms.MultipleChoiceField(
        label="Categories that may be shared",
        choices=CATEGORY_CHOICES,
        widget=QuickCheckboxes,
        required=False,
    )
    purposes = forms.MultipleChoiceField(
        label="Purpose",
        choices=PURPOSE_CHOICES,
        widget=QuickCheckboxes,
        required=False,
    )
    purpose_text = forms.CharField(label="Purpose, as the form words it", required=False)
    revocation_method = forms.CharField(label="How to revoke", required=False)
    expires_on = forms.DateField(label="Expiry date", widget=DATE, required=False)
    expiry_event = forms.CharField(label="Or expiry event", required=False)
    signed_by = forms.CharField(label="Signed by", required=False)
    signed_by_representative = forms.BooleanField(
        label="Signed by an authorised representative", required=False
    )
    representative_authority = forms.CharField(label="Representative's authority", required=False)
    signed_on = forms.DateField(label="Date signed", widget=DATE, required=False)
    criminal_justice = forms.BooleanField(
        label="For a criminal-justice referral (42 CFR 2.35)", required=False
    )
    irrevocable_until = forms.DateField(
        label="Irrevocable until (§2.35 only)", widget=DATE, required=False
    )
    scan = forms.FileField(label="Scan of the signed form (PDF, PNG or JPEG)", required=False)
    activate = forms.BooleanField(
        label="The signed form is in hand: make it active now", required=False, initial=True
    )

    def __init__(self, *args: Any, site_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agencies = _agency_choices(site_id)
        for i in range(RECIPIENT_ROWS):
            self.fields[f"recipient_{i}_audience"] = forms.ChoiceField(
                label=f"Recipient {i + 1}: class",
                choices=[("", "—"), *ConsentRecipient.Audience.choices],
                required=False,
            )
            self.fields[f"recipient_{i}_agency"] = forms.ChoiceField(
                label=f"Recipient {i + 1}: agency", choices=agencies, required=False
            )
            self.fields[f"recipient_{i}_name"] = forms.CharField(
                label=f"Recipient {i + 1}: name (optional)", required=False
            )

    def recipients(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "audience": data[f"recipient_{i}_audience"],
                "agency_id": int(data[f"recipient_{i}_agency"] or 0) or None,
                "name": data[f"recipient_{i}_name"],
            }
            for i in range(RECIPIENT_ROWS)
            if data.get(f"recipient_{i}_audience")
        ]

    def recipient_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"recipient_{i}_{part}"] for part in ("audience", "agency", "name")]
            for i in range(RECIPIENT_ROWS)
        ]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith("recipient_")]


class DisclosureForm(forms.Form):
    audience = forms.ChoiceField(
        label="Share with",
        choices=[("", "—"), *ConsentRecipient.Audience.choices],
        required=False,
    )
    recipient_agency = forms.ChoiceField(label="Agency", required=False)
    purpose = forms.ChoiceField(
        label="Purpose", choices=[("", "—"), *PURPOSE_CHOICES], required=False
    )
    engagement_confirmed = forms.BooleanField(
        label="Confirm that we are working with the person", required=False
    )
    progress = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    plan = forms.CharField(
        label="Stabilisation plan", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    barriers = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    nothing_to_share = forms.BooleanField(label="Nothing to share", required=False)

    def __init__(self, *args: Any, site_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient_agency"].choices = _agency_choices(site_id)  # type: ignore[attr-defined]

    def action_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["recipient_agency_id"] = int(data.pop("recipient_agency") or 0) or None
        return data


class NoteForm(forms.Form):
    note = forms.CharField(label="Note", required=False, max_length=300)


class ScanForm(forms.Form):
    scan = forms.FileField(label="Scan of the signed form (PDF, PNG or JPEG)", required=False)
