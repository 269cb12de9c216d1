"""The scan of the signed consent form: uploaded through the form and the API (multipart),
checked by its contents and size, stored under our own name, handed out only as an
attachment with nosniff, to those who may see the consent, and every opening logged."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from goldenthread.audit.models import AccessEvent, AuditEvent
from goldenthread.core.roles import Role
from goldenthread.disclosures.models import Consent
from goldenthread.disclosures.tests import factories
from goldenthread.disclosures.tests.factories import JPEG, PDF, PNG


def _upload(world, consent_id: int, scan: SimpleUploadedFile, role: Role = Role.CM):
    return world.api(role).post(f"/api/v1/disclosures/consents/{consent_id}/scan", {"scan": scan})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "claimed", "kind"),
    [
        ("form.pdf", PDF, "application/pdf", "pdf"),
        # Judged by the bytes: a PNG named .pdf and claimed as a PDF is kept as a PNG.
        ("form.pdf", PNG, "application/pdf", "png"),
        ("photo.txt", JPEG, "text/plain", "jpg"),
    ],
)
def test_it_files_a_scan_through_the_api_by_its_contents(world, name, content, claimed, kind):
    consent = factories.consent(world, world.alpha)
    response = _upload(world, consent.pk, SimpleUploadedFile(name, content, content_type=claimed))
    assert response.status_code == 200, response.content
    assert response.json()["has_scan"] is True
    consent.refresh_from_db()
    assert consent.scan.name.endswith(f".{kind}") and name not in consent.scan.name
    event = AuditEvent.objects.get(action="consent.scan_attach")
    assert event.after["type"] == kind and len(event.after["sha256"]) == 64


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "claimed"),
    [
        ("form.pdf", b"<html><script>alert(1)</script></html>", "application/pdf"),
        ("form.png", b"GIF89a" + b"\x00" * 20, "image/png"),
        ("form.pdf", b"", "application/pdf"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_scan_and_saves_nothing(world, name, content, claimed):
    consent = factories.consent(world, world.alpha)
    response = _upload(world, consent.pk, SimpleUploadedFile(name, content, content_type=claimed))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "scan"
    consent.refresh_from_db()
    assert not consent.scan
    assert not AuditEvent.objects.filter(action="consent.scan_attach").exists()


@pytest.mark.django_db
def test_it_refuses_a_scan_over_the_configured_size(world, settings):
    settings.CONSENT_SCAN_MAX_MB = 1
    consent = factories.consent(world, world.alpha)
    big = SimpleUploadedFile("form.pdf", PDF + b"0" * (1024 * 1024), content_type="application/pdf")
    response = _upload(world, consent.pk, big)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "scan"
    assert "at most 1 MB" in response.json()["detail"]
    consent.refresh_from_db()
    assert not consent.scan
    small = SimpleUploadedFile("form.pdf", PDF, content_type="application/pdf")
    assert _upload(world, consent.pk, small).status_code == 200


@pytest.mark.django_db
def test_it_refuses_a_bad_scan_on_the_form_naming_the_field_and_records_no_consent(world):
    p = world.participant()
    bad = SimpleUploadedFile("roi.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = world.client(Role.CM).post(
        f"/disclosures/participants/{p.pk}/consents/new/", factories.consent_form_data(scan=bad)
    )
    assert response.status_code == 422
    assert response.context["form"].errors["scan"]
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(action="consent.create").exists()


@pytest.mark.django_db
def test_it_files_and_replaces_a_scan_on_the_consent_page(world):
    consent = factories.consent(world, world.alpha)
    client = world.client(Role.CM)
    url = f"/disclosures/consents/{consent.pk}/scan/upload/"
    bad = SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg")
    response = client.post(url, {"scan": bad})
    assert response.status_code == 422 and b"PDF, PNG or JPEG" in response.content
    ok = SimpleUploadedFile("x.jpg", JPEG, content_type="image/jpeg")
    assert client.post(url, {"scan": ok}).status_code == 302
    consent.refresh_from_db()
    first = consent.scan.name
    again = SimpleUploadedFile("y.pdf", PDF, content_type="application/pdf")
    assert client.post(url, {"scan": again}).status_code == 302
    consent.refresh_from_db()
    assert consent.scan.name != first and consent.scan.name.endswith(".pdf")
    replaced = AuditEvent.objects.filter(action="consent.scan_attach").order_by("seq").last()
    assert replaced is not None and replaced.before == {"scan": first}


@pytest.mark.django_db
def test_it_hands_the_scan_out_as_an_attachment_logged_and_scoped(world):
    consent = factories.with_scan(factories.consent(world, world.alpha), PNG, "png")
    for client, url in (
        (world.client(Role.ADVOCATE), f"/disclosures/consents/{consent.pk}/scan/"),
        (world.api(Role.SUPERVISOR), f"/api/v1/disclosures/consents/{consent.pk}/scan"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith("attachment;")
        assert f"consent-{consent.pk}-signed-form.png" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PNG
    opened = AccessEvent.objects.filter(
        subject_type="participant",
        subject_id=str(consent.participant_id),
        purpose=f"opened the scan of consent {consent.pk}",
    )
    assert sorted(opened.values_list("role", flat=True)) == ["advocate", "supervisor"]
    for role in (Role.PROSECUTOR, Role.DEFENDER, Role.OFFICER, Role.PM):
        assert (
            world.client(role).get(f"/disclosures/consents/{consent.pk}/scan/").status_code == 404
        )
    beta = world.client(Role.CM, world.beta)
    assert beta.get(f"/disclosures/consents/{consent.pk}/scan/").status_code == 404


@pytest.mark.django_db
def test_it_answers_404_for_a_consent_without_a_scan(world):
    consent = factories.consent(world, world.alpha)
    response = world.client(Role.CM).get(f"/disclosures/consents/{consent.pk}/scan/")
    assert response.status_code == 404
    assert not AccessEvent.objects.filter(purpose__startswith="opened the scan").exists()


@pytest.mark.django_db
def test_it_refuses_a_scan_for_a_recorded_refusal(world):
    p = world.participant()
    refusal = world.api(Role.CM).post(
        f"/api/v1/disclosures/participants/{p.pk}/consent-refusals",
        data='{"note": "Declined"}',
        content_type="application/json",
    )
    consent_id = refusal.json()["id"]
    scan = SimpleUploadedFile("form.pdf", PDF, content_type="application/pdf")
    response = _upload(world, consent_id, scan)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "scan"
