"""Forms for the referrals UI. They parse input; the actions decide what is valid."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.core.widgets import QuickCheckboxes
from goldenthread.referrals import rules
from goldenthread.referrals.models import Referral

DATETIME_LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class ReferralForm(forms.Form):
    """The officer's form: few required fields, everything else optional or defaulted (the
    agency is the officer's, the time is now, the area is where they last referred from)."""

    door = forms.ChoiceField(
        choices=Referral.Door.choices, widget=forms.RadioSelect, initial=rules.ARREST
    )
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    date_of_birth = forms.DateField(required=False, widget=DATE)
    offence_category = forms.ChoiceField(
        label="Offence (or prior activity) category",
        choices=[("", "—"), *rules.OFFENCE_CATEGORIES.items()],
        required=False,
    )
    probable_cause = forms.BooleanField(label="Probable cause noted", required=False)
    charge = forms.CharField(max_length=200, required=False)
    arrest_report_number = forms.CharField(max_length=60, required=False)
    quantity_grams = forms.DecimalField(required=False, min_value=0, max_digits=7, decimal_places=2)
    dosage_units = forms.IntegerField(required=False, min_value=0)
    prior_activity = forms.CharField(
        max_length=200, required=False, label="Prior low-level activity"
    )
    verification = forms.ChoiceField(
        choices=[("", "—"), *Referral.Verification.choices], required=False, label="Verified by"
    )
    prior_activity_on = forms.DateField(required=False, widget=DATE, label="Date of prior activity")
    prior_activity_place = forms.CharField(
        max_length=200, required=False, label="Place of prior activity"
    )
    referring_partner = forms.CharField(max_length=200, required=False)
    contact_at = forms.DateTimeField(
        required=False,
        widget=DATETIME_LOCAL,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        label="Time of contact (blank: now)",
    )
    area = forms.CharField(max_length=100, required=False)
    aliases = forms.CharField(required=False, help_text="Separate with commas.")
    recent_arrests = forms.IntegerField(required=False, min_value=0, initial=0)
    vulnerability_flags = forms.CharField(required=False, help_text="Separate with commas.")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def input_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["aliases"] = _split(data["aliases"])
        data["vulnerability_flags"] = _split(data["vulnerability_flags"])
        data["recent_arrests"] = data["recent_arrests"] or 0
        return data


class IntakeForm(forms.Form):
    assessment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    roi_signed = forms.BooleanField(required=False, label="Release of information signed")
    roi_signed_on = forms.DateField(required=False, widget=DATE, label="Date signed")
    assigned_cm_id = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="Case manager", choices=()
    )

    def __init__(self, *args: Any, case_managers: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "Keep as assigned"), *case_managers]
        self.fields["assigned_cm_id"].choices = choices  # type: ignore[attr-defined]


class OverrideForm(forms.Form):
    result = forms.ChoiceField(
        choices=[(rules.ELIGIBLE, "Eligible"), (rules.NOT_ELIGIBLE, "Ineligible")]
    )
    reason = forms.CharField(max_length=500)


class ReorderForm(forms.Form):
    points = forms.IntegerField(help_text="Positive moves up, negative moves down.")
    reason = forms.CharField(max_length=300)


class PolicyVersionForm(forms.Form):
    """A draft policy version, as a PM edits it."""

    eligible_categories = forms.MultipleChoiceField(
        choices=list(rules.OFFENCE_CATEGORIES.items()), widget=QuickCheckboxes
    )
    max_grams = forms.DecimalField(required=False, min_value=0, label="Excluded above (grams)")
    max_dosage_units = forms.IntegerField(
        required=False, min_value=0, label="Excluded above (dosage units)"
    )
    minimum_age = forms.IntegerField(required=False, min_value=0)
    program_areas = forms.CharField(
        required=False, help_text="Separate with commas; blank: the whole site."
    )
    social_contact_lookback_months = forms.IntegerField(min_value=1, max_value=120)
    prosecutor_signoff = forms.BooleanField(
        required=False, label="Prosecutor signs off on eligibility"
    )
    approval_doors = forms.MultipleChoiceField(
        choices=Referral.Door.choices,
        widget=QuickCheckboxes,
        required=False,
        label="Doors whose referrals need approval",
    )
    exclusions = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One per line: code, or code:years for a look-back. Codes: "
        + ", ".join(rules.EXCLUSION_CODES),
    )

    def changes(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["program_areas"] = _split(data["program_areas"])
        exclusions = []
        for line in data["exclusions"].splitlines():
            if not line.strip():
                continue
            code, _, years = line.strip().partition(":")
            if years.strip() and not years.strip().isdigit():
                self.add_error(
                    "exclusions", f"{line.strip()!r}: the look-back is a number of years"
                )
                continue
            exclusions.append(
                {"code": code.strip(), "lookback_years": int(years) if years.strip() else None}
            )
        data["exclusions"] = exclusions
        return data

    @staticmethod
    def initial_from(version: Any) -> dict[str, Any]:
        return {
            "eligible_categories": version.eligible_categories,
            "max_grams": version.max_grams,
            "max_dosage_units": version.max_dosage_units,
            "minimum_age": version.minimum_age,
            "program_areas": ", ".join(version.program_areas),
            "social_contact_lookback_months": version.social_contact_lookback_months,
            "prosecutor_signoff": version.prosecutor_signoff,
            "approval_doors": version.approval_doors,
            "exclusions": "\n".join(
                e["code"] + (f":{e['lookback_years']}" if e.get("lookback_years") else "")
                for e in version.exclusions
            ),
        }


class AdoptForm(forms.Form):
    effective_from = forms.DateField(widget=DATE)
    note = forms.CharField(
        max_length=300, required=False, label="Adoption record (e.g. PCG meeting)"
    )


class SettingsForm(forms.Form):
    social_contacts_wait_for_capacity = forms.BooleanField(
        required=False, label="Social contacts wait until capacity remains after arrest diversions"
    )
    weight_per_day_waiting = forms.IntegerField(min_value=0, max_value=1000)
    weight_per_recent_arrest = forms.IntegerField(min_value=0, max_value=1000)
    weight_per_vulnerability = forms.IntegerField(min_value=0, max_value=1000)
    oncall_email = forms.EmailField(required=False, label="On-call e-mail")
    webhook_url = forms.URLField(required=False, label="Webhook (SMS gateway) URL")
    filing_charge_level = forms.ChoiceField(
        choices=[("felony", "Felony"), ("misdemeanor", "Misdemeanour"), ("violation", "Violation")],
        label="Charge level when an expired arrest diversion enters the filing queue",
    )
