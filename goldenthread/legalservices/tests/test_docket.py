"""The team's docket with its deadlines, each attorney's caseload, and the CM's referral list:
a fixed number of queries however many matters there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.core.models import Membership
from goldenthread.core.roles import Role
from goldenthread.legalservices.actions import deadline_add, matter_accept
from goldenthread.legalservices.queries import today_at
from goldenthread.legalservices.tests.matrix import checked_matter, open_matter, referred_matter


def _team(world, n=4):
    colleague = get_user_model().objects.create_user(username="attorney2", password="x")
    Membership.objects.create(
        site=world.alpha.site,
        user=colleague,
        agency=world.alpha.agencies["legal_services"],
        role=Role.LEGAL_SERVICES,
    )
    ls = world.actor(Role.LEGAL_SERVICES)
    for i in range(n):
        matter = open_matter(world, world.alpha)
        deadline_add(
            actor=ls, matter_id=matter.pk, due_on=today_at(ls) + timedelta(days=i), label=f"D{i}"
        )
    matter = checked_matter(world, world.alpha)
    matter_accept(actor=ls, matter_id=matter.pk, attorney="attorney2")
    referred_matter(world, world.alpha)
    open_matter(world, world.beta)
    return colleague


@pytest.mark.django_db
def test_it_counts_each_attorneys_open_matters(world):
    _team(world)
    rows = world.api(Role.LEGAL_SERVICES).get("/api/v1/legalservices/caseloads").json()
    assert {r["username"]: r["open"] for r in rows} == {"attorney2": 1, "legal_services": 4}


@pytest.mark.django_db
def test_it_shows_the_whole_docket_and_one_attorneys_caseload(world):
    _team(world)
    docket = world.api(Role.LEGAL_SERVICES).get("/api/v1/legalservices/matters").json()
    assert len(docket) == 6, "4 + 1 open, 1 awaiting intake; the other site's never"
    assert docket[0]["status"] == "open" and docket[0]["next_due"] is not None
    mine = world.client(Role.LEGAL_SERVICES).get("/legalservices/caseload/")
    assert mine.status_code == 200 and mine.content.count(b"/legalservices/matters/") >= 4
    assert b"D3" in mine.content


def _queries(client, path):
    client.get(path)  # the session's first request does its own bookkeeping
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/legalservices/", "/legalservices/caseload/", "/"])
def test_it_keeps_the_docket_to_a_fixed_number_of_queries(
    world, path, django_assert_max_num_queries
):
    _team(world, n=2)
    client = world.client(Role.LEGAL_SERVICES)
    few = _queries(client, path)
    ls = world.actor(Role.LEGAL_SERVICES)
    for i in range(5):
        matter = open_matter(world, world.alpha)
        deadline_add(actor=ls, matter_id=matter.pk, due_on=today_at(ls), label=f"More{i}")
    assert _queries(client, path) == few
    with django_assert_max_num_queries(20):
        client.get(path)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/legalservices/referrals/", "/"])
def test_it_keeps_the_cms_list_to_a_fixed_number_of_queries(world, path):
    open_matter(world, world.alpha)
    client = world.client(Role.CM)
    few = _queries(client, path)
    for _ in range(5):
        open_matter(world, world.alpha)
    assert _queries(client, path) == few
    response = client.get("/legalservices/referrals/")
    assert response.content.count(b"Accepted, open") == 6


@pytest.mark.django_db
def test_it_keeps_the_participant_page_to_a_fixed_number_of_queries(world):
    matter = open_matter(world, world.alpha)
    client = world.client(Role.CM)
    path = f"/legalservices/participants/{matter.participant_id}/"
    few = _queries(client, path)
    from goldenthread.legalservices.actions import matter_refer

    for kind in ("lfo_relief", "unlawful_debt", "immigration"):
        matter_refer(
            actor=world.actor(Role.CM),
            participant_id=matter.participant_id,
            matter_type=kind,
            description="x",
        )
    assert _queries(client, path) == few, "one access-log link per read, nothing per matter"
