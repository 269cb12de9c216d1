"""Encryption at rest (docs/encryption.md): the database and the media directory hold
ciphertext; the people allowed to read see the plaintext; `goldenthread rotate_keys` moves
everything to a new key; identifiers are found by their keyed hash."""

from __future__ import annotations

import importlib
import io
import json
from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.apps import apps as django_apps
from django.core.exceptions import FieldError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from goldenthread.audit.models import AuditEvent
from goldenthread.casework.models import Contact, ContactDraft, Goal, ProgressNote
from goldenthread.core import crypto
from goldenthread.core.roles import Role
from goldenthread.disclosures.models import Consent
from goldenthread.disclosures.tests import factories
from goldenthread.disclosures.tests.factories import PDF
from goldenthread.evaluation.models import LegalSystemEvent
from goldenthread.evaluation.tests.helpers import make_source, person, row, write_csv
from goldenthread.testing import site_today

SENTINEL = "SENTINEL-methadone-dose-80mg-7f3a"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def _raw(table: str, column: str, pk: int, key: str = "id") -> str:
    """The stored value of one row's column, found by its primary key ``key`` (a history
    table's is ``history_id``: its ``id`` is the original row's)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {key} = %s", [pk])
        return str(cursor.fetchone()[0])


def _log_contact(world, p, note: str = SENTINEL) -> Contact:
    response = world.api(Role.CM).post(
        f"/api/v1/casework/participants/{p.pk}/contacts",
        data=json.dumps({"idempotency_key": "k-1", "kind": "street", "note": note}),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return Contact.objects.get()


@pytest.mark.django_db
def test_a_contact_note_is_ciphertext_in_the_database_and_plaintext_on_the_page(world):
    p = world.participant()
    contact = _log_contact(world, p)
    raw = _raw("casework_contact", "note", contact.pk)
    assert SENTINEL not in raw and raw.startswith(crypto.PREFIX)
    history = _raw(
        "casework_historicalcontact", "note", contact.history.get().history_id, key="history_id"
    )
    assert SENTINEL not in history
    page = world.client(Role.CM).get(f"/casework/p/{p.pk}/")
    assert page.status_code == 200 and SENTINEL in page.content.decode()


@pytest.mark.django_db
def test_an_encrypted_field_cannot_be_filtered_by_value(world):
    _log_contact(world, world.participant())
    with pytest.raises(FieldError, match="encrypted"):
        Contact.objects.filter(note=SENTINEL).exists()
    assert Contact.objects.exclude(note="").count() == 1


@pytest.mark.django_db
def test_a_consent_scan_is_encrypted_on_disk_and_downloads_as_uploaded(world, settings):
    consent = factories.consent(world, world.alpha)
    response = world.api(Role.CM).post(
        f"/api/v1/disclosures/consents/{consent.pk}/scan",
        {"scan": SimpleUploadedFile("form.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 200, response.content
    consent.refresh_from_db()
    on_disk = (settings.MEDIA_ROOT / consent.scan.name).read_bytes()
    assert on_disk != PDF and not on_disk.startswith(b"%PDF")
    assert PDF not in on_disk
    download = world.client(Role.CM).get(f"/disclosures/consents/{consent.pk}/scan/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.django_db
def test_rotate_keys_moves_every_value_and_file_to_the_new_key(world, settings):
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    p = world.participant()
    contact = _log_contact(world, p)
    consent = factories.consent(world, world.alpha)
    world.api(Role.CM).post(
        f"/api/v1/disclosures/consents/{consent.pk}/scan",
        {"scan": SimpleUploadedFile("form.pdf", PDF, content_type="application/pdf")},
    )
    consent.refresh_from_db()

    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    # Before the rotation: the new key encrypts, the old one still reads.
    assert Contact.objects.get().note == SENTINEL
    assert world.client(Role.CM).get(f"/casework/p/{p.pk}/").content.decode().count(SENTINEL)

    dry = io.StringIO()
    call_command("rotate_keys", "--dry-run", stdout=dry, stderr=io.StringIO())
    assert "would re-encrypt" in dry.getvalue()
    assert not AuditEvent.objects.filter(action="keys.rotate").exists()
    assert crypto.PREFIX in _raw("casework_contact", "note", contact.pk)
    with pytest.raises(Exception):  # noqa: B017 - still under the old key
        Fernet(new.encode()).decrypt(_raw("casework_contact", "note", contact.pk)[8:].encode())

    out = io.StringIO()
    call_command("rotate_keys", stdout=out, stderr=io.StringIO())
    event = AuditEvent.objects.get(action="keys.rotate")
    assert event.after["reencrypted"] >= 2 and event.after["files_reencrypted"] == 1

    alone = Fernet(new.encode())
    raw = _raw("casework_contact", "note", contact.pk)
    assert alone.decrypt(raw[len(crypto.PREFIX) :].encode()).decode() == SENTINEL
    on_disk = (settings.MEDIA_ROOT / consent.scan.name).read_bytes()
    assert alone.decrypt(on_disk[len(crypto.FILE_MAGIC) :]) == PDF

    # The old key can now go: everything reads under the new one alone.
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert Contact.objects.get().note == SENTINEL
    download = world.client(Role.CM).get(f"/disclosures/consents/{consent.pk}/scan/")
    assert b"".join(download.streaming_content) == PDF

    # Idempotent: a second run changes nothing.
    call_command("rotate_keys", stdout=(again := io.StringIO()), stderr=io.StringIO())
    assert AuditEvent.objects.filter(action="keys.rotate").last().after["reencrypted"] == 0
    assert "re-encrypted 0;" in again.getvalue()


@pytest.mark.django_db
def test_rotate_keys_encrypts_legacy_plaintext(world):
    p = world.participant()
    contact = _log_contact(world, p)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE casework_contact SET note = %s WHERE id = %s", [SENTINEL, contact.pk]
        )
    assert Contact.objects.get().note == SENTINEL  # legacy plaintext still reads
    call_command("rotate_keys", stdout=io.StringIO(), stderr=io.StringIO())
    assert SENTINEL not in _raw("casework_contact", "note", contact.pk)
    assert Contact.objects.get().note == SENTINEL


@pytest.mark.django_db
def test_a_missing_key_is_a_clear_error(world, settings):
    p = world.participant()
    _log_contact(world, p)
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(crypto.KeyMismatch, match="FIELD_ENCRYPTION_KEYS"):
        Contact.objects.get()
    with pytest.raises(CommandError, match="none of the keys in FIELD_ENCRYPTION_KEYS"):
        call_command("rotate_keys", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_a_malformed_or_empty_key_is_a_clear_error(world, settings):
    settings.FIELD_ENCRYPTION_KEYS = ["not-a-key"]
    with pytest.raises(CommandError, match="key 1 is not a Fernet key"):
        call_command("rotate_keys", stdout=io.StringIO(), stderr=io.StringIO())
    settings.FIELD_ENCRYPTION_KEYS = []
    with pytest.raises(CommandError, match="FIELD_ENCRYPTION_KEYS is empty"):
        call_command("rotate_keys", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_progress_notes_history_holds_no_plaintext(world):
    p = world.participant()
    goal = Goal.objects.create(
        site=p.site,
        participant=p,
        domain="substance_use",
        title="x",
        created_by=world.alpha.users[Role.CM],
    )
    note = ProgressNote.objects.create(
        site=p.site,
        goal=goal,
        author=world.alpha.users[Role.CM],
        written_on=site_today(),
        note=SENTINEL,
    )
    assert SENTINEL not in _raw("casework_progressnote", "note", note.pk)
    assert ProgressNote.objects.get().note == SENTINEL


def _import(path) -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "import", "legal-events", str(path), "--source", "police", stdout=out, stderr=err
        )
    except CommandError as exc:
        raise AssertionError(err.getvalue()) from exc
    return out.getvalue()


@pytest.mark.django_db
def test_a_legal_event_is_found_by_the_keyed_hash_of_its_key(world, settings, tmp_path):
    make_source(world)
    dana = person(world, "Dana", "Rivera", date(1980, 5, 17))
    key = "BK-2026-000417"
    feed = write_csv(tmp_path / "f.csv", [row(key), row("BK-2026-000418")])
    assert "2 created" in _import(feed)
    event = LegalSystemEvent.objects.get(external_key_hash__in=crypto.identifier_hashes(key))
    assert event.external_key == key and event.person == dana
    for column in ("external_key", "external_key_hash"):
        assert "000417" not in _raw("evaluation_legalsystemevent", column, event.pk)
    # A re-import finds the stored events by the hash: nothing new.
    assert "0 created, 0 updated, 2 unchanged" in _import(feed)

    # A new identifier key: still found through the old one, and rotate_keys re-hashes.
    settings.IDENTIFIER_HASH_KEYS = ["a new identifier key", *settings.IDENTIFIER_HASH_KEYS]
    assert "0 created" in _import(write_csv(tmp_path / "g.csv", [row(key, Type="BKG")]))
    call_command("rotate_keys", stdout=io.StringIO(), stderr=io.StringIO())
    settings.IDENTIFIER_HASH_KEYS = ["a new identifier key"]
    assert (
        LegalSystemEvent.objects.get(external_key_hash=crypto.identifier_hash(key)).pk == event.pk
    )
    assert "0 created" in _import(feed)


@pytest.mark.django_db
def test_a_contact_draft_is_ciphertext_in_the_database_and_comes_back_on_the_form(world):
    p = world.participant()
    client = world.client(Role.CM)
    saved = client.post(
        f"/casework/p/{p.pk}/contacts/draft/",
        {"idempotency_key": "draft-1", "kind": "shelter", "note": SENTINEL},
    )
    assert saved.status_code in {200, 204}
    draft = ContactDraft.objects.get()
    assert SENTINEL not in _raw("casework_contactdraft", "data", draft.pk)
    assert draft.data["note"] == SENTINEL
    page = client.get(f"/casework/p/{p.pk}/contacts/new/")
    assert SENTINEL in page.content.decode()


@pytest.mark.django_db
def test_the_audit_of_a_consent_does_not_copy_the_encrypted_description(world):
    response = world.api(Role.CM).post(
        f"/api/v1/disclosures/participants/{world.participant().pk}/consents",
        data=json.dumps(factories.consent_values(information=SENTINEL)),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    event = AuditEvent.objects.get(action="consent.create")
    assert SENTINEL not in json.dumps(event.after) and event.after["information_given"] is True
    consent = Consent.objects.get()
    assert SENTINEL not in _raw("disclosures_consent", "information", consent.pk)
    assert consent.information == SENTINEL


def _migration(app: str, name: str):
    return importlib.import_module(f"goldenthread.{app}.migrations.{name}")


@pytest.mark.django_db
def test_the_migrations_encrypt_what_was_stored_in_plaintext_and_reverse(world, settings):
    p = world.participant()
    contact = _log_contact(world, p)
    consent = factories.consent(world, world.alpha)
    (settings.MEDIA_ROOT / "consents").mkdir(parents=True)
    (settings.MEDIA_ROOT / "consents" / "old.pdf").write_bytes(PDF)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE casework_contact SET note = %s", [SENTINEL])
        cursor.execute("UPDATE disclosures_consent SET scan = %s", ["consents/old.pdf"])
    casework = _migration("casework", "0003_encrypt_existing_values")
    disclosures = _migration("disclosures", "0003_encrypt_existing_values")

    casework.Migration.operations[0].code(django_apps, None)
    disclosures.Migration.operations[1].code(django_apps, None)
    assert SENTINEL not in _raw("casework_contact", "note", contact.pk)
    assert Contact.objects.get().note == SENTINEL
    assert (settings.MEDIA_ROOT / "consents" / "old.pdf").read_bytes().startswith(crypto.FILE_MAGIC)
    download = world.client(Role.CM).get(f"/disclosures/consents/{consent.pk}/scan/")
    assert b"".join(download.streaming_content) == PDF

    casework.Migration.operations[0].reverse_code(django_apps, None)
    assert _raw("casework_contact", "note", contact.pk) == SENTINEL


@pytest.mark.django_db
def test_the_migration_hashes_and_encrypts_stored_legal_event_keys(world, tmp_path):
    make_source(world)
    person(world, "Dana", "Rivera", date(1980, 5, 17))
    _import(write_csv(tmp_path / "f.csv", [row("BK-77")]))
    event = LegalSystemEvent.objects.get()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE evaluation_legalsystemevent SET external_key = %s, external_key_hash = ''",
            ["BK-77"],
        )
    _migration("evaluation", "0004_encrypt_existing_legal_event_keys").forward(django_apps, None)
    assert "BK-77" not in _raw("evaluation_legalsystemevent", "external_key", event.pk)
    assert LegalSystemEvent.objects.get(external_key_hash=crypto.identifier_hash("BK-77")) == event
