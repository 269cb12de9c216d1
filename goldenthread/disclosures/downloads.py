"""Files this area hands out: the accounting PDF and consent scans, always as attachments
with nosniff, so a browser never renders or guesses them."""

from __future__ import annotations

from django.http import FileResponse, HttpResponse

from goldenthread.disclosures import rules
from goldenthread.disclosures.models import Consent


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def scan_response(consent: Consent, kind: str) -> FileResponse:
    """The scan of a signed consent, always as a download (never shown inline), with the type
    its contents showed and nosniff."""
    response = FileResponse(
        consent.scan.open("rb"),
        as_attachment=True,
        filename=f"consent-{consent.pk}-signed-form.{kind}",
        content_type=rules.SCAN_CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
