"""django-csp's middleware, with the site's own policy written once per process.

django-csp builds the header text from the settings on every response, twice (the policy and
the report-only policy): a pass over the directives with a copy of each, about 1 % of the load
mix's CPU (py-spy, 2026-11-30). Here a response that nothing changed (no ``csp_update``,
``csp_replace`` or ``csp`` decorator on its view, no nonce used) gets the text of the settings
made once; any other gets it made as django-csp makes it. Changing a
``CONTENT_SECURITY_POLICY*`` setting (``override_settings`` in tests) makes it again. What is
sent, and when, is django-csp's (``process_response`` below follows its own, django-csp 4.0).
"""

from __future__ import annotations

import http.client
from dataclasses import asdict
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, PolicyParts
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponseBase

# The header's text for the settings as they are, by report_only.
_BUILT: dict[bool, str] = {}
_UNCHANGED = PolicyParts()


def _forget(setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _BUILT.clear()


setting_changed.connect(_forget)


def policy_text(parts: PolicyParts, report_only: bool) -> str:
    """``build_policy`` of these parts: for unchanged parts, made once."""
    if parts != _UNCHANGED:
        return build_policy(**asdict(parts), report_only=report_only)
    if report_only not in _BUILT:
        _BUILT[report_only] = build_policy(report_only=report_only)
    return _BUILT[report_only]


class CSPMiddleware(DjangoCSPMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        exempted_debug_codes = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)
        if response.status_code in exempted_debug_codes and settings.DEBUG:
            return response
        for report_only, header, exempt, setting in (
            (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            parts = self.get_policy_parts(
                request=request, response=response, report_only=report_only
            )
            text = policy_text(parts, report_only)
            if not text or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = text
        # As django-csp: once the header is written, asking for a nonce is an error.
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
