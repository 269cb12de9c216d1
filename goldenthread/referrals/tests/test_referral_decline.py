"""The person declines: a guarded transition, kept in the history."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import field_of, post

pytestmark = pytest.mark.django_db


def test_it_records_a_decline(world):
    referral = makers.pending(world.alpha)
    response = post(
        world, Role.CM, f"/{referral.pk}/decline", {"reason": "Wants to handle the case in court"}
    )
    assert response.status_code == 200 and response.json()["state"] == "declined"
    assert referral.changes.get(to_state="declined").reason == "Wants to handle the case in court"


def test_it_refuses_an_illegal_transition_with_a_message(world):
    referral = makers.referral(world.alpha)  # still "referred"
    response = post(world, Role.CM, f"/{referral.pk}/decline")
    assert response.status_code == 422 and field_of(response) == "state"
    assert "cannot become declined" in response.json()["detail"]
