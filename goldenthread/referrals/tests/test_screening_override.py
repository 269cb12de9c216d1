"""A human decision overrides a screening, with a reason and the deciding role's authority."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.referrals.models import Screening
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import field_of, post

pytestmark = pytest.mark.django_db


def test_it_records_the_decision_reason_and_authority(world):
    screening = makers.screening(world.alpha)
    response = post(
        world,
        Role.SUPERVISOR,
        f"/screenings/{screening.pk}/override",
        {"result": "eligible", "reason": "Approved at OWG"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["result"], body["decision"], body["override_role"]) == (
        "needs_review",
        "eligible",
        "supervisor",
    )
    assert body["referral_state"] == "intake_pending"
    event = AuditEvent.objects.get(action="screening.override")
    assert event.after["authority"] == "supervisor" and event.after["reason"] == "Approved at OWG"
    assert event.before["result"] == "needs_review"


def test_it_needs_a_reason(world):
    screening = makers.screening(world.alpha)
    response = post(
        world,
        Role.PM,
        f"/screenings/{screening.pk}/override",
        {"result": "eligible", "reason": " "},
    )
    assert response.status_code == 422 and field_of(response) == "reason"
    assert Screening.objects.get(pk=screening.pk).override_result == ""


def test_it_is_not_a_case_managers_call(world):
    screening = makers.screening(world.alpha)
    response = post(
        world,
        Role.CM,
        f"/screenings/{screening.pk}/override",
        {"result": "eligible", "reason": "x"},
    )
    assert response.status_code == 404


def test_it_can_decide_ineligible(world):
    screening = makers.screening(world.alpha)
    body = post(
        world,
        Role.PM,
        f"/screenings/{screening.pk}/override",
        {"result": "ineligible", "reason": "Out of area"},
    ).json()
    assert body["referral_state"] == "ineligible"


def test_it_can_reverse_an_ineligible_result(world):
    makers.adopted_policy(world.alpha)
    referral = makers.referral(world.alpha, quantity_grams="9")
    screening_id = post(world, Role.CM, f"/{referral.pk}/screen").json()["id"]
    body = post(
        world,
        Role.PM,
        f"/screenings/{screening_id}/override",
        {"result": "eligible", "reason": "Weighed with packaging"},
    ).json()
    assert (body["result"], body["decision"], body["referral_state"]) == (
        "ineligible",
        "eligible",
        "intake_pending",
    )
