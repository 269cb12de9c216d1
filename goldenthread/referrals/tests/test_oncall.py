"""The on-call view: new arrest diversions with a live countdown, until the hand-off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import get, post

pytestmark = pytest.mark.django_db


def test_it_counts_down_to_the_sites_target(world):
    site = world.alpha.site
    site.handoff_target_minutes = 45
    site.save()
    referral = makers.referral(
        world.alpha, contact_at=timezone.now() - timedelta(minutes=10, seconds=5)
    )
    (entry,) = get(world, Role.CM, "/oncall").json()
    assert entry["referral_id"] == referral.pk and entry["minutes_left"] == 34


def test_it_marks_an_overdue_hand_off(world):
    makers.referral(world.alpha, contact_at=timezone.now() - timedelta(minutes=50))
    page = world.client(Role.CM).get("/referrals/oncall/").content.decode()
    assert "overdue" in page and 'hx-trigger="every 30s"' in page


def test_it_serves_only_the_rows_to_htmx(world):
    makers.referral(world.alpha)
    response = world.client(Role.CM).get("/referrals/oncall/", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="oncall-rows"' in body and "<html" not in body


def test_it_stops_the_clock_at_the_hand_off(world):
    referral = makers.referral(world.alpha)
    assert post(world, Role.OUTREACH, f"/{referral.pk}/handoff").status_code == 200
    assert get(world, Role.CM, "/oncall").json() == []
    assert AuditEvent.objects.filter(action="referral.handoff").exists()
    assert post(world, Role.CM, f"/{referral.pk}/handoff").status_code == 409


def test_it_pins_its_query_count(world, django_assert_max_num_queries):
    for _ in range(8):
        makers.referral(world.alpha)
    client = world.client(Role.CM)
    client.get("/referrals/oncall/")
    with django_assert_max_num_queries(20):
        client.get("/referrals/oncall/")
