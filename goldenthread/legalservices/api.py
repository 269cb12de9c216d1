"""LEAD Legal Services API: the same actions and queries as the pages."""

from __future__ import annotations

from datetime import date

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router
from ninja.files import UploadedFile

from goldenthread.apidoc import file_response
from goldenthread.legalservices import actions, queries, rules
from goldenthread.legalservices.models import Matter, MatterDeadline, MatterDocument
from goldenthread.legalservices.schemas import (
    AcceptIn,
    DeadlineIn,
    DeadlineOut,
    DeadlineRowOut,
    DocketRowOut,
    DocumentOut,
    EntryIn,
    HitOut,
    LegalServicesCaseloadOut,
    LegalServicesEntryOut,
    LegalServicesReasonIn,
    LegalServicesReferralIn,
    LegalServicesReportOut,
    LegalServicesSettingsOut,
    LegalServicesSettingsPatch,
    MatterFileOut,
    MatterPatch,
    MatterStatusOut,
    OutcomeIn,
    OutcomeOut,
    PartyIn,
    PartyOut,
    ReferOutIn,
)

router = Router(tags=["legalservices"])


def _name(user) -> str | None:  # type: ignore[no-untyped-def]
    return user.get_username() if user is not None else None


def _deadline(d: MatterDeadline) -> DeadlineOut:
    return DeadlineOut(
        id=d.pk, due_on=d.due_on, label=d.label, remind_days=d.remind_days, met_on=d.met_on
    )


def document_out(d: MatterDocument) -> DocumentOut:
    return DocumentOut(
        id=d.pk,
        title=d.title,
        filename=d.filename,
        content_type=d.content_type,
        size=d.size,
        privileged=d.privileged,
        uploaded_at=d.created_at,
        uploaded_by=d.uploaded_by.get_username(),
        download_url=f"/api/v1/legalservices/documents/{d.pk}",
    )


def _status_fields(m: Matter) -> dict:
    return {
        "id": m.pk,
        "participant_id": m.participant_id,
        "participant": str(m.participant.person),
        "matter_type": m.matter_type,
        "matter_type_label": m.get_matter_type_display(),
        "urgency": m.urgency,
        "status": m.status,
        "status_label": m.get_status_display(),
        "referred_on": m.referred_on,
        "referred_by": m.referred_by.get_username(),
        "attorney": _name(m.attorney),
        "decided_on": m.decided_on,
        "decline_reason": m.decline_reason,
        "referred_to": m.referred_to,
        "closed_on": m.closed_on,
        "deadlines": [_deadline(d) for d in m.deadlines.all()],
        "outcomes": [
            OutcomeOut(
                id=o.pk,
                kind=o.kind,
                kind_label=o.get_kind_display(),
                amount=o.amount,
                achieved_on=o.achieved_on,
            )
            for o in m.outcomes.all()
        ],
        "documents": [document_out(d) for d in getattr(m, "shared_documents", [])],
    }


def status_out(m: Matter) -> MatterStatusOut:
    return MatterStatusOut(**_status_fields(m))


def file_out(m: Matter) -> MatterFileOut:
    return MatterFileOut(
        **{**_status_fields(m), "documents": [document_out(d) for d in m.documents.all()]},
        description=m.description,
        court=m.court,
        case_number=m.case_number,
        conflict_state=m.conflict_state,
        conflict_cleared_reason=m.conflict_cleared_reason,
        parties=[PartyOut(id=p.pk, name=p.name, relation=p.relation) for p in m.parties.all()],
        conflict_hits=[
            HitOut(searched=h.searched, source=h.source, matched=h.matched, score=h.score)
            for h in m.conflict_hits.all()
        ],
        entries=[
            LegalServicesEntryOut(
                id=e.pk,
                kind=e.kind,
                occurred_on=e.occurred_on,
                text=e.text,
                author=e.author.get_username(),
            )
            for e in m.entries.all()
        ],
    )


def _file(request: HttpRequest, matter_id: int) -> MatterFileOut:
    return file_out(queries.matter_file_for(request.auth, matter_id))  # type: ignore[attr-defined]


@router.post("/participants/{participant_id}/matters", response={201: MatterStatusOut})
def referral_create(request: HttpRequest, participant_id: int, payload: LegalServicesReferralIn):  # type: ignore[no-untyped-def]
    actor = request.auth  # type: ignore[attr-defined]
    matter = actions.matter_refer(actor=actor, participant_id=participant_id, **payload.dict())
    return 201, status_out(queries.matter_status_for(actor, matter.pk))


@router.get("/referrals", response=list[MatterStatusOut])
def referral_list(request: HttpRequest) -> list[MatterStatusOut]:
    return [status_out(m) for m in queries.matters_status_for(request.auth)]  # type: ignore[attr-defined]


@router.get("/matters/{matter_id}/status", response=MatterStatusOut)
def matter_status(request: HttpRequest, matter_id: int) -> MatterStatusOut:
    return status_out(queries.matter_status_for(request.auth, matter_id))  # type: ignore[attr-defined]


@router.get("/participants/{participant_id}/matters", response=list[MatterStatusOut])
def participant_matters(request: HttpRequest, participant_id: int) -> list[MatterStatusOut]:
    _, matters = queries.participant_matters_for(request.auth, participant_id)  # type: ignore[attr-defined]
    return [status_out(m) for m in matters]


@router.get("/matters", response=list[DocketRowOut])
def docket(request: HttpRequest, attorney_id: int | None = None) -> list[DocketRowOut]:
    rows = queries.docket_for(request.auth, attorney_id=attorney_id)  # type: ignore[attr-defined]
    return [
        DocketRowOut(
            id=m.pk,
            participant=str(m.participant.person),
            matter_type=m.matter_type,
            urgency=m.urgency,
            status=m.status,
            conflict_state=m.conflict_state,
            attorney=_name(m.attorney),
            referred_on=m.referred_on,
            next_due=m.next_due,  # type: ignore[attr-defined]
        )
        for m in rows
    ]


@router.get("/matters/{matter_id}", response=MatterFileOut)
def matter_file(request: HttpRequest, matter_id: int) -> MatterFileOut:
    return _file(request, matter_id)


@router.patch("/matters/{matter_id}", response=MatterFileOut)
def matter_update(request: HttpRequest, matter_id: int, payload: MatterPatch) -> MatterFileOut:
    actions.matter_update(actor=request.auth, matter_id=matter_id, **payload.dict())  # type: ignore[attr-defined]
    return _file(request, matter_id)


@router.post("/matters/{matter_id}/parties", response={201: PartyOut})
def party_add(request: HttpRequest, matter_id: int, payload: PartyIn):  # type: ignore[no-untyped-def]
    party = actions.party_add(actor=request.auth, matter_id=matter_id, **payload.dict())  # type: ignore[attr-defined]
    return 201, PartyOut(id=party.pk, name=party.name, relation=party.relation)


@router.post("/matters/{matter_id}/conflict-check", response=MatterFileOut)
def conflict_check(request: HttpRequest, matter_id: int) -> MatterFileOut:
    actions.matter_conflict_check(actor=request.auth, matter_id=matter_id)  # type: ignore[attr-defined]
    return _file(request, matter_id)


@router.post("/matters/{matter_id}/conflict-clear", response=MatterFileOut)
def conflict_clear(
    request: HttpRequest, matter_id: int, payload: LegalServicesReasonIn
) -> MatterFileOut:
    actions.matter_conflict_clear(actor=request.auth, matter_id=matter_id, reason=payload.reason)  # type: ignore[attr-defined]
    return _file(request, matter_id)


@router.post("/matters/{matter_id}/accept", response=MatterFileOut)
def accept(request: HttpRequest, matter_id: int, payload: AcceptIn) -> MatterFileOut:
    actions.matter_accept(
        actor=request.auth,  # type: ignore[attr-defined]
        matter_id=matter_id,
        attorney=payload.attorney,
    )
    return _file(request, matter_id)


@router.post("/matters/{matter_id}/decline", response=MatterFileOut)
def decline(request: HttpRequest, matter_id: int, payload: LegalServicesReasonIn) -> MatterFileOut:
    actions.matter_decline(actor=request.auth, matter_id=matter_id, reason=payload.reason)  # type: ignore[attr-defined]
    return _file(request, matter_id)


@router.post("/matters/{matter_id}/refer-elsewhere", response=MatterFileOut)
def refer_elsewhere(request: HttpRequest, matter_id: int, payload: ReferOutIn) -> MatterFileOut:
    actions.matter_refer_out(
        actor=request.auth,  # type: ignore[attr-defined]
        matter_id=matter_id,
        referred_to=payload.referred_to,
    )
    return _file(request, matter_id)


@router.post("/matters/{matter_id}/deadlines", response={201: DeadlineOut})
def deadline_add(request: HttpRequest, matter_id: int, payload: DeadlineIn):  # type: ignore[no-untyped-def]
    deadline = actions.deadline_add(actor=request.auth, matter_id=matter_id, **payload.dict())  # type: ignore[attr-defined]
    return 201, _deadline(deadline)


@router.post("/deadlines/{deadline_id}/met", response=DeadlineOut)
def deadline_meet(request: HttpRequest, deadline_id: int) -> DeadlineOut:
    return _deadline(actions.deadline_meet(actor=request.auth, deadline_id=deadline_id))  # type: ignore[attr-defined]


@router.post("/matters/{matter_id}/entries", response={201: LegalServicesEntryOut})
def entry_add(request: HttpRequest, matter_id: int, payload: EntryIn):  # type: ignore[no-untyped-def]
    entry = actions.entry_add(actor=request.auth, matter_id=matter_id, **payload.dict())  # type: ignore[attr-defined]
    return 201, LegalServicesEntryOut(
        id=entry.pk,
        kind=entry.kind,
        occurred_on=entry.occurred_on,
        text=entry.text,
        author=entry.author.get_username(),
    )


@router.post("/matters/{matter_id}/outcomes", response={201: OutcomeOut})
def outcome_record(request: HttpRequest, matter_id: int, payload: OutcomeIn):  # type: ignore[no-untyped-def]
    o = actions.outcome_record(actor=request.auth, matter_id=matter_id, **payload.dict())  # type: ignore[attr-defined]
    return 201, OutcomeOut(
        id=o.pk,
        kind=o.kind,
        kind_label=o.get_kind_display(),
        amount=o.amount,
        achieved_on=o.achieved_on,
    )


@router.post("/matters/{matter_id}/close", response=MatterFileOut)
def close(request: HttpRequest, matter_id: int) -> MatterFileOut:
    actions.matter_close(actor=request.auth, matter_id=matter_id)  # type: ignore[attr-defined]
    return _file(request, matter_id)


@router.get("/caseloads", response=list[LegalServicesCaseloadOut])
def caseloads(request: HttpRequest) -> list[LegalServicesCaseloadOut]:
    return [LegalServicesCaseloadOut(**c.__dict__) for c in queries.caseloads_for(request.auth)]  # type: ignore[attr-defined]


@router.get("/deadlines", response=list[DeadlineRowOut])
def deadlines(request: HttpRequest, reminders_only: bool = False) -> list[DeadlineRowOut]:
    actor = request.auth  # type: ignore[attr-defined]
    today = queries.today_at(actor)
    return [
        DeadlineRowOut(
            id=d.pk,
            due_on=d.due_on,
            label=d.label,
            remind_days=d.remind_days,
            met_on=d.met_on,
            matter_id=d.matter_id,
            participant=str(d.matter.participant.person),
            attorney=_name(d.matter.attorney),
            reminder_due=d.reminder_due,  # type: ignore[attr-defined]
            overdue=rules.is_overdue(d.due_on, today),
        )
        for d in queries.deadlines_for(actor, reminders_only=reminders_only)
    ]


@router.get("/report", response=LegalServicesReportOut)
def report(
    request: HttpRequest, since: date | None = None, until: date | None = None
) -> LegalServicesReportOut:
    r = queries.report_for(request.auth, since=since, until=until)  # type: ignore[attr-defined]
    return LegalServicesReportOut(
        total=r.total,
        resolved=r.resolved,
        by_type=r.by_type,
        by_status=r.by_status,
        outcome_counts=r.outcome_counts,
        outcome_totals=r.outcome_totals,
        median_days_to_resolution=r.median_days,
        median_days_by_type=r.median_days_by_type,
    )


@router.post("/matters/{matter_id}/documents", response={201: DocumentOut})
def document_upload(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    matter_id: int,
    file: UploadedFile | None = File(None),  # noqa: B008
    title: str = Form(""),
    privileged: bool = Form(True),
):
    document = actions.document_upload(
        actor=request.auth,  # type: ignore[attr-defined]
        matter_id=matter_id,
        upload=file,
        title=title,
        privileged=privileged,
    )
    return 201, document_out(document)


@router.get(
    "/documents/{document_id}",
    openapi_extra=file_response(*rules.DOCUMENT_SIGNATURES, rules.TEXT),
)
def document_download(request: HttpRequest, document_id: int) -> FileResponse:
    document = queries.document_for(request.auth, document_id, path=request.path)  # type: ignore[attr-defined]
    return attachment(document)


def attachment(document: MatterDocument) -> FileResponse:
    """The file as a download, never rendered in the browser: its sniffed type, attachment,
    nosniff."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@router.get("/settings", response=LegalServicesSettingsOut)
def settings_get(request: HttpRequest) -> LegalServicesSettingsOut:
    conf = queries.settings_for(request.auth)  # type: ignore[attr-defined]
    return LegalServicesSettingsOut(
        document_max_mb=conf.document_max_mb,
        reminder_window_days=conf.reminder_window_days,
        remind_referrer=conf.remind_referrer,
    )


@router.patch("/settings", response=LegalServicesSettingsOut)
def settings_update(
    request: HttpRequest, payload: LegalServicesSettingsPatch
) -> LegalServicesSettingsOut:
    changes = payload.dict(exclude_none=True)
    actions.settings_update(actor=request.auth, changes=changes)  # type: ignore[attr-defined]
    return settings_get(request)
