"""Standard web attacks, tried against the whole site: CSRF, XSS, clickjacking, CSP, open
redirects after login, user enumeration."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from goldenthread.core.roles import Role
from goldenthread.testing import PASSWORD
from goldenthread.testing_matrix import cases

XSS = '<script>alert("gt")</script>'


@pytest.mark.django_db
def test_it_refuses_state_changes_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alpha.users[Role.SITE_ADMIN])
    for case in cases():
        if case.is_api:
            continue
        kwargs = world.make(case.obj) if case.obj else {}
        # Every page, including those that show a form on GET, refuses a forged POST.
        response = client.post(reverse(case.endpoint, kwargs=kwargs or None), case.data)
        assert response.status_code == 403, f"{case.endpoint} accepted a POST without CSRF"


@pytest.mark.django_db
def test_it_refuses_session_api_writes_without_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alpha.users[Role.SITE_ADMIN])
    response = client.patch(
        "/api/v1/site", data='{"caseload_target": 10}', content_type="application/json"
    )
    assert response.status_code in {401, 403}


@pytest.mark.django_db
def test_it_escapes_names_on_every_page_a_cm_or_pm_can_open(world):
    world.participant(first_name=XSS, last_name=XSS)
    for role in (Role.CM, Role.PM, Role.SUPERVISOR):
        client = world.client(role)
        for case in cases():
            if case.is_api or case.method != "GET" or role not in case.allowed:
                continue
            kwargs = world.make(case.obj) if case.obj else {}
            response = client.get(reverse(case.endpoint, kwargs=kwargs or None))
            if not response.get("Content-Type", "").startswith(("text/", "application/json")):
                continue  # PDFs and other binary downloads render no HTML
            body = response.content.decode()
            assert XSS not in body, f"{case.endpoint} rendered a name unescaped"


@pytest.mark.django_db
def test_it_forbids_framing_and_inline_script(world):
    response = world.client(Role.PM).get("/")
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_it_never_redirects_off_site_after_login(world, target):
    response = Client().post(
        f"/accounts/login/?next={target}", {"login": "pm", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.django_db
def test_it_answers_unknown_and_known_usernames_alike(world):
    known = Client().post("/accounts/login/", {"login": "pm", "password": "wrong password 1"})
    unknown = Client().post(
        "/accounts/login/", {"login": "nobody-here", "password": "wrong password 1"}
    )
    assert known.status_code == unknown.status_code == 200
    known_errors = known.context["form"].errors.as_json()
    unknown_errors = unknown.context["form"].errors.as_json()
    assert known_errors == unknown_errors


@pytest.mark.django_db
def test_it_answers_password_resets_alike(world):
    user = world.alpha.users[Role.PM]
    user.email = "pm@example.org"
    user.save()
    known = Client().post("/accounts/password/reset/", {"email": "pm@example.org"})
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code
    assert known.get("Location") == unknown.get("Location")
