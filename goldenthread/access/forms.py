"""Forms for emergency access."""

from __future__ import annotations

from django import forms

from goldenthread.access.models import BreakGlassGrant


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="The emergency, in your words"
    )
    hours = forms.FloatField(
        min_value=0.25, max_value=24, initial=4, label="Hours needed (at most 24)"
    )


class BreakGlassReviewForm(forms.Form):
    outcome = forms.ChoiceField(choices=BreakGlassGrant.Outcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
