"""Personal API tokens: create from the command, use, list, revoke, expire."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from goldenthread.access.models import ApiToken
from goldenthread.core.roles import Role


def _create(username: str, site: str) -> str:
    out = StringIO()
    call_command("token", "create", username, "--site", site, stdout=out)
    return out.getvalue().strip()


def _me(raw: str):
    return Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/me")


@pytest.mark.django_db
def test_it_creates_a_token_that_acts_as_the_membership(world):
    raw = _create("cm", "alpha")
    response = _me(raw)
    assert response.status_code == 200
    assert response.json()["role"] == "cm" and response.json()["site"] == "alpha"
    assert not ApiToken.objects.filter(digest=raw).exists(), "only a hash is stored"


@pytest.mark.django_db
def test_it_refuses_a_site_the_user_has_no_role_at(world):
    with pytest.raises(CommandError, match="site"):
        _create("cm", "beta")


@pytest.mark.django_db
def test_it_answers_401_to_unknown_revoked_and_expired_tokens(world):
    assert _me("gt_not-a-real-token").status_code == 401
    assert Client().get("/api/v1/me").status_code == 401
    raw = _create("pm", "alpha")
    token = ApiToken.objects.get(prefix=raw[:10])
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    assert _me(raw).status_code == 401
    raw2 = _create("pm", "alpha")
    call_command("token", "revoke", raw2[:10], stdout=StringIO())
    response = _me(raw2)
    assert response.status_code == 401 and "token" in response.json()["detail"]


@pytest.mark.django_db
def test_it_lists_tokens(world):
    raw = _create("pm", "alpha")
    out = StringIO()
    call_command("token", "list", "pm", stdout=out)
    assert raw[:10] in out.getvalue() and "active" in out.getvalue()


@pytest.mark.django_db
def test_it_revokes_from_the_account_page_and_audits(world):
    raw = _create("pm", "alpha")
    token = ApiToken.objects.get(prefix=raw[:10])
    client = world.client(Role.PM)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    from goldenthread.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="token.revoke", object_id=str(token.pk)).exists()
