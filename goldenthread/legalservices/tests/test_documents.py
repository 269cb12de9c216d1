"""Matter documents: files, not text only. The type is told by the bytes (PDF, PNG, JPEG,
plain text), the size by the site's setting; a refused file leaves no row and no stored file.
Downloads are scoped (privileged: legal services only), access-logged, and always attachments
with nosniff."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from goldenthread.audit.models import AccessEvent, AuditEvent
from goldenthread.core.roles import Role
from goldenthread.legalservices.actions import settings_update
from goldenthread.legalservices.models import MatterDocument
from goldenthread.legalservices.tests.matrix import document, referred_matter

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
TEXT = "Notice to vacate, served 3 March. Señora Ruiz signed.\n".encode()
API = "/api/v1/legalservices"


def _stored_files():
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _upload_api(world, matter, name, data, **extra):
    return world.api(Role.LEGAL_SERVICES).post(
        f"{API}/matters/{matter.pk}/documents",
        {"file": SimpleUploadedFile(name, data, "application/octet-stream"), **extra},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("notice.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("scan.jpg", JPEG, "image/jpeg"),
        ("notes.txt", TEXT, "text/plain"),
        ("no-extension", PDF, "application/pdf"),  # the bytes decide, not the name
    ],
)
def test_it_accepts_each_allowed_type_by_its_bytes(world, name, data, content_type):
    matter = referred_matter(world, world.alpha)
    response = _upload_api(world, matter, name, data, title="Served notice")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["content_type"] == content_type and body["size"] == len(data)
    assert body["privileged"] is True and body["title"] == "Served notice"
    stored = MatterDocument.objects.get()
    assert stored.file.read() == data
    audit = AuditEvent.objects.get(action="document.upload")
    assert audit.after["sha256"] == stored.sha256 and "Served" not in str(audit.after)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("evil.pdf", b"MZ\x90\x00 not a pdf", "PDF, PNG, JPEG or plain-text"),
        ("page.txt", b"<html>\x00\x01binary</html>", "PDF, PNG, JPEG or plain-text"),
        ("latin1.txt", "caf\xe9".encode("latin-1"), "PDF, PNG, JPEG or plain-text"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_it_refuses_a_bad_file_naming_the_field_and_saving_nothing(world, name, data, message):
    matter = referred_matter(world, world.alpha)
    response = _upload_api(world, matter, name, data)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "file" and message in error["message"]
    assert not MatterDocument.objects.exists() and _stored_files() == []
    assert not AuditEvent.objects.filter(action="document.upload").exists()


@pytest.mark.django_db
def test_it_refuses_a_file_over_the_sites_size_limit(world):
    matter = referred_matter(world, world.alpha)
    settings_update(actor=world.actor(Role.LEGAL_SERVICES), changes={"document_max_mb": 1})
    big = PDF + b"0" * (1024 * 1024)
    response = _upload_api(world, matter, "big.pdf", big)
    assert response.status_code == 422
    assert "at most 1 MB" in response.json()["errors"][0]["message"]
    assert not MatterDocument.objects.exists() and _stored_files() == []
    just_fits = PDF + b"0" * (1024 * 1024 - len(PDF))
    assert _upload_api(world, matter, "fits.pdf", just_fits).status_code == 201


@pytest.mark.django_db
def test_it_refuses_an_upload_without_a_file(world):
    matter = referred_matter(world, world.alpha)
    response = world.api(Role.LEGAL_SERVICES).post(f"{API}/matters/{matter.pk}/documents")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "file"


@pytest.mark.django_db
def test_it_uploads_through_the_matter_page_and_shows_errors_there(world):
    matter = referred_matter(world, world.alpha)
    client = world.client(Role.LEGAL_SERVICES)
    url = f"/legalservices/matters/{matter.pk}/documents/"
    bad = client.post(
        url,
        {"file": SimpleUploadedFile("x.pdf", b"GIF89a\x01\x00\x01\x00\x80\x00"), "title": "Bad"},
    )
    assert bad.status_code == 422 and b"PDF, PNG, JPEG or plain-text" in bad.content
    assert not MatterDocument.objects.exists() and _stored_files() == []
    good = client.post(
        url, {"file": SimpleUploadedFile("order.pdf", PDF), "title": "Order", "privileged": "on"}
    )
    assert good.status_code == 302
    page = client.get(f"/legalservices/matters/{matter.pk}/").content.decode()
    assert "Order" in page and "order.pdf" in page and "privileged" in page


def _download(client, doc, api=False):
    path = f"{API}/documents/{doc.pk}" if api else f"/legalservices/documents/{doc.pk}/"
    return client.get(path)


@pytest.mark.django_db
@pytest.mark.parametrize("api", [False, True])
def test_it_serves_a_download_as_an_attachment_with_nosniff_and_logs_it(world, api):
    doc = document(world, world.alpha)
    client = world.api(Role.LEGAL_SERVICES) if api else world.client(Role.LEGAL_SERVICES)
    logged = AccessEvent.objects.filter(purpose__startswith="legal services document")
    assert not logged.exists()
    response = _download(client, doc, api)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="order.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    (event,) = logged
    assert f"document {doc.pk}" in event.purpose and event.categories == ["legal_services"]


@pytest.mark.django_db
def test_it_keeps_privileged_documents_from_everyone_outside_legal_services(world):
    privileged = document(world, world.alpha)
    shared = document(world, world.alpha, privileged=False)
    for role in (Role.CM, Role.PM, Role.ADVOCATE, Role.PROSECUTOR, Role.OFFICER):
        for api in (False, True):
            client = world.api(role) if api else world.client(role)
            assert _download(client, privileged, api).status_code == 404, role
    # The referring CM and the PM may fetch a document marked not privileged; the
    # prosecutor and police never.
    for role, code in ((Role.CM, 200), (Role.PM, 200), (Role.PROSECUTOR, 404)):
        assert _download(world.client(role), shared, False).status_code == code, role
    # Another site's legal services: 404.
    assert _download(world.client(Role.LEGAL_SERVICES, world.beta), shared).status_code == 404


@pytest.mark.django_db
def test_the_status_lists_only_shared_documents(world):
    privileged = document(world, world.alpha)
    shared = document(world, world.alpha, privileged=False)
    page = world.client(Role.CM).get(f"/legalservices/matters/{shared.matter_id}/status/")
    assert f"/legalservices/documents/{shared.pk}/" in page.content.decode()
    status = world.api(Role.CM).get(f"{API}/matters/{shared.matter_id}/status").json()
    assert [d["id"] for d in status["documents"]] == [shared.pk]
    other = world.api(Role.CM).get(f"{API}/matters/{privileged.matter_id}/status").json()
    assert other["documents"] == []
    file = world.api(Role.LEGAL_SERVICES).get(f"{API}/matters/{privileged.matter_id}").json()
    assert [d["id"] for d in file["documents"]] == [privileged.pk]
