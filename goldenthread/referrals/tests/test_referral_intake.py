"""Intake: the assessment, the release of information (flag and date) and the case manager."""

from __future__ import annotations

from datetime import timedelta

import pytest

from goldenthread.core.roles import Role
from goldenthread.referrals.models import Referral
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import field_of, post
from goldenthread.testing import site_today

pytestmark = pytest.mark.django_db


def _fresh(world):
    return makers.pending(
        world.alpha, assessment="", roi_signed=False, roi_signed_on=None, assigned_cm=None
    )


def test_it_records_the_intake(world):
    referral = _fresh(world)
    cm = world.alpha.users[Role.CM]
    body = {
        "assessment": "Stable housing is the first goal",
        "roi_signed": True,
        "roi_signed_on": str(site_today()),
        "assigned_cm_id": cm.pk,
    }
    response = post(world, Role.CM, f"/{referral.pk}/intake", body)
    assert response.status_code == 200
    assert response.json()["assigned_cm"] == "cm" and response.json()["roi_signed"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"assessment": "a", "roi_signed": True}, "roi_signed_on"),
        ({"assessment": "a", "roi_signed": False, "roi_signed_on": "2026-01-01"}, "roi_signed"),
        (
            {
                "assessment": "a",
                "roi_signed": True,
                "roi_signed_on": str(site_today() + timedelta(days=3)),
            },
            "roi_signed_on",
        ),
        ({"assessment": "a", "assigned_cm_id": 987654}, "assigned_cm_id"),
    ],
)
def test_it_names_the_bad_field(world, body, field):
    referral = _fresh(world)
    response = post(world, Role.CM, f"/{referral.pk}/intake", body)
    assert response.status_code == 422 and field_of(response) == field
    assert Referral.objects.get(pk=referral.pk).assessment == ""


def test_it_refuses_a_case_manager_of_another_site(world):
    referral = _fresh(world)
    response = post(
        world,
        Role.CM,
        f"/{referral.pk}/intake",
        {"assessment": "a", "assigned_cm_id": world.beta.users[Role.CM].pk},
    )
    assert response.status_code == 422 and field_of(response) == "assigned_cm_id"
