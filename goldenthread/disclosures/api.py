"""Consents and disclosures over the API: the same actions and queries as the pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Router
from ninja.files import UploadedFile

from goldenthread.apidoc import file_response
from goldenthread.disclosures import actions, queries, rules
from goldenthread.disclosures.downloads import pdf_response, scan_response
from goldenthread.disclosures.models import Consent, Disclosure
from goldenthread.disclosures.schemas import (
    AccountingOut,
    AccountingRowOut,
    ConsentIn,
    ConsentOut,
    DisclosureIn,
    DisclosureOut,
    DisclosureSummaryOut,
    RecipientOut,
    RefusalIn,
    RevokeIn,
    ViewOut,
)

router = Router(tags=["disclosures"])


def consent_out(c: Consent, today) -> ConsentOut:  # type: ignore[no-untyped-def]
    return ConsentOut(
        id=c.pk,
        participant_id=c.participant_id,
        status=queries.consent_status(c, today),
        discloser=c.discloser,
        information=c.information,
        categories=list(c.categories),
        purposes=list(c.purposes),
        purpose_text=c.purpose_text,
        revocation_method=c.revocation_method,
        expires_on=c.expires_on,
        expiry_event=c.expiry_event,
        signed_by=c.signed_by,
        signed_by_representative=c.signed_by_representative,
        representative_authority=c.representative_authority,
        signed_on=c.signed_on,
        criminal_justice=c.criminal_justice,
        irrevocable_until=c.irrevocable_until,
        revoked_on=c.revoked_on,
        refusal_note=c.refusal_note,
        has_scan=bool(c.scan),
        recipients=[
            RecipientOut(
                audience=r.audience, agency=r.agency.name if r.agency else None, name=r.name
            )
            for r in c.recipients.all()
        ],
    )


def disclosure_out(d: Disclosure) -> DisclosureOut:
    return DisclosureOut(
        id=d.pk,
        participant_id=d.participant_id,
        participant=str(d.participant.person),
        audience=d.audience,
        recipient_agency=d.recipient_agency.name if d.recipient_agency else None,
        purpose=d.purpose,
        categories=list(d.categories),
        engagement_confirmed=d.engagement_confirmed,
        progress=d.progress,
        plan=d.plan,
        barriers=d.barriers,
        nothing_to_share=d.nothing_to_share,
        shared_by=d.shared_by.get_username(),
        shared_at=d.shared_at,
        provenance=d.provenance,
    )


def summary_out(d: Disclosure) -> DisclosureSummaryOut:
    return DisclosureSummaryOut(
        id=d.pk,
        participant_id=d.participant_id,
        participant=str(d.participant.person),
        audience=d.audience,
        recipient_agency=d.recipient_agency.name if d.recipient_agency else None,
        categories=list(d.categories),
        shared_at=d.shared_at,
        provenance=d.provenance,
    )


@router.get("/participants/{participant_id}/consents", response=list[ConsentOut])
def consent_list(request: HttpRequest, participant_id: int) -> list[ConsentOut]:
    actor = request.auth  # type: ignore[attr-defined]
    _, consents = queries.consents_for(actor, participant_id)
    today = queries.today_for(actor)
    return [consent_out(c, today) for c in consents]


@router.post("/participants/{participant_id}/consents", response={201: ConsentOut})
def consent_create(request: HttpRequest, participant_id: int, payload: ConsentIn):  # type: ignore[no-untyped-def]
    actor = request.auth  # type: ignore[attr-defined]
    values = payload.dict(exclude={"recipients", "activate"})
    consent = actions.consent_create(
        actor=actor,
        participant_id=participant_id,
        values=values,
        recipients=[r.dict() for r in payload.recipients],
        activate=payload.activate,
    )
    return 201, consent_out(queries.consent_for(actor, consent.pk), queries.today_for(actor))


@router.post("/consents/{consent_id}/scan", response=ConsentOut)
def consent_scan_attach(
    request: HttpRequest,
    consent_id: int,
    scan: UploadedFile | None = File(None),  # noqa: B008
) -> ConsentOut:
    """File the scan of the signed form (multipart, field ``scan``): a PDF, PNG or JPEG by its
    contents, within the size limit; otherwise 422 naming ``scan`` and nothing is saved."""
    actor = request.auth  # type: ignore[attr-defined]
    actions.consent_scan_attach(actor=actor, consent_id=consent_id, scan=scan)
    return consent_out(queries.consent_for(actor, consent_id), queries.today_for(actor))


@router.get(
    "/consents/{consent_id}/scan", openapi_extra=file_response(*rules.SCAN_CONTENT_TYPES.values())
)
def consent_scan(request: HttpRequest, consent_id: int) -> Any:
    """The scan itself, as an attachment; every opening is access-logged."""
    actor = request.auth  # type: ignore[attr-defined]
    consent, kind = queries.consent_scan_for(actor, consent_id, path=request.path)
    return scan_response(consent, kind)


@router.get("/consents/{consent_id}", response=ConsentOut)
def consent_detail(request: HttpRequest, consent_id: int) -> ConsentOut:
    actor = request.auth  # type: ignore[attr-defined]
    return consent_out(queries.consent_for(actor, consent_id), queries.today_for(actor))


@router.post("/consents/{consent_id}/activate", response=ConsentOut)
def consent_activate(request: HttpRequest, consent_id: int) -> ConsentOut:
    actor = request.auth  # type: ignore[attr-defined]
    actions.consent_activate(actor=actor, consent_id=consent_id)
    return consent_out(queries.consent_for(actor, consent_id), queries.today_for(actor))


@router.post("/consents/{consent_id}/revoke", response=ConsentOut)
def consent_revoke(request: HttpRequest, consent_id: int, payload: RevokeIn) -> ConsentOut:
    actor = request.auth  # type: ignore[attr-defined]
    actions.consent_revoke(actor=actor, consent_id=consent_id, note=payload.note)
    return consent_out(queries.consent_for(actor, consent_id), queries.today_for(actor))


@router.post("/participants/{participant_id}/consent-refusals", response={201: ConsentOut})
def consent_refusal(request: HttpRequest, participant_id: int, payload: RefusalIn):  # type: ignore[no-untyped-def]
    actor = request.auth  # type: ignore[attr-defined]
    consent = actions.consent_refusal_record(
        actor=actor, participant_id=participant_id, note=payload.note
    )
    return 201, consent_out(queries.consent_for(actor, consent.pk), queries.today_for(actor))


@router.post("/participants/{participant_id}/disclosures", response={201: DisclosureOut})
def disclosure_share(request: HttpRequest, participant_id: int, payload: DisclosureIn):  # type: ignore[no-untyped-def]
    actor = request.auth  # type: ignore[attr-defined]
    disclosure = actions.disclosure_share(
        actor=actor, participant_id=participant_id, **payload.dict()
    )
    return 201, disclosure_out(disclosure)


@router.get("/participants/{participant_id}/disclosures", response=list[DisclosureSummaryOut])
def disclosure_list(request: HttpRequest, participant_id: int) -> list[DisclosureSummaryOut]:
    actor = request.auth  # type: ignore[attr-defined]
    return [summary_out(d) for d in queries.disclosures_of(actor, participant_id)]


@router.get("/received", response=list[DisclosureSummaryOut])
def disclosures_received(request: HttpRequest) -> list[DisclosureSummaryOut]:
    rows = queries.disclosures_received(request.auth, path=request.path)  # type: ignore[attr-defined]
    return [summary_out(d) for d in rows]


@router.get("/disclosures/{disclosure_id}", response=DisclosureOut)
def disclosure_detail(request: HttpRequest, disclosure_id: int) -> DisclosureOut:
    actor = request.auth  # type: ignore[attr-defined]
    return disclosure_out(queries.disclosure_for(actor, disclosure_id, path=request.path))


@router.get(
    "/participants/{participant_id}/accounting.pdf", openapi_extra=file_response("application/pdf")
)
def accounting_pdf(request: HttpRequest, participant_id: int) -> Any:
    """The accounting of disclosures as a PDF, for the same roles as the JSON; logged."""
    from goldenthread.disclosures.pdf import accounting_pdf as render_pdf

    actor = request.auth  # type: ignore[attr-defined]
    participant, pdf = render_pdf(actor, participant_id, path=request.path)
    return pdf_response(pdf, f"accounting-of-disclosures-{participant.pk}.pdf")


@router.get("/participants/{participant_id}/accounting", response=AccountingOut)
def accounting(request: HttpRequest, participant_id: int) -> AccountingOut:
    actor = request.auth  # type: ignore[attr-defined]
    participant, rows = queries.accounting_for(actor, participant_id, path=request.path)
    return AccountingOut(
        participant_id=participant.pk,
        participant=str(participant.person),
        rows=[
            AccountingRowOut(
                disclosure_id=r.disclosure.pk,
                shared_at=r.disclosure.shared_at,
                shared_by=r.disclosure.shared_by.get_username(),
                recipient=r.recipient,
                purpose=r.disclosure.purpose,
                categories=list(r.disclosure.categories),
                consent_id=r.disclosure.consent_id,
                consent_status=r.consent_status,
                views=[ViewOut(at=v.at, who=v.actor_label, role=v.role) for v in r.views],
            )
            for r in rows
        ],
    )
