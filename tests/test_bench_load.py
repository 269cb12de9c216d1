"""The disclosure write path of `make bench` writes audited disclosures through the API, and the
load test drives a served site with the mixed workload: steps with a rate, a p95 and an error
count that counts real errors, written to bench/results.json."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from goldenthread import benchmarks
from goldenthread.audit.models import AuditEvent
from goldenthread.benchmarks import BenchWrite, run_load, writes
from goldenthread.casework.tests.factories import goal
from goldenthread.core.roles import Role
from goldenthread.disclosures.models import Consent, Disclosure

DISCLOSURE = next(w for w in writes() if w.name == "Disclosure creation (CM)")


@pytest.mark.django_db
def test_the_disclosure_write_shares_under_a_consent_it_prepared_and_audits_each(world):
    participants = [world.participant() for _ in range(2)]
    request_for = DISCLOSURE.prepare(world.alpha.site, 4)
    consents = Consent.objects.filter(participant__in=participants, status="active")
    assert consents.count() == 2
    assert AuditEvent.objects.filter(action="consent.create").count() == 2
    api = world.api(Role.CM)
    for i in range(4):
        path, body = request_for(i)
        response = api.post(path, data=json.dumps(body), content_type="application/json")
        assert response.status_code == 201, response.content[:300]
    assert Disclosure.objects.filter(participant__in=participants).count() == 4
    assert AuditEvent.objects.filter(action="disclosure.share").count() == 4
    # A second run finds the consents in place and adds none.
    DISCLOSURE.prepare(world.alpha.site, 4)
    assert consents.count() == 2


def _served(world) -> dict[str, str]:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        pytest.skip("gunicorn needs a database it can share with the test: PostgreSQL")
    p = world.participant()
    goal(world.alpha, p)
    world.make("meeting", world.alpha)
    db = connection.settings_dict
    return {"DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{db['PORT'] or 5432}/{db['NAME']}"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_tiny_load_run_reports_each_step_and_writes_the_load_section(world, tmp_path):
    env = _served(world)
    load = run_load(
        world.alpha.site, seconds=1.0, clients=(1, 2), write_share=0.5, workers=1, env=env
    )
    assert [s.clients for s in load.steps] == [1, 2]
    for step in load.steps:
        assert step.requests > 0 and step.rps > 0
        assert 0 < step.median_ms <= step.p95_ms
        assert step.errors == 0, step.error_kinds
    assert load.errors == 0
    assert sum(s.writes for s in load.steps) > 0
    assert load.sustained_clients in (1, 2, None)
    path = benchmarks.write([], tmp_path, load=load)
    saved = json.loads(path.read_text())["load"]
    assert [s["clients"] for s in saved["steps"]] == [1, 2]
    assert saved["p95_limit_ms"] == 200.0 and saved["errors"] == 0
    assert (tmp_path / "load.svg").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_refused_write_counts_as_an_error(world, monkeypatch):
    env = _served(world)

    def refused(site, n):  # type: ignore[no-untyped-def]
        return lambda i: ("/api/v1/referrals/", {"door": "no such door"})

    monkeypatch.setattr(
        benchmarks, "writes", lambda: [BenchWrite("Refused referral", "officer", refused)]
    )
    load = run_load(
        world.alpha.site, seconds=0.5, clients=(1,), write_share=1.0, workers=1, env=env
    )
    assert load.errors == load.steps[0].requests > 0
    assert all(kind.startswith("422") for kind in load.steps[0].error_kinds)
    assert load.sustained_rps is None


def test_a_server_that_ignores_terminate_is_killed_so_the_results_are_still_written():
    """`make bench` measured for minutes and then lost every result when gunicorn's workers
    did not stop within the wait; stop() kills the process group after the grace period."""
    import signal
    import subprocess
    import sys
    import time

    stubborn = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
            " print('ready', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert stubborn.stdout is not None and stubborn.stdout.readline() == b"ready\n"
    started = time.monotonic()
    benchmarks.stop(stubborn, grace=0.5)
    assert stubborn.returncode == -signal.SIGKILL
    assert time.monotonic() - started < 10
