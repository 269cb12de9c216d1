"""Builders for consents and disclosures in tests (direct ORM: fixtures, not operations)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from goldenthread.core.models import Participant
from goldenthread.core.roles import Role
from goldenthread.disclosures import rules
from goldenthread.disclosures.models import Consent, ConsentRecipient, Disclosure
from goldenthread.testing import site_today

ALL_CATEGORIES = list(rules.CATEGORIES)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def consent_values(**overrides: Any) -> dict[str, Any]:
    """A complete §2.31 consent, as the API takes it."""
    values: dict[str, Any] = {
        "discloser": "Evergreen case management",
        "information": "Engagement, progress, stabilisation plan and barriers; no clinical detail",
        "categories": ALL_CATEGORIES,
        "purposes": [rules.LEGAL_COORDINATION, rules.MONITORING],
        "purpose_text": "Coordinating pending legal cases with the liaison prosecutor",
        "revocation_method": "Tell your case manager, in writing or in person",
        "expires_on": (site_today() + timedelta(days=365)).isoformat(),
        "expiry_event": "",
        "signed_by": "Dana Rivera",
        "signed_on": site_today().isoformat(),
        "recipients": [{"audience": rules.PROSECUTOR}],
    }
    values.update(overrides)
    return values


def consent_form_data(**overrides: Any) -> dict[str, Any]:
    """A complete §2.31 consent, as the page's form posts it."""
    data: dict[str, Any] = {
        "discloser": "Case management",
        "information": "Progress only",
        "categories": ["progress"],
        "purposes": ["legal_coordination"],
        "revocation_method": "Tell your CM",
        "expiry_event": "End of participation",
        "signed_by": "Dana Rivera",
        "signed_on": site_today().isoformat(),
        "activate": "on",
        "recipient_0_audience": "prosecutor",
    }
    data.update(overrides)
    return data


def consent(
    world: Any,
    site: Any,
    participant: Participant | None = None,
    *,
    status: str = rules.ACTIVE,
    audiences: tuple[str, ...] = (rules.PROSECUTOR, rules.DEFENCE, rules.POLICE),
    expires_on: date | None = None,
    **kw: Any,
) -> Consent:
    participant = participant or world.participant(site)
    row = Consent.objects.create(
        site=site.site,
        participant=participant,
        status=status,
        discloser="Case management agency",
        information="Progress and barriers",
        categories=ALL_CATEGORIES,
        purposes=list(rules.PURPOSES),
        revocation_method="Tell your case manager",
        expires_on=expires_on or site_today() + timedelta(days=365),
        signed_by="The participant",
        signed_on=site_today() - timedelta(days=1),
        recorded_by=site.users[Role.CM],
        **kw,
    )
    for audience in audiences:
        ConsentRecipient.objects.create(site=site.site, consent=row, audience=audience)
    return row


def disclosure(
    world: Any, site: Any, consent_row: Consent | None = None, *, audience: str = rules.PROSECUTOR
) -> Disclosure:
    consent_row = consent_row or consent(world, site)
    return Disclosure.objects.create(
        site=site.site,
        participant=consent_row.participant,
        consent=consent_row,
        audience=audience,
        purpose=rules.LEGAL_COORDINATION,
        categories=[rules.ENGAGEMENT, rules.PROGRESS],
        engagement_confirmed=True,
        progress="Keeps every appointment; moved into shelter.",
        shared_by=site.users[Role.CM],
        shared_at=timezone.now(),
    )


def with_scan(consent_row: Consent, content: bytes = PDF, kind: str = "pdf") -> Consent:
    consent_row.scan.save(f"consent-test.{kind}", ContentFile(content), save=True)
    return consent_row
