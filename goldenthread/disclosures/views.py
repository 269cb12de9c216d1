"""Pages for consents and disclosures: thin, over the same actions and queries as the API."""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goldenthread.access.actor import NotFound, Refused
from goldenthread.core import queries as core_queries
from goldenthread.disclosures import actions, queries, rules
from goldenthread.disclosures.downloads import pdf_response, scan_response
from goldenthread.disclosures.forms import ConsentForm, DisclosureForm, NoteForm, ScanForm
from goldenthread.web.decorators import actor_required

FIELD_ALIASES = {"recipient_agency_id": "recipient_agency", "recipients": "recipient_0_audience"}


def add_refusal(form: forms.Form, exc: Refused) -> None:
    """Put a domain refusal on the form, beside the field it names."""
    name = FIELD_ALIASES.get(exc.field or "", exc.field)
    form.add_error(name if name in form.fields else None, exc.message)


def _ctx(request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {"notice": rules.PART2_NOTICE, **extra}


@actor_required
def participants(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    if not (actor.can("disclosures.view_participant") or actor.can("disclosures.accounting")):
        raise NotFound()
    rows = list(core_queries.participants_for(actor)[:500])
    context = _ctx(
        request,
        participants=rows,
        can_view=actor.can("disclosures.view_participant"),
        can_account=actor.can("disclosures.accounting"),
    )
    return render(request, "disclosures/participants.html", context)


@actor_required
def participant(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    person, consents = queries.consents_for(actor, participant_id)
    today = queries.today_for(actor)
    for c in consents:
        c.effective = queries.consent_status(c, today)  # type: ignore[attr-defined]
    context = _ctx(
        request,
        participant=person,
        consents=consents,
        disclosures=queries.disclosures_of(actor, participant_id),
        refuse_form=NoteForm(),
        can_manage=actor.can("disclosures.consent.manage"),
        can_account=actor.can("disclosures.accounting"),
    )
    return render(request, "disclosures/participant.html", context)


@actor_required
def consent_create(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("disclosures.consent.manage")
    person, _ = queries.consents_for(actor, participant_id)
    form = ConsentForm(request.POST or None, request.FILES or None, site_id=actor.site_id)
    if request.method == "POST" and form.is_valid():
        try:
            consent = actions.consent_create(
                actor=actor,
                participant_id=participant_id,
                values=form.cleaned_data,
                recipients=form.recipients(),
                scan=form.cleaned_data.get("scan"),
                activate=form.cleaned_data["activate"],
            )
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "Consent recorded.")
            return redirect("disclosures:consent_detail", consent_id=consent.pk)
    status = 422 if request.method == "POST" else 200
    context = _ctx(request, participant=person, form=form)
    return render(request, "disclosures/consent_form.html", context, status=status)


@require_POST
@actor_required
def consent_refuse(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    form = NoteForm(request.POST)
    form.is_valid()
    actions.consent_refusal_record(
        actor=actor, participant_id=participant_id, note=form.cleaned_data.get("note", "")
    )
    messages.success(request, "Recorded: consent refused.")
    return redirect("disclosures:participant", participant_id=participant_id)


def _consent_page(  # type: ignore[no-untyped-def]
    request: HttpRequest, consent_id: int, *, status: int = 200, form=None, scan_form=None
):
    actor = request.actor  # type: ignore[attr-defined]
    consent = queries.consent_for(actor, consent_id, path=request.path)
    context = _ctx(
        request,
        consent=consent,
        effective=queries.consent_status(consent, queries.today_for(actor)),
        revoke_form=form or NoteForm(),
        scan_form=scan_form or ScanForm(),
        can_manage=actor.can("disclosures.consent.manage"),
    )
    return render(request, "disclosures/consent_detail.html", context, status=status)


@actor_required
def consent_detail(request: HttpRequest, consent_id: int) -> HttpResponse:
    return _consent_page(request, consent_id)


@require_POST
@actor_required
def consent_activate(request: HttpRequest, consent_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    try:
        actions.consent_activate(actor=actor, consent_id=consent_id)
    except Refused as exc:
        messages.error(request, exc.message)
        return _consent_page(request, consent_id, status=422)
    messages.success(request, "Consent active.")
    return redirect("disclosures:consent_detail", consent_id=consent_id)


@require_POST
@actor_required
def consent_revoke(request: HttpRequest, consent_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    form = NoteForm(request.POST)
    form.is_valid()
    try:
        actions.consent_revoke(
            actor=actor, consent_id=consent_id, note=form.cleaned_data.get("note", "")
        )
    except Refused as exc:
        add_refusal(form, exc)
        return _consent_page(request, consent_id, status=422, form=form)
    messages.success(request, "Consent revoked: recipients can no longer open what it covered.")
    return redirect("disclosures:consent_detail", consent_id=consent_id)


@actor_required
def disclosure_create(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("disclosures.share")
    person, _ = queries.consents_for(actor, participant_id)
    form = DisclosureForm(request.POST or None, site_id=actor.site_id)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = actions.disclosure_share(
                actor=actor, participant_id=participant_id, **form.action_kwargs()
            )
        except Refused as exc:
            add_refusal(form, exc)
        else:
            messages.success(request, "Disclosure shared.")
            return redirect("disclosures:participant", participant_id=disclosure.participant_id)
    status = 422 if request.method == "POST" else 200
    context = _ctx(request, participant=person, form=form)
    return render(request, "disclosures/disclosure_form.html", context, status=status)


@actor_required
def received(request: HttpRequest) -> HttpResponse:
    rows = queries.disclosures_received(request.actor, path=request.path)  # type: ignore[attr-defined]
    return render(request, "disclosures/received.html", _ctx(request, disclosures=rows))


@actor_required
def disclosure_detail(request: HttpRequest, disclosure_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    disclosure = queries.disclosure_for(actor, disclosure_id, path=request.path)
    return render(request, "disclosures/disclosure_detail.html", _ctx(request, d=disclosure))


@actor_required
def accounting(request: HttpRequest, participant_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    person, rows = queries.accounting_for(actor, participant_id, path=request.path)
    return render(
        request, "disclosures/accounting.html", _ctx(request, participant=person, rows=rows)
    )


@actor_required
def accounting_csv(request: HttpRequest, participant_id: int) -> HttpResponse:
    """The accounting as CSV for the participant, led by the §2.32 notice."""
    actor = request.actor  # type: ignore[attr-defined]
    person, rows = queries.accounting_for(
        actor,
        participant_id,
        purpose="accounting of disclosures (42 CFR 2.25), CSV",
        path=request.path,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="accounting-of-disclosures-{person.pk}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow([rules.PART2_NOTICE])
    writer.writerow(
        [
            "shared_at",
            "shared_by",
            "recipient",
            "purpose",
            "categories",
            "consent",
            "consent_status",
            "viewed_by",
        ]
    )
    for r in rows:
        d = r.disclosure
        views = "; ".join(f"{v.actor_label} ({v.role}) {v.at:%Y-%m-%d %H:%M}" for v in r.views)
        writer.writerow(
            [
                d.shared_at.isoformat(),
                d.shared_by.get_username(),
                r.recipient,
                d.purpose,
                " ".join(d.categories),
                d.consent_id,
                r.consent_status,
                views,
            ]
        )
    return response


@actor_required
def accounting_pdf(request: HttpRequest, participant_id: int) -> HttpResponse:
    """The accounting as a PDF for the participant: the same roles as the page, logged."""
    from goldenthread.disclosures.pdf import accounting_pdf as render_pdf

    person, pdf = render_pdf(request.actor, participant_id, path=request.path)  # type: ignore[attr-defined]
    return pdf_response(pdf, f"accounting-of-disclosures-{person.pk}.pdf")


@actor_required
def consent_scan(request: HttpRequest, consent_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    consent, kind = queries.consent_scan_for(actor, consent_id, path=request.path)
    return scan_response(consent, kind)  # type: ignore[return-value]


@require_POST
@actor_required
def consent_scan_upload(request: HttpRequest, consent_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    actor.require("disclosures.consent.manage")
    form = ScanForm(request.POST, request.FILES)
    form.is_valid()
    try:
        actions.consent_scan_attach(
            actor=actor, consent_id=consent_id, scan=form.cleaned_data.get("scan")
        )
    except Refused as exc:
        add_refusal(form, exc)
        return _consent_page(request, consent_id, status=422, scan_form=form)
    messages.success(request, "Scan of the signed form filed.")
    return redirect("disclosures:consent_detail", consent_id=consent_id)
