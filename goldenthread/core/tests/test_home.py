"""Each role's home shows what needs it today, from the parts that exist."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from goldenthread.core.models import Membership
from goldenthread.core.roles import Role


@pytest.mark.django_db
def test_it_shows_the_admin_who_still_needs_two_factor(world):
    site = world.alpha.site
    site.mfa_required_roles = [Role.OFFICER.value]
    site.save()
    body = world.client(Role.SITE_ADMIN).get("/").content.decode()
    assert "Accounts still to set up two-factor" in body and ">officer<" in body


@pytest.mark.django_db
def test_it_hides_caseload_from_roles_without_participant_access(world):
    world.participant()
    for role in (Role.OFFICER, Role.PROSECUTOR, Role.PCG_MEMBER, Role.EVALUATOR):
        body = world.client(role).get("/").content.decode()
        assert "Caseload" not in body and "My participants" not in body


@pytest.mark.django_db
def test_it_defaults_to_the_users_home_site(world):
    user = world.alpha.users[Role.PM]
    Membership.objects.create(
        site=world.beta.site,
        user=user,
        role=Role.PM,
        agency=world.beta.agencies["project_management"],
    )
    assert get_user_model().objects.filter(pk=user.pk).exists()
    assert world.client(Role.PM).get("/api/v1/me").json()["site"] == "alpha"


@pytest.mark.django_db
def test_the_sign_in_card_counts_live_tokens_and_says_whether_two_factor_is_on(world):
    from allauth.mfa.models import Authenticator

    from goldenthread.access.actions import token_create, token_revoke

    user = world.alpha.users[Role.CM]
    client = world.client(Role.CM)

    def card() -> str:
        body = client.get("/").content.decode()
        return body.split("Your sign-in")[1].split("</section>")[0]

    assert "Two-factor authentication is off." in card() and "0 active API token(s)." in card()
    first, _ = token_create(user=user, site=world.alpha.site, name="one")
    token_create(user=user, site=world.alpha.site, name="two")
    token_create(user=world.alpha.users[Role.PM], site=world.alpha.site, name="not mine")
    assert "2 active API token(s)." in card()
    token_revoke(actor=world.alpha.actor(Role.CM), token_id=first.pk)
    assert "1 active API token(s)." in card()
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert "Two-factor authentication is on." in card()
