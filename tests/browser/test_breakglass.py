"""The PM opens emergency access with a reason; the supervisor reviews it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from goldenthread.access.models import BreakGlassGrant
from goldenthread.core.roles import Role
from goldenthread.testing import PASSWORD, build_world
from tests.browser.conftest import axe_violations, sign_in


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    return build_world()


def test_it_opens_and_reviews_emergency_access(world, page):
    participant = world.participant()
    sign_in(page, Role.PM.value, PASSWORD)
    page.goto(f"/access/breakglass/open/{participant.pk}/")
    assert axe_violations(page) == []
    page.get_by_label("The emergency, in your words").fill(
        "Participant missing for a week; need the last known contact place"
    )
    page.get_by_label("Hours needed (at most 24)").fill("2")
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_text("Emergency access opened")).to_be_visible()
    assert BreakGlassGrant.objects.filter(participant=participant).count() == 1

    page.context.clear_cookies()
    sign_in(page, Role.SUPERVISOR.value, PASSWORD)
    expect(page.get_by_text("Emergency accesses to review")).to_be_visible()
    page.goto("/access/breakglass/")
    assert axe_violations(page) == []
    page.get_by_label("Justified", exact=True).check()
    page.get_by_role("button", name="Record review").click()
    expect(page.get_by_text("Review recorded.")).to_be_visible()
    assert BreakGlassGrant.objects.get(participant=participant).outcome == "justified"
