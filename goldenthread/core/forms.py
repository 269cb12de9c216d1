"""Forms for the core area."""

from __future__ import annotations

from django import forms

from goldenthread.core.models import Site
from goldenthread.core.roles import ROLE_CHOICES
from goldenthread.core.widgets import QuickCheckboxes


class SiteForm(forms.ModelForm):
    mfa_required_roles = forms.MultipleChoiceField(
        choices=ROLE_CHOICES,
        required=False,
        widget=QuickCheckboxes,
        label="Roles that must use two-factor authentication",
    )

    class Meta:
        model = Site
        fields = [
            "name",
            "time_zone",
            "intake_deadline_days",
            "handoff_target_minutes",
            "caseload_target",
            "caseload_cap",
            "inactive_after_days",
            "mfa_required_roles",
            "termination_enabled",
        ]
