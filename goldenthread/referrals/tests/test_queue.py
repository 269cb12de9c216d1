"""Capacity and the priority queue: social contacts wait behind arrest diversions."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.referrals.models import QueueAdjustment, Referral
from goldenthread.referrals.queries import settings_for
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import field_of, get, patch, post
from goldenthread.testing import site_today

pytestmark = pytest.mark.django_db


def _full(world):
    site = world.alpha.site
    site.caseload_cap, site.caseload_target = 1, 1
    site.save()
    world.participant()  # the only CM is at the cap


def _social(world, **kw):
    return makers.referral(
        world.alpha,
        door="social",
        prior_activity="Possession observed",
        verification="observation",
        prior_activity_on=site_today() - timedelta(days=30),
        **kw,
    )


def test_it_queues_a_social_contact_when_capacity_is_full(world):
    _full(world)
    makers.adopted_policy(world.alpha)
    referral = _social(world)
    assert post(world, Role.CM, f"/{referral.pk}/screen").json()["result"] == "eligible"
    referral.refresh_from_db()
    assert referral.waiting and referral.intake_due is None
    assert get(world, Role.OFFICER, f"/{referral.pk}/status").json()["status"] == "pending"
    assert [e["referral_id"] for e in get(world, Role.CM, "/queue").json()] == [referral.pk]


def test_it_does_not_queue_an_arrest_diversion(world):
    _full(world)
    makers.adopted_policy(world.alpha)
    referral = makers.referral(world.alpha)
    post(world, Role.CM, f"/{referral.pk}/screen")
    referral.refresh_from_db()
    assert not referral.waiting and referral.intake_due is not None


def test_it_follows_the_sites_setting(world):
    _full(world)
    makers.adopted_policy(world.alpha)
    patch(world, Role.PM, "/settings", {"social_contacts_wait_for_capacity": False})
    referral = _social(world)
    post(world, Role.CM, f"/{referral.pk}/screen")
    assert not Referral.objects.get(pk=referral.pk).waiting


def test_it_explains_and_orders_the_scores(world):
    old = makers.waiting(world.alpha, waiting_since=timezone.now() - timedelta(days=10))
    vulnerable = makers.waiting(world.alpha, vulnerability_flags=["pregnant", "unsheltered"])
    entries = get(world, Role.PM, "/queue").json()
    assert [e["referral_id"] for e in entries] == [vulnerable.pk, old.pk]
    terms = {t["label"]: t["points"] for t in entries[0]["terms"]}
    assert terms["2 vulnerability flags × 10"] == 20
    assert entries[0]["score"] == sum(terms.values())


def test_it_uses_the_sites_weights(world):
    settings = settings_for(world.alpha.site.pk)
    settings.weight_per_vulnerability = 0
    settings.save()
    old = makers.waiting(world.alpha, waiting_since=timezone.now() - timedelta(days=10))
    makers.waiting(world.alpha, vulnerability_flags=["pregnant", "unsheltered"])
    assert get(world, Role.PM, "/queue").json()[0]["referral_id"] == old.pk


def test_it_lets_the_pm_reorder_with_a_reason(world):
    first = makers.waiting(world.alpha, waiting_since=timezone.now() - timedelta(days=10))
    second = makers.waiting(world.alpha)
    response = post(
        world,
        Role.PM,
        f"/{second.pk}/reorder",
        {"points": 50, "reason": "Discharged from hospital today"},
    )
    assert response.status_code == 200
    assert [e["referral_id"] for e in get(world, Role.PM, "/queue").json()] == [second.pk, first.pk]
    assert QueueAdjustment.objects.get().reason == "Discharged from hospital today"
    assert AuditEvent.objects.filter(action="queue.reorder").exists()
    missing = post(world, Role.PM, f"/{second.pk}/reorder", {"points": 5, "reason": ""})
    assert missing.status_code == 422 and field_of(missing) == "reason"


def test_it_admits_only_when_capacity_remains(world):
    _full(world)
    referral = makers.waiting(world.alpha)
    refused = post(world, Role.CM, f"/{referral.pk}/admit")
    assert refused.status_code == 422 and field_of(refused) == "capacity"
    site = world.alpha.site
    site.caseload_cap = 5
    site.save()
    assert post(world, Role.CM, f"/{referral.pk}/admit").json()["intake_due"] is not None


def test_it_shows_caseloads_per_case_manager_and_site(world):
    world.participant()
    world.participant(first_name="Sky")
    body = get(world, Role.PM, "/capacity").json()
    assert body["caseload"] == 2 and body["capacity"] == 25
    assert body["case_managers"] == [{"username": "cm", "active": 2, "target": 20, "cap": 25}]
    page = world.client(Role.CM).get("/referrals/").content.decode()
    assert "Site caseload <strong>2</strong> of 25" in page


def test_it_lists_each_active_case_manager_by_name_with_their_caseload(world):
    """The capacity card's rows: every active CM of the site, by username, shown by full
    name (the username when they have none), with their active caseload; another site's CMs
    and an ended membership are not counted."""
    from django.contrib.auth import get_user_model

    from goldenthread.core.models import Membership

    site = world.alpha.site
    named = world.alpha.users[Role.CM]
    named.first_name, named.last_name = "Ada", "Okafor"
    named.save()
    plain = get_user_model().objects.create_user("zz-plain-cm", password="x" * 16)
    agency = world.alpha.memberships[Role.CM].agency
    Membership.objects.create(site=site, user=plain, agency=agency, role=Role.CM, active=True)
    ended = get_user_model().objects.create_user("zz-ended-cm", password="x" * 16)
    Membership.objects.create(site=site, user=ended, agency=agency, role=Role.CM, active=False)
    world.participant()  # on the named CM's caseload
    world.participant(world.beta)  # another site's
    rows = {
        r["username"]: r["active"] for r in get(world, Role.PM, "/capacity").json()["case_managers"]
    }
    assert rows == {named.username: 1, "zz-plain-cm": 0}
    page = world.client(Role.PM).get("/referrals/capacity/").content.decode()
    assert "<td>Ada Okafor</td><td>1" in page
    assert "<td>zz-plain-cm</td><td>0" in page
    assert "zz-ended-cm" not in page
