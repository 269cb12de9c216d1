"""Every read path registered for `make bench` answers 200 to its role, and its floor query
runs: the benchmark cannot silently measure an error page or a broken floor."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from goldenthread.benchmarks import reads

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
