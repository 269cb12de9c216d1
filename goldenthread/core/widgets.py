"""Form widgets shared by the areas, and ``escape_value``, the escaping they share with the
other HTML written in Python (``conferencing/templatetags/roster.py``), and ``written_rows``,
how a list written in Python ends (ADR 16)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from html import escape
from typing import Any

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def escape_value(value: Any) -> str:
    """As format_html (and a template under autoescape) escapes a value: safe strings pass as
    they are, anything else is escaped as text; without format_html's cost."""
    return str(value.__html__()) if hasattr(value, "__html__") else escape(str(value), quote=True)


def written_rows(parts: Iterable[str], empty: str) -> SafeString:
    """A list's rows written in Python from escaped values (``escape_value``), joined; ``empty``,
    the loop's ``{% empty %}`` text, when there are none."""
    return mark_safe("".join(parts) or empty)  # noqa: S308 - the rows escape every value  # nosec B308 B703


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """Attributes as Django's attrs.html writes them: in order, True bare, False left out."""
    return mark_safe(  # noqa: S308 - built from format_html parts  # nosec B308 B703
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )


class ReadyChoices(BaseChoiceIterator):
    """Choices that are already plain ``(value, label)`` pairs, for a long drop-down (a site's
    1,500 participants). Django normalises a list of choices item by item, once for the field
    and again for its widget (about 8 ms for 1,500); it passes a choice iterator as it is."""

    def __init__(self, pairs: list[tuple[Any, Any]]) -> None:
        self.pairs = pairs

    def __iter__(self) -> Any:
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


class QuickSelect(forms.Select):
    """A drop-down whose options are written here rather than through one template each.

    The same HTML as Django's select; a list of a site's 1,500 participants then costs about a
    millisecond instead of most of a page's time (the OWG meeting page at site scale).
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in self.format_value(value)}
        found = False  # like Django's: a single select marks only its first match

        def option(key: Any, label: Any) -> str:
            nonlocal found
            selected = (not found or self.allow_multiple_selected) and str(key) in chosen
            found = found or selected
            mark = " selected" if selected else ""
            return f'<option value="{escape_value(key)}"{mark}>{escape_value(label)}</option>'

        built = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            built["multiple"] = True
        parts: list[str] = [format_html('<select name="{}"{}>', name, _attrs(built))]
        for key, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', key))
                parts += [option(k, v) for k, v in label]
                parts.append("</optgroup>")
            else:
                parts.append(option(key, label))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is format_html or a constant  # nosec B308 B703


class QuickCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes written here rather than through three templates each (the group, the
    option, the input): the same HTML as Django's CheckboxSelectMultiple, from the same options
    (``optgroups``: ids, ``checked``, labels). Each box cost about 0.15 ms through the
    templates; the OWG meeting page has a dozen."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        outer = widget["attrs"]
        parts: list[str] = ["<div"]
        if outer.get("id"):
            parts.append(f' id="{escape_value(outer["id"])}"')
        if outer.get("class"):
            parts.append(f' class="{escape_value(outer["class"])}"')
        parts.append(">")
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{escape_value(group)}</label>")
            # Each option ends as checkbox_option.html and input_option.html end: a newline each.
            parts += [f"<div>\n    {_checkbox(option)}\n\n</div>" for option in options]
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return mark_safe("".join(parts))  # noqa: S308 - every value escaped or attrs()  # nosec B308 B703


def _checkbox(option: dict[str, Any]) -> str:
    """One option as Django's input_option.html and input.html write it."""
    value = "" if option["value"] is None else f' value="{escape_value(option["value"])}"'
    box = (
        f'<input type="{escape_value(option["type"])}" name="{escape_value(option["name"])}"{value}'
    )
    box += f"{_attrs(option['attrs'])}>\n"
    if not option["wrap_label"]:
        return box
    for_id = option["attrs"].get("id")
    opening = f'<label for="{escape_value(for_id)}">' if for_id else "<label>"
    return f"{opening}{box} {escape_value(option['label'])}</label>"


@functools.cache
def blank_form(form_class: type[forms.BaseForm]) -> SafeString:
    """An unbound form's HTML (``as_div``), written once per process. Only for a form whose
    fields and choices are fixed in its class (none read from the database or the request):
    with no data and no errors it writes the same HTML every time, and through Django's form
    templates the dashboard's two forms took about 1.5 ms of CPU a view. A bound form, or one
    with errors, is written by its own ``as_div``."""
    return form_class().as_div()
