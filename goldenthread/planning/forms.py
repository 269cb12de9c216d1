"""Forms of the planning area: parsing only; the actions validate the domain."""

from __future__ import annotations

from django import forms


class ForecastForm(forms.Form):
    horizon_months = forms.IntegerField(label="Months ahead", initial=24, min_value=1)
    paths = forms.IntegerField(label="Simulated futures", initial=10_000, min_value=1)


class ScenarioForm(forms.Form):
    name = forms.CharField(max_length=80)
    cm_delta = forms.IntegerField(
        label="Case managers to add (negative to remove)", initial=0, required=False
    )
    caseload_target = forms.IntegerField(
        label="Caseload target (blank: the site's)", required=False
    )
    referral_factor = forms.FloatField(
        label="Referral rate × (1.2 = 20% more)", initial=1.0, required=False
    )
    extra_referrals_per_month = forms.FloatField(
        label="Extra referrals a month (a new precinct or door)", initial=0.0, required=False
    )
    time_in_program_factor = forms.FloatField(
        label="Time in program × (1.5 = stays 50% longer)", initial=1.0, required=False
    )

    DEFAULTS = {
        "cm_delta": 0,
        "referral_factor": 1.0,
        "extra_referrals_per_month": 0.0,
        "time_in_program_factor": 1.0,
    }

    def values(self) -> dict[str, object]:
        data = dict(self.cleaned_data)
        for name, default in self.DEFAULTS.items():
            if data.get(name) is None:
                data[name] = default
        return data


class ReportSettingsForm(forms.Form):
    small_cell = forms.IntegerField(
        label="Suppress counts below",
        help_text="Counts from 1 to this number less one show as “<N” in aggregate reports.",
    )
