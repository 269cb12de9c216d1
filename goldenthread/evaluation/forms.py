"""Forms of the evaluation pages."""

from __future__ import annotations

import json
from typing import Any

from django import forms

from goldenthread.core.models import Person
from goldenthread.evaluation import rules
from goldenthread.evaluation.models import ComparisonMember, LegalSource


class ImportForm(forms.Form):
    source = forms.ModelChoiceField(queryset=LegalSource.objects.none(), empty_label=None)
    file = forms.FileField(label="CSV file", required=False)

    def __init__(self, *args: Any, sources: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]


class SourceForm(forms.Form):
    name = forms.SlugField(max_length=60)
    label = forms.CharField(max_length=200, required=False)
    kind = forms.ChoiceField(choices=LegalSource.Kind.choices)
    column_map = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text='JSON: our field → your column, e.g. {"external_key": "CaseNo", ...}',
    )
    value_map = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text='JSON: codes, e.g. {"kind": {"ARR": "arrest"}, "charge_level": {"F": "felony"}}',
    )
    date_format = forms.CharField(max_length=32, initial="%Y-%m-%d")

    def _json(self, name: str) -> dict[str, Any]:
        text = self.cleaned_data.get(name) or "{}"
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(f"not valid JSON ({exc.msg})") from exc
        if not isinstance(value, dict):
            raise forms.ValidationError("must be a JSON object")
        return value

    def clean_column_map(self) -> dict[str, Any]:
        return self._json("column_map")

    def clean_value_map(self) -> dict[str, Any]:
        return self._json("value_map")


class ComparisonForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none())
    entry_date = forms.DateField(
        label="Evaluation entry date", widget=forms.DateInput(attrs={"type": "date"})
    )
    method = forms.ChoiceField(choices=ComparisonMember.Method.choices)

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]


class UnitCostsForm(forms.Form):
    """The site's unit costs (Collins et al. 2019): one field per ``rules.COST_UNITS``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for unit, (label, _) in rules.COST_UNITS.items():
            self.fields[unit] = forms.DecimalField(
                label=label,
                min_value=0,
                max_value=rules.MAX_UNIT_COST,
                decimal_places=2,
                max_digits=9,
            )
