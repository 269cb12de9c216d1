"""``web.csp.CSPMiddleware`` sends what django-csp's own middleware sends, the site's policy
made once: every header, for responses changed by a view's decorator, with a nonce, exempt,
under a prefix left out, report-only, and after the settings change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, override_settings

from goldenthread.core.roles import Role
from goldenthread.testing import build_world
from goldenthread.web.csp import CSPMiddleware

POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "data:"]}}


def _plain(response: HttpResponse) -> None:
    return None


def _updated(response: HttpResponse) -> None:
    response._csp_update = {"img-src": ["https://maps.example"]}  # type: ignore[attr-defined]


def _replaced(response: HttpResponse) -> None:
    response._csp_replace = {"default-src": ["'none'"]}  # type: ignore[attr-defined]


def _configured(response: HttpResponse) -> None:
    response._csp_config = {"default-src": ["'self'"], "script-src": ["'self'"]}  # type: ignore[attr-defined]


def _exempt(response: HttpResponse) -> None:
    response._csp_exempt = True  # type: ignore[attr-defined]


def _already_set(response: HttpResponse) -> None:
    response[HEADER] = "default-src 'none'"


CHANGES: list[Callable[[HttpResponse], None]] = [
    _plain,
    _updated,
    _replaced,
    _configured,
    _exempt,
    _already_set,
]


def _headers(
    middleware_class: Any, change: Callable[[HttpResponse], None], path: str, nonce: bool
) -> dict[str, str | None]:
    def view(request: HttpRequest) -> HttpResponse:
        if nonce:
            str(request.csp_nonce)  # type: ignore[attr-defined]
        response = HttpResponse("ok")
        change(response)
        return response

    request = RequestFactory().get(path)
    middleware = middleware_class(view)
    response = middleware(request)
    text = {h: response.get(h) for h in (HEADER, HEADER_REPORT_ONLY)}
    if nonce:  # each request draws its own nonce: compare the text without it
        nonce_value = request._csp_nonce  # type: ignore[attr-defined]
        text = {h: (v or "").replace(nonce_value, "N") or None for h, v in text.items()}
    return text


@pytest.mark.parametrize("change", CHANGES, ids=lambda c: c.__name__)
@pytest.mark.parametrize("path", ["/casework/", "/static/x.css"])
@pytest.mark.parametrize("nonce", [False, True])
@pytest.mark.parametrize(
    "report_only",
    [None, {"DIRECTIVES": {"default-src": ["'self'"]}, "EXCLUDE_URL_PREFIXES": ["/static/"]}],
)
def test_the_headers_are_django_csps(change, path, nonce, report_only):  # type: ignore[no-untyped-def]
    with override_settings(
        CONTENT_SECURITY_POLICY={**POLICY, "EXCLUDE_URL_PREFIXES": ["/static/"]},
        CONTENT_SECURITY_POLICY_REPORT_ONLY=report_only,
    ):
        ours = _headers(CSPMiddleware, change, path, nonce)
        theirs = _headers(DjangoCSPMiddleware, change, path, nonce)
    assert ours == theirs


def test_a_changed_setting_changes_the_header() -> None:
    with override_settings(CONTENT_SECURITY_POLICY=POLICY):
        first = _headers(CSPMiddleware, _plain, "/", False)[HEADER]
    with override_settings(CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'none'"]}}):
        second = _headers(CSPMiddleware, _plain, "/", False)[HEADER]
    assert first is not None and "img-src 'self' data:" in first
    assert second == "default-src 'none'"


@pytest.mark.django_db
def test_a_page_carries_the_sites_policy() -> None:
    response = build_world().client(Role.CM).get("/casework/")
    assert response.status_code == 200
    assert "default-src 'self'" in response[HEADER]
    assert "frame-ancestors 'none'" in response[HEADER]
