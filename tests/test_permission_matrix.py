"""Every role × every endpoint × own-site, other-site and missing object.

Endpoints are enumerated from the URL conf and the OpenAPI schema, so a new endpoint without a
matrix entry fails here (goldenthread/<area>/tests/matrix.py holds the entries).
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from goldenthread.api import api
from goldenthread.core.roles import Role
from goldenthread.testing_matrix import Case, cases

MISSING = 987654321
SKIP_PREFIXES = ("accounts/", "api/v1/")


def _url_names(patterns: Any = None, prefix: str = "", ns: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(p.pattern)
        if route.startswith(SKIP_PREFIXES):
            continue
        if isinstance(p, URLResolver):
            inner = f"{ns}{p.namespace}:" if p.namespace else ns
            names |= _url_names(p.url_patterns, route, inner)
        elif isinstance(p, URLPattern) and p.name:
            names.add(ns + p.name)
    return names


def _api_operations() -> set[str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} /api/v1{path.removeprefix('/api/v1')}"
        for path, ops in schema["paths"].items()
        for method in ops
    }


def test_it_has_a_matrix_entry_for_every_endpoint():
    registered = {c.endpoint for c in cases()}
    missing = (_url_names() | _api_operations()) - registered
    assert not missing, f"endpoints without a permission-matrix entry: {sorted(missing)}"
    stale = registered - (_url_names() | _api_operations())
    assert not stale, f"matrix entries for endpoints that do not exist: {sorted(stale)}"


def _path(case: Case, kwargs: dict[str, Any]) -> str:
    if case.is_api:
        _, template = case.endpoint.split(" ", 1)
        return re.sub(r"{(\w+)}", lambda m: str(kwargs[m.group(1)]), template)
    return reverse(case.endpoint, kwargs=kwargs or None)


def _request(world: Any, case: Case, role: Role, kwargs: dict[str, Any], site: Any = None):
    client = world.api(role, site) if case.is_api else world.client(role, site)
    path = _path(case, kwargs)
    method = case.method.lower()
    if case.is_api and method != "get":
        body = json.dumps(case.data)
        return getattr(client, method)(path, data=body, content_type="application/json")
    return getattr(client, method)(path, data=case.data)


@pytest.mark.django_db
@pytest.mark.parametrize("case", cases(), ids=lambda c: c.endpoint)
def test_it_answers_each_role_as_the_policy_says(world, case: Case):
    for role in Role:
        kwargs = world.make(case.obj) if case.obj else {}
        response = _request(world, case, role, kwargs)
        expected = case.ok if role in case.allowed else 404
        assert response.status_code == expected, (
            f"{role.value} on {case.endpoint}: {response.status_code}, expected {expected}"
        )


@pytest.mark.django_db
@pytest.mark.parametrize("case", [c for c in cases() if c.obj], ids=lambda c: c.endpoint)
def test_it_hides_other_sites_and_missing_objects(world, case: Case):
    for role in case.allowed:
        foreign = world.make(case.obj, world.beta)
        response = _request(world, case, role, foreign)
        assert response.status_code == 404, f"{role.value} reached another site's object"
        missing = {k: MISSING for k in foreign}
        assert _request(world, case, role, missing).status_code == 404
