"""Reads in the disclosures area. Consent is checked here (``consent_covering``) and in
``rules``; nothing else re-implements it. Every read of disclosure content is access-logged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from goldenthread.access.actor import Actor, NotFound
from goldenthread.access.policy import Category
from goldenthread.access.scopes import SEES_ALL_PARTICIPANTS, participants_q, participants_q_for
from goldenthread.audit.actions import access_record, access_record_many
from goldenthread.audit.models import AccessEvent
from goldenthread.core.compiled import Compiled, Steps, run_steps, site_count
from goldenthread.core.models import Participant, Person
from goldenthread.disclosures import rules
from goldenthread.disclosures.models import Consent, ConsentRecipient, Disclosure

DISCLOSURES = str(Category.DISCLOSURES)


def today_for(actor: Actor) -> date:
    return timezone.localdate(timezone=actor.site.tz)


def live_consent_q(today: date, prefix: str = "") -> Q:
    """The database form of ``rules.is_live``: active and not past its expiry date."""
    return Q(**{f"{prefix}status": rules.ACTIVE}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gte": today})
    )


def facts_of(consent: Consent) -> rules.ConsentFacts:
    return rules.ConsentFacts(
        status=consent.status,
        expires_on=consent.expires_on,
        categories=frozenset(consent.categories or []),
        purposes=frozenset(consent.purposes or []),
        recipients=frozenset((r.audience, r.agency_id) for r in consent.recipients.all()),
        criminal_justice=consent.criminal_justice,
        irrevocable_until=consent.irrevocable_until,
    )


def consent_covering(
    *,
    site_id: int,
    participant_id: int,
    audience: str,
    agency_id: int | None,
    purpose: str,
    categories: Iterable[str],
    today: date,
) -> tuple[Consent | None, str | None]:
    """The participant's consent that covers this disclosure, or None and the reason."""
    consents = list(
        Consent.objects.filter(site_id=site_id, participant_id=participant_id)
        .exclude(status__in=[rules.REFUSED])
        .prefetch_related("recipients")
        .order_by("-signed_on", "-id")
    )
    pk, reason = rules.covering_consent(
        [(c.pk, facts_of(c)) for c in consents],
        audience=audience,
        agency_id=agency_id,
        purpose=purpose,
        categories=list(categories),
        today=today,
    )
    return next((c for c in consents if c.pk == pk), None), reason


def has_live_consent(*, site_id: int, participant_id: int, audience: str, today: date) -> bool:
    """Whether any live consent names this audience: for other areas that need a yes/no."""
    return Consent.objects.filter(
        live_consent_q(today),
        site_id=site_id,
        participant_id=participant_id,
        recipients__audience=audience,
    ).exists()


def _participant(actor: Actor, participant_id: int) -> Participant:
    participant = (
        Participant.objects.filter(participants_q(actor), pk=participant_id)
        .select_related("person")
        .first()
    )
    if participant is None:
        raise NotFound()
    return participant


def consents_for(actor: Actor, participant_id: int) -> tuple[Participant, list[Consent]]:
    """A participant's consents, for the case-management side."""
    actor.require("disclosures.view_participant")
    participant = _participant(actor, participant_id)
    consents = list(
        Consent.objects.filter(site_id=actor.site_id, participant=participant)
        .prefetch_related(
            Prefetch("recipients", queryset=ConsentRecipient.objects.select_related("agency"))
        )
        .select_related("recorded_by")
    )
    access_record(actor=actor, subject=participant, categories=[DISCLOSURES], purpose="consents")
    return participant, consents


def consent_for(
    actor: Actor, consent_id: int, *, purpose: str = "consent", path: str = ""
) -> Consent:
    actor.require("disclosures.view_participant")
    consent = (
        Consent.objects.filter(participants_q(actor, "participant__"), pk=consent_id)
        .select_related("participant__person", "recorded_by")
        .prefetch_related(
            Prefetch("recipients", queryset=ConsentRecipient.objects.select_related("agency"))
        )
        .first()
    )
    if consent is None:
        raise NotFound()
    access_record(
        actor=actor,
        subject=consent.participant,
        categories=[DISCLOSURES],
        purpose=f"{purpose} {consent.pk}",
        path=path,
    )
    return consent


def consent_scan_for(actor: Actor, consent_id: int, *, path: str = "") -> tuple[Consent, str]:
    """The consent whose signed-form scan is being opened, and the scan's type. The same 404
    when the consent is missing, not the actor's to see, or has no scan; each opening is
    access-logged."""
    actor.require("disclosures.view_participant")
    if not Consent.objects.filter(
        participants_q(actor, "participant__"), pk=consent_id, scan__gt=""
    ).exists():
        raise NotFound()
    consent = consent_for(actor, consent_id, purpose="opened the scan of consent", path=path)
    with consent.scan.open("rb") as f:
        kind = rules.scan_kind(f.read(rules.SCAN_HEAD_BYTES))
    if kind is None:
        raise NotFound()
    return consent, kind


def consent_status(consent: Consent, today: date) -> str:
    """The status a person sees, everywhere: expired once past its date, else as stored."""
    return rules.effective_status(consent.status, consent.expires_on, today)


def _base() -> QuerySet[Disclosure]:
    return Disclosure.objects.select_related(
        "participant__person", "consent", "recipient_agency", "shared_by"
    )


def _audience_of(actor: Actor) -> str | None:
    """The audience disclosures are addressed to this actor as, or None when nothing is
    addressed to them (a role with no audience, or one that may not receive)."""
    audience = rules.AUDIENCE_OF_ROLE.get(actor.role.value)
    return audience if audience is not None and actor.can("disclosures.receive") else None


def addressed_q(actor: Actor, today: date) -> Q:
    """Disclosures addressed to this actor (their audience, and their agency where one is
    named) under a consent that is still live. Revocation or expiry hides them at once."""
    audience = _audience_of(actor)
    if audience is None:
        return Q(pk__in=[])
    return _addressed_q(audience, actor.site_id, actor.agency_id, today)


def _addressed_q(audience: str, site_id: int, agency_id: int | None, today: date) -> Q:
    """``addressed_q`` for a reader of ``audience`` at ``site_id`` in ``agency_id``."""
    to_class = Q(recipient_agency__isnull=True)
    if audience == rules.DEFENCE:
        # Addressed to "defence counsel" in general: only the participant's own defender.
        clients = Participant.objects.filter(
            site_id=site_id, legal_cases__defence_agency_id=agency_id
        ).values("pk")
        to_class &= Q(participant_id__in=clients)
    return (
        Q(site_id=site_id, audience=audience)
        & (to_class | Q(recipient_agency_id=agency_id))
        & live_consent_q(today, "consent__")
    )


def _visible(actor: Actor) -> QuerySet[Disclosure]:
    if actor.can("disclosures.view_participant") and actor.role in SEES_ALL_PARTICIPANTS:
        return _base().filter(participants_q(actor, "participant__"))
    return _base().filter(addressed_q(actor, today_for(actor)))


# A list row shows who and when, not content. Its access-log rows start with this, so the
# Golden Rule gate (``lead_derived_views``) can tell a listed name from an opened disclosure.
LISTED = "listed: "
# The purpose of its rows for a list of the disclosures received.
RECEIVED_PURPOSE = f"{LISTED}disclosures received"


def disclosures_received(actor: Actor, *, limit: int = 200, path: str = "") -> list[Disclosure]:
    """The disclosures addressed to a prosecutor, defence counsel or police, live ones only.
    A list shows who and when, not content; the access log gets one row per participant
    shown, written together."""
    actor.require("disclosures.receive")
    rows = list(
        Disclosure.objects.select_related("participant__person", "recipient_agency")
        # Who and when: the content (encrypted) is neither decrypted nor read.
        .defer("progress", "plan", "barriers")
        .filter(addressed_q(actor, today_for(actor)))[:limit]
    )
    access_record_many(
        actor=actor,
        reads=[(d.participant, [DISCLOSURES]) for d in rows],
        purpose=RECEIVED_PURPOSE,
        path=path,
    )
    return rows


# The legal worklist's disclosures, kept compiled (ADR 15): the reader's audience, the limit and
# whether the reader has an agency are its shape; the agency, when there is one, is a value.
_RECEIVED_ROWS: Compiled[tuple[int, int, str, str, list[str], datetime]] = Compiled(
    lambda audience, limit, has_agency, site_id, today, agency_id=None: Disclosure.objects.filter(
        _addressed_q(audience, site_id, agency_id, today)
    ).values_list(
        "pk",
        "participant_id",
        "participant__person__first_name",
        "participant__person__last_name",
        "categories",
        "shared_at",
    )[:limit]
)

# A reader's read of the disclosures received, for the access log: (model name, id, categories).
Reads = list[tuple[str, int, list[str]]]


def disclosures_received_rows_steps(
    actor: Actor, *, limit: int = 200
) -> Steps[tuple[list[dict[str, Any]], Reads]]:
    """``disclosures_received`` as plain rows (``pk``, ``person``, ``categories``,
    ``shared_at``: the same rows in the same order, without a disclosure, participant and person
    built for each), as steps (``core.compiled``) for a page that reads them beside its own
    queries (the legal worklist): the rows, and the reads the page must log with
    ``RECEIVED_PURPOSE`` (not logged here). One query."""
    actor.require("disclosures.receive")
    audience = _audience_of(actor)
    if audience is None:
        return [], []
    values: dict[str, Any] = {"site_id": actor.site_id, "today": today_for(actor)}
    if actor.agency_id is not None:
        values["agency_id"] = actor.agency_id
    (found,) = yield [_RECEIVED_ROWS.bind(audience, limit, "agency_id" in values, **values)]
    rows, reads = [], []
    for pk, participant_id, first, last, categories, shared_at in found:
        rows.append(
            {
                "pk": pk,
                "person": Person.name_of(first, last),
                "categories": categories,
                "shared_at": shared_at,
            }
        )
        reads.append(("participant", participant_id, [DISCLOSURES]))
    return rows, reads


def disclosures_of(actor: Actor, participant_id: int) -> list[Disclosure]:
    """A participant's disclosures, for the case-management side."""
    actor.require("disclosures.view_participant")
    participant = _participant(actor, participant_id)
    return list(_base().filter(site_id=actor.site_id, participant=participant))


def disclosure_for(actor: Actor, disclosure_id: int, *, path: str = "") -> Disclosure:
    """One disclosure with its content, or the same 404 whether it is missing, not addressed
    to the actor, or its consent has been revoked or has expired. Each read is logged."""
    if not (actor.can("disclosures.view_participant") or actor.can("disclosures.receive")):
        raise NotFound()
    disclosure = _visible(actor).filter(pk=disclosure_id).first()
    if disclosure is None:
        raise NotFound()
    access_record(
        actor=actor,
        subject=disclosure,
        categories=[DISCLOSURES],
        purpose=f"read disclosure; participant {disclosure.participant_id}",
        path=path,
    )
    return disclosure


@dataclass
class AccountingRow:
    """One line of the §2.25 accounting: who received what, when, under which consent (with
    its status today, expiry applied), and who opened it."""

    disclosure: Disclosure
    consent_status: str
    views: list[AccessEvent] = field(default_factory=list)

    @property
    def purpose(self) -> str:
        return rules.PURPOSE_LABELS.get(self.disclosure.purpose, self.disclosure.purpose)

    @property
    def categories(self) -> str:
        return ", ".join(self.disclosure.categories) or "nothing to share"

    @property
    def recipient(self) -> str:
        d = self.disclosure
        label = d.get_audience_display()
        return f"{label} — {d.recipient_agency.name}" if d.recipient_agency else label


def accounting_for(
    actor: Actor,
    participant_id: int,
    *,
    purpose: str = "accounting of disclosures (42 CFR 2.25)",
    path: str = "",
) -> tuple[Participant, list[AccountingRow]]:
    """The accounting of disclosures (42 CFR 2.25) for one participant: the page, the CSV and
    the PDF all come from here, so the same roles get it. Earlier disclosures stay listed
    after revocation or expiry; the accounting shows no content. Each read is logged."""
    actor.require("disclosures.accounting")
    participant = (
        Participant.objects.filter(site_id=actor.site_id, pk=participant_id)
        .select_related("person")
        .first()
    )
    if participant is None or actor.role not in SEES_ALL_PARTICIPANTS:
        raise NotFound()
    today = today_for(actor)
    rows = [
        AccountingRow(d, consent_status(d.consent, today))
        for d in _base().filter(site_id=actor.site_id, participant=participant)
    ]
    by_id = {str(r.disclosure.pk): r for r in rows}
    events = AccessEvent.objects.filter(
        site_id_ref=actor.site_id, subject_type="disclosure", subject_id__in=list(by_id)
    ).order_by("at")
    for event in events:
        by_id[event.subject_id].views.append(event)
    access_record(
        actor=actor, subject=participant, categories=[DISCLOSURES], purpose=purpose, path=path
    )
    return participant, rows


def lead_derived_views(
    *, site_id: int, user_id: int, participant_id: int, since: datetime, limit: int = 50
) -> list[AccessEvent]:
    """The access-log rows showing this user read LEAD-derived information about the
    participant since ``since``: their disclosures, or case-management categories. A name
    seen in a list (``LISTED``) is not a read of content. The Golden Rule gate uses it to flag
    adverse actions for review."""
    lead_categories = {"contacts_notes", "health", "plan_goals", DISCLOSURES}
    disclosure_ids = [
        str(pk)
        for pk in Disclosure.objects.filter(
            site_id=site_id, participant_id=participant_id
        ).values_list("pk", flat=True)
    ]
    rows = (
        AccessEvent.objects.filter(
            Q(subject_type="disclosure", subject_id__in=disclosure_ids)
            | Q(subject_type="participant", subject_id=str(participant_id)),
            site_id_ref=site_id,
            user_id=user_id,
            at__gte=since,
        )
        .exclude(purpose__startswith=LISTED)
        .order_by("-at")
    )
    # Filtered as they stream, so reads of other categories (legal cases) never crowd out a
    # LEAD-derived one; the gate needs a few facts, not all of them.
    found: list[AccessEvent] = []
    for r in rows.iterator(chunk_size=200):
        if r.subject_type == "disclosure" or lead_categories & set(r.categories):
            found.append(r)
            if len(found) == limit:
                break
    return found


def lookback_start(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


# The CM's home page count: kept compiled (core.compiled, ADR 15), the role as its shape.
_EXPIRING: Compiled[int] = Compiled(
    lambda role, site_id, today, until: site_count(
        Consent.objects.filter(
            live_consent_q(today),
            participants_q_for(role, site_id, "participant__"),
            expires_on__lte=until,
        )
    )
)


def consents_expiring_count(actor: Actor, *, within_days: int = 30) -> int:
    """Live consents that expire soon, for the CM's home page (a count only)."""
    return run_steps(consents_expiring_count_steps(actor, within_days=within_days))


def consents_expiring_count_steps(actor: Actor, *, within_days: int = 30) -> Steps[int]:
    """``consents_expiring_count`` as steps (core.compiled): one kept count beside others."""
    today = today_for(actor)
    until = today + timedelta(days=within_days)
    (counts,) = yield (_EXPIRING.bind(actor.role, site_id=actor.site_id, today=today, until=until),)
    return sum(counts)


def owg_disclosures_since(*, site_id: int, since: datetime, today: date) -> list[Disclosure]:
    """Disclosures addressed to the OWG since ``since`` under a consent still live today, for
    the OWG roster (``disclosures.roster``). One query; the roster logs who reads them."""
    return list(
        _base().filter(
            live_consent_q(today, "consent__"),
            site_id=site_id,
            audience=rules.OWG,
            shared_at__gte=since,
        )
    )


def live_owg_disclosure_ids(*, site_id: int, ids: Iterable[int], today: date) -> set[int]:
    """Which of these OWG disclosures are still under a live consent: a roster item made from
    one that was revoked or expired since is no longer shown. One query."""
    wanted = list(ids)
    if not wanted:
        return set()
    return set(
        Disclosure.objects.filter(
            live_consent_q(today, "consent__"), site_id=site_id, audience=rules.OWG, pk__in=wanted
        ).values_list("pk", flat=True)
    )


def owg_consent_recipients(
    *, site_id: int, participant_ids: Iterable[int], today: date
) -> dict[int, set[str | None]]:
    """For OWG case conferencing: whom at the table each participant's live consents for case
    conferencing name, as the kind of the named agency, or None for the OWG as a class
    (``rules.owg_roles`` turns either into roles). Conferencing shows what case management
    said about the participant only to those. One query."""
    wanted = list(participant_ids)
    if not wanted:
        return {}
    rows = ConsentRecipient.objects.filter(
        live_consent_q(today, "consent__"),
        site_id=site_id,
        consent__participant_id__in=wanted,
        audience=rules.OWG,
    ).values_list("consent__participant_id", "consent__purposes", "agency__kind")
    out: dict[int, set[str | None]] = {}
    for participant_id, purposes, kind in rows:
        if rules.CASE_CONFERENCING in (purposes or []):
            out.setdefault(participant_id, set()).add(kind)
    return out
