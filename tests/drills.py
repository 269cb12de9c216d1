"""Shared by the reliability drills: a contact body, and a burst of contact writes from several
clients at once, recording which writes the server acknowledged."""

from __future__ import annotations

import threading
import time
from typing import Any

from goldenthread.benchmarks import post_json


def contact_body(key: str) -> dict[str, Any]:
    return {
        "idempotency_key": key,
        "kind": "street",
        "place": "3rd and Pine",
        "duration_minutes": 10,
        "present": "Participant",
        "substantive": True,
        "note": f"Drill note {key}",
    }


class ContactBurst:
    """``clients`` threads logging contacts until stopped: which keys were acknowledged (201),
    how many sends got another status, and how many lost their connection."""

    def __init__(self, base: str, token: str, participant_ids: list[int], clients: int) -> None:
        self.base, self.token, self.ids = base, token, participant_ids
        self.acked: list[str] = []
        self.refused = 0
        self.cut_off = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(n,)) for n in range(clients)]

    def __enter__(self) -> ContactBurst:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=30)

    def wait_for(self, acks: int, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while len(self.acked) < acks:
            assert time.monotonic() < deadline, "the burst never got going"
            time.sleep(0.01)

    def _run(self, n: int) -> None:
        i = 0
        while not self._stop.is_set():
            i += 1
            key = f"burst-{n}-{i}"
            pid = self.ids[(n + i) % len(self.ids)]
            try:
                status, _ = post_json(
                    f"{self.base}/participants/{pid}/contacts", self.token, contact_body(key)
                )
            except OSError:
                with self._lock:
                    self.cut_off += 1
                time.sleep(0.01)
                continue
            with self._lock:
                if status == 201:
                    self.acked.append(key)
                else:
                    self.refused += 1
