"""Crash drill, on PostgreSQL: gunicorn is killed with SIGKILL in the middle of a burst of
concurrent contact and flex-fund writes. After a restart, every write that was answered 2xx is
there, and nothing is half there: each contact has its audit event, each approved request its
ledger entry, and the audit chains verify."""

from __future__ import annotations

import os
import signal
import threading
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Sum

from goldenthread.access.actions import token_create
from goldenthread.audit.models import AuditEvent
from goldenthread.benchmarks import free_port, serve
from goldenthread.casework.models import Contact, FlexFundRequest, LedgerEntry
from goldenthread.casework.tests.factories import goal, pool
from goldenthread.core.roles import Role
from tests.drills import contact_body, post_json

CLIENTS = 8
ACKS_BEFORE_KILL = 40


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_every_acknowledged_write_survives_a_sigkill_and_none_is_half_written(world):
    if connection.vendor != "postgresql":
        pytest.skip("the crash drill runs on PostgreSQL")
    participants = [world.participant() for _ in range(4)]
    the_pool = pool(world.alpha, budget="100000.00")
    goals = {p.pk: goal(world.alpha, p) for p in participants}
    _, token = token_create(user=world.alpha.users[Role.CM], site=world.alpha.site)
    db = connection.settings_dict
    env = {"DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{db['PORT'] or 5432}/{db['NAME']}"}
    port = free_port()
    base = f"http://127.0.0.1:{port}/api/v1/casework"
    server = serve(port, workers=2, **env)

    acked_contacts: list[str] = []
    acked_flex: list[int] = []
    cut_off = 0
    lock = threading.Lock()
    stop = threading.Event()

    def client(n: int) -> None:
        nonlocal cut_off
        i = 0
        while not stop.is_set():
            i += 1
            p = participants[(n + i) % len(participants)]
            try:
                if i % 2:
                    key = f"crash-{n}-{i}"
                    status, _ = post_json(
                        f"{base}/participants/{p.pk}/contacts", token, contact_body(key)
                    )
                    with lock:
                        if status == 201:
                            acked_contacts.append(key)
                else:
                    status, body = post_json(
                        f"{base}/flex/requests",
                        token,
                        {
                            "participant_id": p.pk,
                            "pool_id": the_pool.pk,
                            "goal_id": goals[p.pk].pk,
                            "amount": "10.00",
                            "category": "phone",
                            "vendor": "Metro PCS",
                            "purpose": "Phone minutes",
                            "attested": True,
                            "pools_checked": "Lifeline (waitlisted)",
                        },
                    )
                    with lock:
                        if status == 201:
                            acked_flex.append(body["id"])
            except OSError:  # the connection died with the server: not acknowledged
                with lock:
                    cut_off += 1
                if stop.is_set():
                    return
                time.sleep(0.01)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60
        while len(acked_contacts) + len(acked_flex) < ACKS_BEFORE_KILL:
            assert time.monotonic() < deadline, "the burst never got going"
            time.sleep(0.01)
        os.killpg(server.pid, signal.SIGKILL)  # master and workers, mid-burst
        server.wait(timeout=10)
        time.sleep(0.2)
        stop.set()
        for t in threads:
            t.join(timeout=30)
        server = serve(port, workers=1, **env)
        assert post_json(f"{base}/participants/{participants[0].pk}/contacts", token, {})[0] == 422
    finally:
        stop.set()
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)

    assert acked_contacts and acked_flex, "the burst wrote both kinds"
    present = set(Contact.objects.values_list("idempotency_key", flat=True))
    assert set(acked_contacts) <= present, "an acknowledged contact was lost"
    flex = {r.pk: r for r in FlexFundRequest.objects.all()}
    assert set(acked_flex) <= set(flex), "an acknowledged flex request was lost"

    # Nothing half-written: every contact has its audit event, every approved request its
    # one ledger entry, and the pool's spend is the sum of the ledger.
    contact_ids = {str(pk) for pk in Contact.objects.values_list("pk", flat=True)}
    logged = set(
        AuditEvent.objects.filter(action="contact.log").values_list("object_id", flat=True)
    )
    assert contact_ids <= logged
    entries = LedgerEntry.objects.filter(request_id__in=list(flex)).values_list(
        "request_id", flat=True
    )
    assert sorted(entries) == sorted(pk for pk, r in flex.items() if r.status == "approved")
    assert len(flex) == len(entries), "a request below the threshold is approved with its entry"
    spent = LedgerEntry.objects.filter(pool=the_pool).aggregate(s=Sum("amount"))["s"]
    assert spent == Decimal("10.00") * len(flex)
    call_command("audit", "verify")  # raises CommandError naming a broken chain
    assert cut_off > 0, "the burst was still going when the server died"
