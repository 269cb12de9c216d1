"""QuickSelect writes the same drop-down as Django's own Select, only faster."""

from __future__ import annotations

import re

import pytest
from django import forms

from goldenthread.core.widgets import QuickSelect


def _tidy(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


CHOICES = [("", "---------"), (1, "Dana Rivera"), (2, "Robin <b>O'Kafor</b> & Co"), (3, "Lee")]
GROUPED = [("North", [(1, "Ana"), (2, "Bo")]), ("South", [(3, "Cy")]), (4, "Di")]


@pytest.mark.parametrize(
    ("choices", "value", "attrs"),
    [
        (CHOICES, None, None),
        (CHOICES, 2, {"id": "id_p", "required": True}),
        (CHOICES, "3", {"id": "id_p", "aria-describedby": "help"}),
        (GROUPED, 3, {"id": "id_g"}),
        ([], None, {"id": "id_empty"}),
    ],
)
def test_it_writes_what_djangos_select_writes(choices, value, attrs):
    ours = QuickSelect(choices=choices).render("p", value, attrs=attrs)
    django = forms.Select(choices=choices).render("p", value, attrs=attrs)
    assert _tidy(ours) == _tidy(django)


def test_it_escapes_labels_and_values():
    html = QuickSelect(choices=[('"><script>', "<script>alert(1)</script>")]).render("p", None)
    assert "<script>" not in html and "&lt;script&gt;" in html
