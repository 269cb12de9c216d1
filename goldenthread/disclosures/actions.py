"""Writes in the disclosures area: consents (42 CFR 2.31, 2.35) and disclosures (2.32)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from goldenthread.access.actor import Actor, NotFound, Refused
from goldenthread.access.scopes import participants_q
from goldenthread.audit.actions import audit_record
from goldenthread.core.models import Agency, Participant
from goldenthread.disclosures import queries, rules
from goldenthread.disclosures.models import Consent, ConsentRecipient, Disclosure

CONSENT_FIELDS = (
    "discloser",
    "information",
    "categories",
    "purposes",
    "purpose_text",
    "revocation_method",
    "expires_on",
    "expiry_event",
    "signed_by",
    "signed_by_representative",
    "representative_authority",
    "signed_on",
    "criminal_justice",
    "irrevocable_until",
)


def _today(actor: Actor) -> date:
    return timezone.localdate(timezone=actor.site.tz)


# The participant's and the consent's rows are locked FOR NO KEY UPDATE: one writer at a time
# for each, yet no wait for a transaction that only checks a key to them at its commit (a
# contact logged meanwhile, which holds the site's audit chain this action appends to next:
# FOR UPDATE made the two deadlock: disclosures/tests/test_lock_order.py).
def _participant(actor: Actor, participant_id: int) -> Participant:
    participant = (
        Participant.objects.select_for_update(no_key=True)
        .filter(participants_q(actor), pk=participant_id)
        .first()
    )
    if participant is None:
        raise NotFound()
    return participant


def _consent(actor: Actor, consent_id: int) -> Consent:
    consent = (
        Consent.objects.select_for_update(no_key=True)
        .filter(participants_q(actor, "participant__"), pk=consent_id)
        .first()
    )
    if consent is None:
        raise NotFound()
    return consent


def _recipients(actor: Actor, recipients: list[dict[str, Any]]) -> list[ConsentRecipient]:
    rows = []
    for r in recipients:
        audience = r.get("audience")
        if audience not in rules.AUDIENCES:
            raise Refused(f"Not a recipient class: {audience!r}.", field="recipients")
        agency = None
        if r.get("agency_id"):
            agency = Agency.objects.filter(site_id=actor.site_id, pk=r["agency_id"]).first()
            if agency is None:
                raise Refused("No such agency at this site.", field="recipients")
        rows.append(
            ConsentRecipient(
                site_id=actor.site_id,
                audience=audience,
                agency=agency,
                name=str(r.get("name") or "").strip()[:200],
            )
        )
    return rows


def _validate_consent(values: dict[str, Any], recipients: list[ConsentRecipient]) -> None:
    check = {**values, "recipients": recipients}
    missing = rules.missing_elements(check)
    if missing:
        field = missing[0]
        raise Refused(
            f"A consent must state {rules.REQUIRED_ELEMENTS[field]} (42 CFR 2.31).",
            field="expires_on" if field == "expiry" else field,
        )
    if unknown := set(values["categories"]) - set(rules.CATEGORIES):
        raise Refused(f"Not a category that may be shared: {sorted(unknown)}.", field="categories")
    if unknown := set(values["purposes"]) - set(rules.PURPOSES):
        raise Refused(f"Not a purpose: {sorted(unknown)}.", field="purposes")
    if values["signed_by_representative"] and not values["representative_authority"].strip():
        raise Refused(
            "State the representative's authority to sign.", field="representative_authority"
        )
    refusal = rules.irrevocable_window_refusal(
        criminal_justice=values["criminal_justice"],
        irrevocable_until=values["irrevocable_until"],
        signed_on=values["signed_on"],
    )
    if refusal:
        raise Refused(refusal, field="irrevocable_until")


def _checked_scan(scan: UploadedFile) -> tuple[str, str]:
    """The scan's type (judged by its first bytes) and its SHA-256, or a refusal naming the
    ``scan`` field. Nothing is written here."""
    max_bytes = settings.CONSENT_SCAN_MAX_MB * 1024 * 1024
    scan.seek(0)
    head = scan.read(rules.SCAN_HEAD_BYTES)
    scan.seek(0)
    refusal = rules.scan_refusal(head, scan.size or 0, max_bytes)
    kind = rules.scan_kind(head)
    if refusal or kind is None:
        raise Refused(refusal or "Not a scan.", field="scan")
    digest = hashlib.sha256()
    for chunk in scan.chunks():
        digest.update(chunk)
    scan.seek(0)
    return kind, digest.hexdigest()


def _store_scan(consent: Consent, scan: UploadedFile, kind: str) -> None:
    """Keep the file under a name of our making (never the uploader's), with the extension of
    the type its contents showed."""
    consent.scan.save(f"consent-{secrets.token_hex(8)}.{kind}", scan, save=False)


def consent_create(
    *,
    actor: Actor,
    participant_id: int,
    values: dict[str, Any],
    recipients: list[dict[str, Any]],
    scan: UploadedFile | None = None,
    activate: bool = False,
) -> Consent:
    """Record a signed release of information. Every §2.31 element is required; a missing one
    is refused with its field named and nothing is saved."""
    actor.require("disclosures.consent.manage")
    scan_facts = _checked_scan(scan) if scan is not None else None
    clean = {name: values.get(name) for name in CONSENT_FIELDS}
    for name in ("categories", "purposes"):
        clean[name] = list(clean[name] or [])
    for name in ("signed_by_representative", "criminal_justice"):
        clean[name] = bool(clean[name])
    for name in CONSENT_FIELDS:
        if clean[name] is None and name not in {"expires_on", "signed_on", "irrevocable_until"}:
            clean[name] = ""
    with transaction.atomic():
        participant = _participant(actor, participant_id)
        rows = _recipients(actor, recipients)
        _validate_consent(clean, rows)
        consent = Consent(
            site_id=actor.site_id,
            participant=participant,
            status=rules.ACTIVE if activate else rules.DRAFT,
            recorded_by=actor.user,
            **clean,
        )
        if scan is not None and scan_facts is not None:
            _store_scan(consent, scan, scan_facts[0])
        consent.save()
        for row in rows:
            row.consent = consent
        ConsentRecipient.objects.bulk_create(rows)
        # The description of the information is encrypted at rest (docs/encryption.md); the
        # append-only audit keeps only that it was given, never its words.
        after = {
            **{k: v for k, v in clean.items() if k != "information"},
            "information_given": bool(clean["information"]),
            "status": consent.status,
            "recipients": len(rows),
            "scan_sha256": scan_facts[1] if scan_facts else None,
        }
        audit_record(actor=actor, action="consent.create", obj=consent, after=after)
    return consent


def consent_scan_attach(*, actor: Actor, consent_id: int, scan: UploadedFile | None) -> Consent:
    """File the scan of the signed form on a consent, or replace a wrong one (the earlier file
    stays in storage and the audit names it). A file that is empty, too large, or not a PDF,
    PNG or JPEG by its contents is refused, naming the ``scan`` field, and nothing is saved."""
    actor.require("disclosures.consent.manage")
    with transaction.atomic():
        consent = _consent(actor, consent_id)
        if scan is None:
            raise Refused("Choose the scan of the signed form.", field="scan")
        if consent.status == rules.REFUSED:
            raise Refused("A recorded refusal has no signed form to scan.", field="scan")
        kind, sha256 = _checked_scan(scan)
        before = {"scan": consent.scan.name or None}
        _store_scan(consent, scan, kind)
        consent.save(update_fields=["scan", "updated_at"])
        audit_record(
            actor=actor,
            action="consent.scan_attach",
            obj=consent,
            before=before,
            after={"scan": consent.scan.name, "type": kind, "sha256": sha256},
        )
    return consent


def consent_activate(*, actor: Actor, consent_id: int) -> Consent:
    """A draft takes effect (the signed form is in hand)."""
    actor.require("disclosures.consent.manage")
    with transaction.atomic():
        consent = _consent(actor, consent_id)
        if consent.status != rules.DRAFT:
            raise Refused(f"This consent is {consent.status}; only a draft can be activated.")
        if consent.expires_on is not None and consent.expires_on < _today(actor):
            raise Refused("This consent's expiry date has passed.", field="expires_on")
        consent.status = rules.ACTIVE
        consent.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="consent.activate",
            obj=consent,
            before={"status": rules.DRAFT},
            after={"status": rules.ACTIVE},
        )
    return consent


def consent_revoke(*, actor: Actor, consent_id: int, note: str = "") -> Consent:
    """Revocation takes effect at once: recipients can no longer open what was disclosed under
    it. Inside a §2.35 irrevocable window it is refused, and the refusal says why."""
    actor.require("disclosures.consent.manage")
    today = _today(actor)
    with transaction.atomic():
        consent = _consent(actor, consent_id)
        status = rules.effective_status(consent.status, consent.expires_on, today)
        refusal = rules.revocation_refusal(
            status=status,
            criminal_justice=consent.criminal_justice,
            irrevocable_until=consent.irrevocable_until,
            today=today,
        )
        if refusal:
            raise Refused(refusal, field="note")
        consent.status = rules.REVOKED
        consent.revoked_on = today
        consent.revocation_note = note.strip()[:300]
        consent.save(update_fields=["status", "revoked_on", "revocation_note", "updated_at"])
        audit_record(
            actor=actor,
            action="consent.revoke",
            obj=consent,
            before={"status": status},
            after={"status": rules.REVOKED, "note": consent.revocation_note},
        )
    return consent


def consent_refusal_record(*, actor: Actor, participant_id: int, note: str = "") -> Consent:
    """Record that the participant declined to sign a release ("consent refused")."""
    actor.require("disclosures.consent.manage")
    with transaction.atomic():
        participant = _participant(actor, participant_id)
        consent = Consent.objects.create(
            site_id=actor.site_id,
            participant=participant,
            status=rules.REFUSED,
            refusal_note=note.strip()[:300],
            signed_on=_today(actor),
            recorded_by=actor.user,
        )
        audit_record(
            actor=actor,
            action="consent.refuse",
            obj=consent,
            after={"status": rules.REFUSED, "note": consent.refusal_note},
        )
    return consent


def disclosure_share(
    *,
    actor: Actor,
    participant_id: int,
    audience: str,
    purpose: str,
    recipient_agency_id: int | None = None,
    engagement_confirmed: bool = False,
    progress: str = "",
    plan: str = "",
    barriers: str = "",
    nothing_to_share: bool = False,
) -> Disclosure:
    """Share what the participant's consent allows with one audience. Refused, with the
    reason, unless an active consent names the recipient, the purpose and every category.
    Specifics about violations of law or court orders are never a category (domain.md)."""
    actor.require("disclosures.share")
    if audience not in rules.AUDIENCES:
        raise Refused("Choose who receives this disclosure.", field="audience")
    if purpose not in rules.PURPOSES:
        raise Refused("Choose the purpose of this disclosure.", field="purpose")
    categories = rules.categories_of_content(
        engagement_confirmed=engagement_confirmed, progress=progress, plan=plan, barriers=barriers
    )
    if nothing_to_share and categories:
        raise Refused("'Nothing to share' cannot carry content.", field="nothing_to_share")
    if not nothing_to_share and not categories:
        raise Refused("Write what to share, or choose 'nothing to share'.", field="progress")
    with transaction.atomic():
        participant = _participant(actor, participant_id)
        agency = None
        if recipient_agency_id:
            agency = Agency.objects.filter(site_id=actor.site_id, pk=recipient_agency_id).first()
            if agency is None:
                raise Refused("No such agency at this site.", field="recipient_agency_id")
        consent, reason = queries.consent_covering(
            site_id=actor.site_id,
            participant_id=participant.pk,
            audience=audience,
            agency_id=agency.pk if agency else None,
            purpose=purpose,
            categories=categories,
            today=_today(actor),
        )
        if consent is None:
            raise Refused(f"Not shared: {reason}", field="audience")
        disclosure = Disclosure.objects.create(
            site_id=actor.site_id,
            participant=participant,
            consent=consent,
            audience=audience,
            recipient_agency=agency,
            purpose=purpose,
            categories=categories,
            engagement_confirmed=engagement_confirmed,
            progress=progress.strip(),
            plan=plan.strip(),
            barriers=barriers.strip(),
            nothing_to_share=nothing_to_share,
            shared_by=actor.user,
            shared_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action="disclosure.share",
            obj=disclosure,
            after={
                "participant": participant.pk,
                "consent": consent.pk,
                "audience": audience,
                "recipient_agency": agency.pk if agency else None,
                "purpose": purpose,
                "categories": categories,
            },
        )
    return disclosure
