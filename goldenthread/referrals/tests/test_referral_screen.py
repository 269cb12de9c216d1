"""Screening against the adopted policy version in force at the time of contact."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.referrals.models import PolicyVersion, Referral
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import field_of, get, post
from goldenthread.testing import site_today

pytestmark = pytest.mark.django_db


def test_it_screens_eligible_and_moves_to_intake(world):
    version = makers.adopted_policy(world.alpha)
    referral = makers.referral(world.alpha, quantity_grams=Decimal("1.0"))
    response = post(world, Role.CM, f"/{referral.pk}/screen")
    assert response.status_code == 201
    body = response.json()
    assert body["result"] == "eligible" and body["policy_version_id"] == version.pk
    assert body["referral_state"] == "intake_pending"
    assert {c["criterion"] for c in body["explanation"]} >= {
        "offence",
        "quantity_grams",
        "exclusion:violent_offence",
    }
    referral.refresh_from_db()
    assert referral.intake_due is not None
    assert list(referral.changes.values_list("to_state", flat=True)) == [
        "screening",
        "intake_pending",
    ]
    assert AuditEvent.objects.filter(action="referral.screen", object_id=str(referral.pk)).exists()


def test_it_explains_why_someone_is_not_eligible(world):
    makers.adopted_policy(world.alpha)
    referral = makers.referral(world.alpha, quantity_grams=Decimal("4.5"))
    body = post(world, Role.CM, f"/{referral.pk}/screen").json()
    assert body["result"] == "ineligible" and body["referral_state"] == "ineligible"
    (grams,) = [c for c in body["explanation"] if c["criterion"] == "quantity_grams"]
    assert grams["outcome"] == "fail" and "3 g" in grams["reason"]


def test_it_refuses_an_unadopted_policy(world):
    makers.adopted_policy(world.alpha)
    draft = makers.draft(world.alpha)
    referral = makers.referral(world.alpha)
    response = post(world, Role.CM, f"/{referral.pk}/screen", {"policy_version_id": draft.pk})
    assert response.status_code == 422 and field_of(response) == "policy_version_id"
    assert "not adopted" in response.json()["detail"]
    assert Referral.objects.get(pk=referral.pk).state == "referred"


def test_it_refuses_when_no_policy_was_in_force(world):
    referral = makers.referral(world.alpha)
    response = post(world, Role.CM, f"/{referral.pk}/screen")
    assert response.status_code == 422 and field_of(response) == "policy_version_id"


def test_it_refuses_to_screen_before_the_person_is_known(world):
    makers.adopted_policy(world.alpha)
    referral = makers.referral(world.alpha, identified=False)
    response = post(world, Role.CM, f"/{referral.pk}/screen")
    assert response.status_code == 422 and field_of(response) == "person_id"


def test_it_uses_the_version_in_force_at_contact_and_stays_reproducible(world):
    v1 = makers.adopted_policy(world.alpha)
    referral = makers.referral(
        world.alpha, quantity_grams=Decimal("5"), contact_at=timezone.now() - timedelta(days=2)
    )
    # A later version (6 g) adopted after the contact does not apply to it.
    v2 = PolicyVersion.objects.create(
        site=world.alpha.site,
        policy=v1.policy,
        number=2,
        status="adopted",
        effective_from=site_today(),
        eligible_categories=v1.eligible_categories,
        max_grams=Decimal("6"),
        adopted_at=timezone.now(),
    )
    body = post(world, Role.CM, f"/{referral.pk}/screen").json()
    assert body["policy_version_id"] == v1.pk and body["result"] == "ineligible"
    # The stored screening still names v1 and its explanation, after the policy changed.
    (stored,) = get(world, Role.CM, f"/{referral.pk}/screenings").json()
    assert stored["policy_version_id"] == v1.pk and stored["explanation"] == body["explanation"]
    # Contacted now: five minutes ago is yesterday just after the site's midnight, before v2.
    fresh = makers.referral(world.alpha, quantity_grams=Decimal("5"), contact_at=timezone.now())
    assert post(world, Role.CM, f"/{fresh.pk}/screen").json()["policy_version_id"] == v2.pk


def test_it_uses_the_sites_local_date_for_the_contact(world):
    site = world.alpha.site
    site.time_zone = "America/Los_Angeles"
    site.save()
    v1 = makers.adopted_policy(world.alpha)
    v1.effective_from = date(2026, 3, 2)
    v1.save()
    # 06:30 UTC on 2 March is still 1 March in Los Angeles: no policy was in force yet.
    contact = datetime(2026, 3, 2, 6, 30, tzinfo=UTC)
    referral = makers.referral(world.alpha, contact_at=contact)
    assert post(world, Role.CM, f"/{referral.pk}/screen").status_code == 422


def test_it_shows_the_explanation_on_the_page(world):
    makers.adopted_policy(world.alpha)
    referral = makers.referral(world.alpha)
    response = world.client(Role.OUTREACH).post(f"/referrals/{referral.pk}/screen/")
    assert response.status_code == 302
    page = world.client(Role.CM).get(f"/referrals/{referral.pk}/").content.decode()
    assert "Eligible under Seattle LEAD eligibility v1" in page
    assert "Drug possession is an eligible category." in page


def test_it_offers_each_role_only_the_buttons_it_may_use(world):
    makers.adopted_policy(world.alpha)
    screening = makers.screening(world.alpha)
    pending = makers.pending(world.alpha)
    cm = world.client(Role.CM)
    assert "Record decision" not in cm.get(f"/referrals/{screening.referral_id}/").content.decode()
    assert (
        "Record decision"
        in world.client(Role.SUPERVISOR)
        .get(f"/referrals/{screening.referral_id}/")
        .content.decode()
    )
    outreach = world.client(Role.OUTREACH).get(f"/referrals/{pending.pk}/").content.decode()
    assert "Save intake" not in outreach and ">Enroll<" not in outreach
    assert ">Enroll<" in cm.get(f"/referrals/{pending.pk}/").content.decode()
