"""Bulk loading for the synthetic data set: ``COPY`` on PostgreSQL, ``bulk_create`` elsewhere.
Either way the rows read back through the models as if saved one by one: encrypted fields
decrypt, keyed hashes match, defaults and timestamps are filled."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from goldenthread.casework.models import Contact
from goldenthread.core.bulk import Ciphertext, insert_rows, uses_copy
from goldenthread.core.crypto import identifier_hashes
from goldenthread.core.roles import Role
from goldenthread.evaluation.models import ImportRun, LegalSource, LegalSystemEvent

pytestmark = pytest.mark.django_db


def test_copy_is_used_on_postgresql_only():
    assert uses_copy() == (connection.vendor == "postgresql")


def test_bulk_loaded_contacts_read_back_like_saved_ones(world):
    site, p = world.alpha, world.participant()
    cm = site.users[Role.CM]
    at = timezone.now() - timedelta(days=3)
    note = Ciphertext.of("Brief check-in by phone.")
    rows = [
        {
            "site_id": site.site.pk,
            "participant_id": p.pk,
            "author_id": cm.pk,
            "kind": "phone",
            "occurred_at": at + timedelta(hours=i),
            "note": note if i % 2 else "Drove to the benefits office.",
            "idempotency_key": f"bulk-{i}",
        }
        for i in range(5)
    ]
    assert insert_rows(Contact, rows) == 5
    got = list(Contact.objects.filter(site=site.site, participant=p).order_by("occurred_at"))
    assert [c.idempotency_key for c in got] == [f"bulk-{i}" for i in range(5)]
    assert [c.note for c in got] == [
        "Drove to the benefits office." if i % 2 == 0 else "Brief check-in by phone."
        for i in range(5)
    ]
    assert got[0].occurred_at == at
    assert all(c.created_at and c.updated_at for c in got)
    assert all(c.substantive is False and c.place == "" for c in got)  # defaults
    with connection.cursor() as cur:  # the column holds ciphertext, never the note
        cur.execute("SELECT note FROM casework_contact WHERE participant_id = %s", [p.pk])
        stored = [row[0] for row in cur.fetchall()]
    assert all(s.startswith("gtenc:1:") for s in stored)


def test_bulk_loaded_events_carry_the_keyed_hash_of_their_key(world):
    site, p = world.alpha, world.participant()
    source = LegalSource.objects.create(site=site.site, name="jail", label="Jail", kind="jail")
    run = ImportRun.objects.create(
        site=site.site, source=source, filename="x.csv", started_by=site.users[Role.PM]
    )
    insert_rows(
        LegalSystemEvent,
        [
            {
                "site_id": site.site.pk,
                "source_id": source.pk,
                "last_run_id": run.pk,
                "external_key": "booking-7",
                "person_id": p.person_id,
                "kind": "booking",
                "incident_date": date(2025, 3, 1),
                "released_on": date(2025, 3, 4),
                "fingerprint": "f" * 64,
            }
        ],
    )
    event = LegalSystemEvent.objects.get(
        site=site.site, external_key_hash__in=identifier_hashes("booking-7")
    )
    assert event.external_key == "booking-7"
    assert (event.released_on - event.incident_date).days == 3
    assert event.on_warrant is False and event.charge_level == ""
