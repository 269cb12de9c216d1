"""Dates as the pages show them, made once per date and language.

``django.utils.formats.localize`` formats a date through ``dateformat`` and looks up the
active language and the format a dozen times a call: about 30 µs. A worklist shows a few
hundred dates (each charge's incident, each hold's review, each court date), mostly the same
few dozen days, so ``local_date`` keeps what it made for each date and language;
``date_text`` does the same for the ``date`` filter with a format (a caseload's two dates a
row: ``dateformat`` was an eighth of the caseload page's CPU).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from django.db.models import Model
from django.template.defaultfilters import date as date_filter
from django.utils import formats, translation


def local_date(value: date) -> str:
    """``formats.localize(value)`` for a date (not a datetime, whose text depends on the
    zone): the same text."""
    return _date_text(value, "DATE_FORMAT", translation.get_language())


def localized(value: Any) -> Any:
    """``formats.localize(value)``: a date's text from ``local_date`` (made once per process),
    anything else localised as the template would (a datetime's text depends on the zone)."""
    if value.__class__ is date:
        return local_date(value)
    return formats.localize(value)


def user_label(first_name: str, last_name: str, username: str) -> str:
    """How a staff member is named in a list read as plain rows: ``User.get_full_name()``,
    else the user name."""
    return f"{first_name} {last_name}".strip() or username


def date_text(value: date | None, fmt: str) -> str:
    """``{{ value|date:fmt }}``: the same text, made once per date, format and language for a
    date (a datetime's text depends on the zone: formatted each time)."""
    if value.__class__ is not date:
        return str(date_filter(value, fmt))
    return _date_text(value, fmt, translation.get_language())


@lru_cache(maxsize=8192)
def _date_text(value: date, fmt: str, language: str | None) -> str:
    with translation.override(language):
        return str(date_filter(value, fmt))


def choice_labels(model: type[Model], field: str) -> dict[Any, str]:
    """A field's choices as value → label: ``get_FOO_display`` without its per-call work
    (``.get(value, value)`` gives what it gives for a value outside the choices)."""
    choices: Any = model._meta.get_field(field)
    return {value: str(label) for value, label in choices.flatchoices}
