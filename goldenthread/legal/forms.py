"""Forms for legal coordination; the domain validation is in the actions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from goldenthread.core.models import Agency, Participant
from goldenthread.legal import rules
from goldenthread.legal.models import Charge, Decision, LegalCase, Warrant

DATE = forms.DateInput(attrs={"type": "date"})
BASIS_ROWS = 3


class ChargeForm(forms.Form):
    statute = forms.CharField(max_length=100, required=False)
    level = forms.ChoiceField(choices=[("", "—"), *Charge.Level.choices], required=False)
    incident_date = forms.DateField(widget=DATE, required=False)


class CaseForm(ChargeForm):
    participant_id = forms.ChoiceField(label="Participant", required=False)
    case_number = forms.CharField(max_length=60, required=False)
    court = forms.CharField(max_length=200, required=False)
    court_kind = forms.ChoiceField(choices=LegalCase.CourtKind.choices, required=False)
    filing_date = forms.DateField(
        label="Filing date (blank: referred for filing)", widget=DATE, required=False
    )
    defence_agency_id = forms.ChoiceField(label="Defender agency", required=False)
    defence_counsel = forms.CharField(max_length=200, required=False)
    field_order = [
        "participant_id",
        "case_number",
        "court",
        "court_kind",
        "filing_date",
        "defence_agency_id",
        "defence_counsel",
        "statute",
        "level",
        "incident_date",
    ]

    def __init__(
        self, *args: Any, site_id: int, participants: QuerySet[Participant], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        people = participants.select_related("person")
        self.fields["participant_id"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(p.pk), str(p.person)) for p in people
        ]
        defenders = Agency.objects.filter(site_id=site_id, kind=Agency.Kind.DEFENDER)
        self.fields["defence_agency_id"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (str(a.pk), a.name) for a in defenders
        ]
        self.order_fields(self.field_order)

    def action_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "participant_id": int(d["participant_id"] or 0),
            "case_number": d["case_number"],
            "court": d["court"],
            "court_kind": d["court_kind"] or "local",
            "filing_date": d["filing_date"],
            "defence_agency_id": int(d["defence_agency_id"] or 0) or None,
            "defence_counsel": d["defence_counsel"],
            "charges": [
                {
                    "statute": d["statute"],
                    "level": d["level"],
                    "incident_date": d["incident_date"],
                }
            ],
        }


class CourtDateForm(forms.Form):
    on = forms.DateField(label="Court date", widget=DATE, required=False)
    kind = forms.CharField(label="Hearing", max_length=100, required=False)


class WarrantForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "—"), *Warrant.Status.choices], required=False)
    on = forms.DateField(label="Date", widget=DATE, required=False)
    reference = forms.CharField(max_length=100, required=False)


class BaselineForm(forms.Form):
    baseline = forms.ChoiceField(
        label="Standard-processing baseline (what the office would do for anyone not in LEAD)",
        choices=[("", "—"), *rules.BASELINES.items()],
        required=False,
    )


SOURCE_CHOICES = [("", "—"), *rules.SOURCE_LABELS.items()]


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Decision", choices=[("", "—"), *rules.DECISION_LABELS.items()], required=False
    )
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    review_on = forms.DateField(label="Review date (hold in abeyance)", widget=DATE, required=False)
    terms = forms.CharField(
        label="Terms (negotiated disposition)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(BASIS_ROWS):
            self.fields[f"basis_{i}_kind"] = forms.ChoiceField(
                label=f"Information source {i + 1}", choices=SOURCE_CHOICES, required=False
            )
            self.fields[f"basis_{i}_reference"] = forms.CharField(
                label=f"Source {i + 1} reference (report number, record…)", required=False
            )

    def action_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "rationale": d["rationale"],
            "review_on": d["review_on"],
            "terms": d["terms"],
            "basis": [
                {"kind": d[f"basis_{i}_kind"], "reference": d[f"basis_{i}_reference"]}
                for i in range(BASIS_ROWS)
                if d.get(f"basis_{i}_kind")
            ],
        }


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("", "—"), *Decision.Review.choices], required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class PolicyForm(forms.Form):
    """The site's legal-coordination settings; the ranges are checked in the action."""

    taint_lookback_days = forms.IntegerField(
        label=rules.POLICY_LABELS["taint_lookback_days"],
        help_text=(
            "An adverse action is flagged for Golden Rule review when the prosecutor read "
            "LEAD-derived information about the participant within this many days."
        ),
    )
    hold_review_warning_days = forms.IntegerField(
        label=rules.POLICY_LABELS["hold_review_warning_days"]
    )
