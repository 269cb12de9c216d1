"""Database outage drill, on PostgreSQL: the app reaches the database through a TCP proxy that
the test cuts and restores, in the middle of a burst of contact writes. During the outage every
request answers 503 with a clear page (JSON on the API) and no stack trace; when the database is
back the same server process recovers, without a restart, and nothing is half-written."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
import urllib.error
import urllib.request

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from goldenthread.access.actions import token_create
from goldenthread.audit.models import AuditEvent
from goldenthread.benchmarks import free_port, serve
from goldenthread.casework.models import Contact
from goldenthread.core.roles import Role
from tests.drills import ContactBurst


class Proxy:
    """A loopback TCP proxy to the database that can be cut (connections dropped, new ones
    refused) and restored on the same port."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.conns: list[socket.socket] = []
        self.listener: socket.socket | None = None
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(16)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        if self.listener is not None:
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
            self.listener.close()
            self.listener = None
        for conn in self.conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
            conn.close()
        self.conns.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.close()


def _get(url: str, headers: dict[str, str]) -> tuple[int, str, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=20) as resp:  # noqa: S310 - loopback
            return resp.status, resp.read().decode(), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(), dict(exc.headers)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_app_answers_503_during_an_outage_and_recovers_without_a_restart(world):
    if connection.vendor != "postgresql":
        pytest.skip("the outage drill runs on PostgreSQL")
    db = connection.settings_dict
    proxy = Proxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    user = world.alpha.users[Role.CM]
    client = Client()
    client.force_login(user)
    web = {"Cookie": f"sessionid={client.cookies['sessionid'].value}"}
    _, raw = token_create(user=user, site=world.alpha.site)
    api = {"Authorization": f"Bearer {raw}"}
    port = free_port()
    url = f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}"
    server = serve(port, workers=1, DATABASE_URL=url)
    base = f"http://127.0.0.1:{port}"
    try:
        assert _get(f"{base}/", web)[0] == 200
        assert _get(f"{base}/api/v1/me", api)[0] == 200

        # A burst of contact writes from four clients, with the database cut in the middle.
        participants = [world.participant().pk for _ in range(2)]
        with ContactBurst(f"{base}/api/v1/casework", raw, participants, clients=4) as burst:
            burst.wait_for(acks=10)
            proxy.cut()
            time.sleep(0.5)
        assert burst.refused > 0, "writes during the outage were answered, not acknowledged"

        status, body, headers = _get(f"{base}/", web)
        assert status == 503 and "briefly unavailable" in body
        assert "Traceback" not in body and "OperationalError" not in body
        assert headers.get("Retry-After") == "60"
        status, body, _ = _get(f"{base}/api/v1/me", api)
        assert status == 503 and "cannot be reached" in body and "Traceback" not in body

        proxy.restore()
        pid = server.pid
        assert _get(f"{base}/", web)[0] == 200
        assert _get(f"{base}/api/v1/me", api)[0] == 200
        assert server.poll() is None and server.pid == pid  # the same process, not restarted
        # Nothing half-written: every acknowledged contact is there, every contact there has
        # its audit event, and the audit chains verify.
        present = set(Contact.objects.values_list("idempotency_key", flat=True))
        assert set(burst.acked) <= present
        contacts = {str(pk) for pk in Contact.objects.values_list("pk", flat=True)}
        logged = AuditEvent.objects.filter(action="contact.log").values_list("object_id", flat=True)
        assert contacts <= set(logged)
        call_command("audit", "verify")
    finally:
        server.terminate()
        server.wait(timeout=10)
        proxy.cut()
