"""Every read path registered for `make bench` answers 200 to its role, and its floor query
runs; every write path's requests are accepted: the benchmark cannot silently measure an error
page, a broken floor or a refused write."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test import Client

from goldenthread.benchmarks import reads, writes
from goldenthread.casework.tests.factories import goal
from goldenthread.core.roles import Role

READS = reads()


def test_the_bench_covers_the_read_paths_the_issue_names():
    names = {r.name for r in READS}
    for expected in (
        "Caseload (CM)",
        "Participant page (CM)",
        "My referrals (officer)",
        "Worklist (prosecutor)",
        "OWG roster (PM)",
        "Dashboard (PM)",
        "API participant list (PM)",
        "API caseload (CM)",
    ):
        assert expected in names


@pytest.mark.django_db
@pytest.mark.parametrize("read", READS, ids=[r.name for r in READS])
def test_a_bench_read_answers_200_and_its_floor_runs(world, read):
    world.participant()
    world.make("meeting", world.alpha)
    site = world.alpha.site
    membership = next(m for m in world.alpha.memberships.values() if m.role == read.role)
    user = membership.user
    client = Client()
    client.force_login(user)
    response = client.get(read.url(site, user))
    assert response.status_code == 200, read.name
    if read.floor_sql:
        with connection.cursor() as cur:
            cur.execute(read.floor_sql, {"site": site.pk, "user": user.pk})
            cur.fetchall()  # a broken floor query raises here


WRITES = writes()


def test_the_bench_covers_write_paths_the_issue_names():
    names = {w.name for w in WRITES}
    assert {
        "Referral submission, screened (officer)",
        "Contact logging (CM)",
        "Flex-fund request (CM)",
        "Flex-fund approval (supervisor)",
        "Disclosure creation (CM)",
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize("write", WRITES, ids=[w.name for w in WRITES])
def test_a_bench_write_is_accepted_each_time(world, write):
    """Each request the write benchmark sends is a new, valid write (2xx), not an error or a
    repeat the app turns away."""
    p = world.participant()
    goal(world.alpha, p)
    request_for = write.prepare(world.alpha.site, 3)
    api = world.api(Role(write.role))
    for i in range(3):
        path, body = request_for(i)
        response = api.post(path, data=json.dumps(body), content_type="application/json")
        assert response.status_code in (200, 201), (write.name, response.content[:300])


@pytest.mark.django_db
def test_the_bench_forgets_the_referrals_it_submitted_and_nothing_else(world):
    """The referral write's ``forget`` removes the arrest diversions the benchmark submitted
    (else they pile up awaiting a warm hand-off, run after run, in what the on-call card
    counts), and leaves every other referral, at this site and at another."""
    from goldenthread.benchmarks import forget_writes
    from goldenthread.referrals.models import Referral

    write = next(w for w in WRITES if w.name.startswith("Referral submission"))

    def submit(site, n: int, **names: str) -> None:  # type: ignore[no-untyped-def]
        api, request_for = world.api(Role(write.role), site), write.prepare(site.site, n)
        for i in range(n):
            path, body = request_for(i)
            sent = api.post(
                path, data=json.dumps(dict(body, **names)), content_type="application/json"
            )
            assert sent.status_code in (200, 201), sent.content[:300]

    submit(world.alpha, 3)
    submit(world.beta, 1)
    submit(world.alpha, 1, first_name="Rae", last_name="Subject9")
    before = set(Referral.objects.values_list("first_name", "last_name", "site_id"))
    assert forget_writes(world.alpha.site) == {write.name: 3}
    after = set(Referral.objects.values_list("first_name", "last_name", "site_id"))
    gone = before - after
    assert len(gone) == 3 and all(
        f.startswith("Bench") and site_id == world.alpha.site.pk for f, _, site_id in gone
    )
    assert ("Rae", "Subject9", world.alpha.site.pk) in after
    assert any(f.startswith("Bench") and site_id == world.beta.site.pk for f, _, site_id in after)
    assert forget_writes(world.alpha.site) == {write.name: 0}


@pytest.mark.django_db
def test_the_owg_roster_path_reads_the_meeting_built_from_its_sources_once(world):
    from datetime import timedelta

    from goldenthread.conferencing.models import RosterItem
    from goldenthread.legal.tests import factories as legal
    from goldenthread.testing import site_today

    meeting = world.make("meeting", world.alpha)
    legal.case(world, world.alpha, court_on=site_today() + timedelta(days=3))
    read = next(r for r in READS if r.name == "OWG roster (PM)")
    pm = world.alpha.users[Role.PM]
    assert read.url(world.alpha.site, pm).endswith(f"/{meeting['meeting_id']}/")
    built = RosterItem.objects.filter(meeting_id=meeting["meeting_id"]).count()
    assert built >= 1, "the court date within 14 days is on the roster"
    read.url(world.alpha.site, pm)
    assert RosterItem.objects.filter(meeting_id=meeting["meeting_id"]).count() == built


@pytest.mark.django_db
def test_the_bench_reads_as_a_browser_that_keeps_its_csrf_cookie(world):
    """The bench's reads and load send the session and a CSRF cookie, as a signed-in browser
    does: a page with a form then keeps its secret (Django sends the cookie back, to renew
    it). Without it, every such page made a new secret."""
    from django.conf import settings

    from goldenthread.benchmarks import _browser_cookie

    p = world.participant()
    path = f"/casework/p/{p.pk}/contacts/new/"
    cookie = _browser_cookie(world.alpha.users[Role.CM])
    assert f"{settings.CSRF_COOKIE_NAME}=" in cookie
    kept = Client().get(path, HTTP_COOKIE=cookie)
    assert kept.status_code == 200 and b"csrfmiddlewaretoken" in kept.content
    sent = cookie.split(f"{settings.CSRF_COOKIE_NAME}=")[1]
    assert kept.cookies[settings.CSRF_COOKIE_NAME].value == sent
    session_only = cookie.split(";")[0]
    fresh = Client().get(path, HTTP_COOKIE=session_only)
    assert fresh.status_code == 200
    assert fresh.cookies[settings.CSRF_COOKIE_NAME].value not in ("", sent)
