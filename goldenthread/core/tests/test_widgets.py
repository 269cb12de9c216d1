"""QuickSelect and QuickCheckboxes write the same HTML as Django's own Select and
CheckboxSelectMultiple, only faster."""

from __future__ import annotations

import re

import pytest
from django import forms
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.core.widgets import QuickCheckboxes, QuickSelect


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


_TEXT = st.text(alphabet=st.sampled_from("ab<>&\"' é1"), max_size=6)
_OPTIONS = st.lists(st.tuples(_TEXT, _TEXT), max_size=4)
_CHOICES = st.lists(st.one_of(st.tuples(_TEXT, _TEXT), st.tuples(_TEXT, _OPTIONS)), max_size=4)
_ATTRS = st.fixed_dictionaries(
    {},
    optional={"id": st.sampled_from(["id_tags", "x<y"]), "class": _TEXT, "disabled": st.booleans()},
)


@given(_CHOICES, st.one_of(st.none(), st.lists(_TEXT, max_size=3)), _ATTRS)
def test_its_checkboxes_are_byte_for_byte_djangos(choices, value, attrs):
    ours = QuickCheckboxes(choices=choices).render("tags", value, attrs=attrs)
    django = forms.CheckboxSelectMultiple(choices=choices).render("tags", value, attrs=attrs)
    assert str(ours) == str(django)


def test_its_checkboxes_escape_labels_and_values():
    html = QuickCheckboxes(choices=[('"><script>', "<script>alert(1)</script>")]).render("t", [])
    assert "<script>" not in html and "&lt;script&gt;" in html
