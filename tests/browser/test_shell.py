"""Two roles sign in on a phone-sized screen and see two different navigations."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from goldenthread.core.roles import Role
from goldenthread.testing import PASSWORD, build_world
from tests.browser.conftest import axe_violations, sign_in


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    return build_world()


def _nav(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [t.strip() for t in page.locator("nav.nav a").all_inner_texts()]


def test_it_shows_each_role_its_own_navigation(world, page):
    sign_in(page, Role.SITE_ADMIN.value, PASSWORD)
    expect(page.get_by_role("heading", name="What needs me today")).to_be_visible()
    admin_nav = _nav(page)
    assert "Site settings" in admin_nav

    page.context.clear_cookies()
    sign_in(page, Role.CLT_MEMBER.value, PASSWORD)
    expect(page.get_by_role("heading", name="What needs me today")).to_be_visible()
    clt_nav = _nav(page)
    assert "Site settings" not in clt_nav
    assert admin_nav != clt_nav


def test_it_has_no_accessibility_violations_at_phone_width(world, page):
    page.goto("/accounts/login/")
    assert axe_violations(page) == []
    sign_in(page, Role.PM.value, PASSWORD)
    assert axe_violations(page) == []
    page.goto("/account/")
    assert axe_violations(page) == []


def test_it_sends_a_role_that_needs_mfa_to_set_it_up(world, page):
    site = world.alpha.site
    site.mfa_required_roles = [Role.OFFICER.value]
    site.save()
    sign_in(page, Role.OFFICER.value, PASSWORD)
    # allauth asks for the password again before any change to sign-in methods.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate"))
    expect(page.get_by_label("Authenticator code")).to_be_visible()
    page.goto("/")
    assert "/accounts/2fa/totp/activate" in page.url, "MFA is required before any other page"
