"""Sign-in rules: password policy, throttling that cannot lock others out, MFA, sessions."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from goldenthread.access.middleware import SESSION_SEEN, SESSION_STARTED
from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.testing import PASSWORD


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(
        "/accounts/login/", {"login": username, "password": password}, REMOTE_ADDR=ip
    )


@pytest.mark.parametrize("password", ["short-pw", "password1234"])
def test_it_refuses_weak_passwords(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_it_accepts_a_long_uncommon_password():
    validate_password("a walk along the sound at dusk")


def test_it_hashes_with_argon2_outside_tests():
    assert "Argon2PasswordHasher" in " ".join(settings.PASSWORD_HASHERS)


@pytest.mark.django_db
def test_it_signs_in_and_audits_success_and_failure(world):
    client = Client()
    assert _login(client, "cm", "wrong password!!").status_code == 200
    assert _login(client, "cm", PASSWORD).status_code == 302
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "auth.login_failed" in actions and "auth.login" in actions


@pytest.mark.django_db
def test_it_locks_out_one_address_but_not_the_owner_elsewhere(world):
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, "cm", "not the password", ip="203.0.113.9")
    locked = _login(attacker, "cm", PASSWORD, ip="203.0.113.9")
    assert locked.status_code == 429
    owner = Client()
    assert _login(owner, "cm", PASSWORD, ip="198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_it_requires_mfa_for_configured_roles(world):
    site = world.alpha.site
    site.mfa_required_roles = [Role.PROSECUTOR.value]
    site.save()
    response = world.client(Role.PROSECUTOR).get("/")
    assert response.status_code == 302 and "/accounts/2fa/totp/activate" in response["Location"]
    assert world.client(Role.CM).get("/").status_code == 200


@pytest.mark.django_db
def test_it_logs_idle_sessions_off_after_thirty_minutes(world):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = world.client(Role.CM)
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_SEEN] = int(time.time()) - 30 * 60 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_an_active_session_stays_signed_in_and_is_renewed_once_a_minute(world):
    client = Client()
    _login(client, "cm", PASSWORD)
    assert client.get("/").status_code == 200
    key = client.session.session_key
    # Within the touch window a request writes neither the session nor the last-seen time.
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/").status_code == 200
    writes = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("UPDATE")]
    assert writes == []
    # 29 minutes of quiet, then a request: still signed in, and the activity is written.
    session = client.session
    session[SESSION_SEEN] = int(time.time()) - 29 * 60
    session.save()
    UserSession.objects.filter(session_key=key).update(
        last_seen_at=timezone.now() - timedelta(minutes=29)
    )
    assert client.get("/").status_code == 200
    assert client.session[SESSION_SEEN] >= int(time.time()) - 5
    seen = UserSession.objects.get(session_key=key).last_seen_at
    assert timezone.now() - seen < timedelta(minutes=1)


@pytest.mark.django_db
def test_it_ends_a_session_past_its_absolute_lifetime(world):
    client = world.client(Role.CM)
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_STARTED] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_it_ends_every_session_of_a_disabled_user(world):
    client = Client()
    _login(client, "cm", PASSWORD)
    assert client.get("/").status_code == 200
    assert UserSession.objects.filter(user=world.alpha.users[Role.CM]).exists()
    user = world.alpha.users[Role.CM]
    user.is_active = False
    user.save()
    assert client.get("/").status_code == 302
    assert not UserSession.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_it_lets_users_see_their_sessions(world):
    client = Client()
    _login(client, "pm", PASSWORD)
    response = client.get("/accounts/sessions/")
    assert response.status_code == 200


def _pm_at_beta_too(world):  # type: ignore[no-untyped-def]
    """Alpha's PM, made a PM at beta as well: a second membership to switch to."""
    from goldenthread.core.models import Membership

    return Membership.objects.create(
        site=world.beta.site,
        user=world.alpha.users[Role.PM],
        agency=world.beta.agencies["project_management"],
        role=Role.PM,
    )


@pytest.mark.django_db
def test_it_switches_site_only_to_a_membership_held(world):
    other = _pm_at_beta_too(world)
    client = world.client(Role.PM)
    client.post("/site/switch/", {"membership": other.pk})
    assert client.get("/api/v1/me").json()["site"] == "beta"
    stranger = world.beta.memberships[Role.CM]
    client.post("/site/switch/", {"membership": stranger.pk})
    assert client.get("/api/v1/me").json()["site"] == "beta"


def test_the_session_store_reads_a_live_session_and_not_an_expired_one(world):
    """The session read is kept compiled (ADR 15): the same rows as Django's database store."""
    from django.contrib.sessions.models import Session

    client = Client()
    assert client.post(
        "/accounts/login/", {"login": Role.CM.value, "password": PASSWORD}
    ).status_code in (200, 302)
    assert client.get("/").status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    row = Session.objects.get(session_key=key)
    row.expire_date = timezone.now() - timedelta(seconds=1)
    row.save()
    answer = client.get("/")
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    assert settings.SESSION_ENGINE == "goldenthread.access.sessions"


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["form", "force_login"])
def test_the_kept_backends_read_the_signed_in_user_and_refuse_an_inactive_one(world, how):
    """access/backends.py: Django's and allauth's backends with the user read kept compiled."""
    from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model

    user = world.alpha.users[Role.CM]
    client = Client()
    if how == "form":
        assert _login(client, Role.CM.value, PASSWORD).status_code == 302
    else:
        client.force_login(user)
    assert client.get("/").status_code == 200
    assert client.session[BACKEND_SESSION_KEY] in settings.AUTHENTICATION_BACKENDS
    assert client.session[BACKEND_SESSION_KEY].startswith("goldenthread.access.backends.")
    # Made inactive without signals, so the session row stays: the backend refuses the user.
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    answer = client.get("/")
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]


@pytest.mark.django_db
def test_the_signed_in_user_and_their_memberships_are_one_query(world):
    """The backend reads the user with their active memberships (access/backends.py), which
    the actor middleware uses: no query of the user alone, none of the memberships alone. A
    user with no active membership is still read, and acts nowhere."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from goldenthread.core.models import Membership

    second = _pm_at_beta_too(world)
    user = second.user
    client = world.client(Role.PM)
    client.get("/api/v1/me")
    with CaptureQueriesContext(connection) as ctx:
        me = client.get("/api/v1/me").json()
    reads = [q["sql"] for q in ctx.captured_queries]
    assert not any(sql.startswith('SELECT "auth_user"') for sql in reads)
    together = [sql for sql in reads if sql.startswith('SELECT "core_membership"')]
    assert len(together) == 1 and '"auth_user"."password"' in together[0]
    assert me["site"] == "alpha"
    client.post("/site/switch/", {"membership": second.pk})
    assert client.get("/api/v1/me").json()["site"] == "beta"  # the second, from the same read
    Membership.objects.filter(user=user).update(active=False)
    answer = client.get("/api/v1/me")
    assert answer.status_code in (401, 403, 404)
