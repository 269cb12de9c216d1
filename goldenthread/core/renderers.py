"""The API's JSON written by orjson, as ninja's own renderer writes it.

ninja's ``JSONRenderer`` runs ``json.dumps`` with ``NinjaJSONEncoder``, whose ``default`` is
called for every date (a chain of ``isinstance`` checks each time): a fifth of the API
participant list's CPU went to writing its 500 rows (py-spy). orjson writes the same values
(strings, numbers, lists, dicts, dates as ``YYYY-MM-DD``) in C, and hands what it would write
differently back to ninja's encoder: datetimes and times (Django cuts them to milliseconds and
writes UTC as ``Z``), decimals, lazy strings, dataclasses. What orjson refuses (an integer
beyond 64 bits, say) is written by ninja's renderer, so such a value reads or fails as before.
The spacing differs (orjson writes none) and a non-finite float is ``null`` rather than the
``NaN`` that is not JSON; the parsed values are the same (tests/test_api_json.py).
"""

from __future__ import annotations

import datetime
from typing import Any

import orjson
from django.http import HttpRequest
from ninja.renderers import BaseRenderer, JSONRenderer
from ninja.responses import NinjaJSONEncoder

_ENCODER = NinjaJSONEncoder()
_OPTIONS = (
    orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_NON_STR_KEYS
)
_NINJAS = JSONRenderer()


def _default(value: Any) -> Any:
    if type(value) is datetime.date:
        return value.isoformat()
    return _ENCODER.default(value)


class FastJSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        try:
            return orjson.dumps(data, default=_default, option=_OPTIONS)
        except orjson.JSONEncodeError:
            return _NINJAS.render(request, data, response_status=response_status)
