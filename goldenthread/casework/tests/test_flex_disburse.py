"""Disbursement and the receipt: real PDFs and images of a sane size only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from goldenthread.audit.models import AccessEvent
from goldenthread.casework.models import CaseworkSettings, FlexFundRequest
from goldenthread.casework.tests.factories import PDF, flex_request
from goldenthread.core.roles import Role


def _disburse(world, request, receipt=None, role=Role.CM):
    data = {"disbursed_on": ""}
    if receipt is not None:
        data["receipt"] = receipt
    return world.client(role).post(f"/casework/flex/{request.pk}/disburse/", data)


@pytest.mark.django_db
def test_it_records_the_payment_and_keeps_the_receipt(world):
    request = flex_request(world.alpha, world, status="approved")
    response = _disburse(world, request, SimpleUploadedFile("r.pdf", PDF, "application/pdf"))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "disbursed" and request.disbursed_on and request.receipt
    download = world.client(Role.SUPERVISOR).get(f"/casework/flex/{request.pk}/receipt/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert AccessEvent.objects.filter(role="supervisor", subject_id=str(request.participant_id))


@pytest.mark.django_db
def test_it_takes_the_receipt_later_through_the_api(world):
    request = flex_request(world.alpha, world, status="approved")
    api = world.api(Role.CM)
    url = f"/api/v1/casework/flex/requests/{request.pk}/disburse"
    assert api.post(url).json()["status"] == "disbursed"
    response = api.post(url, {"receipt": SimpleUploadedFile("r.png", b"\x89PNG\r\n\x1a\nxx")})
    assert response.status_code == 200 and response.json()["has_receipt"]


@pytest.mark.django_db
def test_it_refuses_a_file_that_is_not_a_receipt(world):
    request = flex_request(world.alpha, world, status="approved")
    response = _disburse(world, request, SimpleUploadedFile("r.pdf", b"MZ\x90\x00evil"))
    assert response.status_code == 422 and b"do not match its type" in response.content
    request.refresh_from_db()
    assert request.status == "approved" and not request.receipt


@pytest.mark.django_db
def test_it_refuses_a_receipt_too_large(world):
    CaseworkSettings.objects.create(site=world.alpha.site, receipt_max_mb=1)
    request = flex_request(world.alpha, world, status="approved")
    big = SimpleUploadedFile("r.pdf", PDF + b"0" * (1024 * 1024))
    assert _disburse(world, request, big).status_code == 422
    assert FlexFundRequest.objects.get(pk=request.pk).status == "approved"


@pytest.mark.django_db
def test_it_disburses_only_what_was_approved(world):
    request = flex_request(world.alpha, world)
    assert _disburse(world, request).status_code == 422
    assert FlexFundRequest.objects.get(pk=request.pk).status == "pending"
