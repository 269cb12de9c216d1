"""The legal area's roster source for OWG case conferencing (the contract is in
``docs/conferencing.md``): participants with new legal events since the OWG last met.

- a case filed or referred for filing since the last meeting;
- a warrant issued since the last meeting;
- a court date within ``COURT_HORIZON_DAYS`` of the meeting;
- a hold in abeyance due for review (its review date falls before the meeting plus the site's
  ``LegalPolicy.hold_review_warning_days``, and no later decision replaced it).

Each item is tagged ``legal`` and visible to the liaison prosecutor and the case-management
roles that read legal cases (``LEGAL`` in ``access.policy``); never to police. Five queries
per call (the policy and one per rule), however many participants the site has.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from goldenthread.conferencing.sources import RosterCandidate
from goldenthread.core.roles import Role
from goldenthread.legal import rules
from goldenthread.legal.models import CourtDate, Decision, LegalCase, LegalPolicy, Warrant

if TYPE_CHECKING:
    from goldenthread.access.actor import Actor

COURT_HORIZON_DAYS = 14
# Before an OWG's first meeting, "since the last meeting" means the last four weeks (as the
# conferencing area's own sources do).
FIRST_MEETING_LOOKBACK_DAYS = 28
LEGAL_TAG = "legal"
# Who reads legal items at the table: the liaison prosecutor and the case-management roles
# with ``legal.view``. Police are not listed: the contract lets a source list police only for
# people their agency referred, which this area does not know.
VISIBLE_TO = frozenset(
    {str(Role.PROSECUTOR), str(Role.CM), str(Role.SUPERVISOR), str(Role.ADVOCATE)}
)


def _window(meeting: Any, since: datetime | None) -> tuple[datetime, date]:
    start = since or meeting.scheduled_for - timedelta(days=FIRST_MEETING_LOOKBACK_DAYS)
    return start, timezone.localdate(meeting.scheduled_for)


def _candidate(kind: str, key: str, case: LegalCase, title: str, detail: str) -> RosterCandidate:
    return RosterCandidate(
        kind="legal_event",
        participant_id=case.participant_id,
        title=f"{case.participant.person if case.participant else case.person}: {title}",
        detail=detail,
        source=f"legal.{kind}",
        visible_to_roles=VISIBLE_TO,
        key=f"legal:{key}",
        tags=frozenset({LEGAL_TAG}),
    )


def _case_label(case: LegalCase) -> str:
    return f"{case.case_number or 'no number yet'}, {case.court}"


def new_cases(meeting: Any, start: datetime) -> list[RosterCandidate]:
    start_day = start.date()
    rows = LegalCase.objects.filter(
        Q(created_at__gte=start) | Q(filing_date__gte=start_day),
        site_id=meeting.site_id,
        participant__isnull=False,
        status__in=[LegalCase.Status.REFERRED, LegalCase.Status.FILED],
    ).select_related("participant__person")
    return [
        _candidate(
            "new_case",
            f"case:{c.pk}:{c.status}",
            c,
            "case filed" if c.status == LegalCase.Status.FILED else "referred for filing",
            f"{_case_label(c)}; {c.get_source_display()}"
            + (f"; filed {c.filing_date:%Y-%m-%d}" if c.filing_date else ""),
        )
        for c in rows
    ]


def new_warrants(meeting: Any, start: datetime) -> list[RosterCandidate]:
    rows = Warrant.objects.filter(
        site_id=meeting.site_id,
        status=Warrant.Status.ISSUED,
        on__gte=start.date(),
        case__participant__isnull=False,
    ).select_related("case__participant__person")
    return [
        _candidate(
            "warrant",
            f"warrant:{w.pk}",
            w.case,
            "warrant issued",
            f"{_case_label(w.case)}; issued {w.on:%Y-%m-%d}",
        )
        for w in rows
    ]


def court_dates_soon(meeting: Any, day: date) -> list[RosterCandidate]:
    rows = CourtDate.objects.filter(
        site_id=meeting.site_id,
        on__gte=day,
        on__lte=day + timedelta(days=COURT_HORIZON_DAYS),
        case__participant__isnull=False,
    ).select_related("case__participant__person")
    return [
        _candidate(
            "court_date",
            f"court:{cd.pk}",
            cd.case,
            f"{cd.kind} on {cd.on:%Y-%m-%d}",
            _case_label(cd.case),
        )
        for cd in rows
    ]


def holds_due(meeting: Any, day: date, warn_days: int) -> list[RosterCandidate]:
    later = Decision.objects.filter(
        case_id=OuterRef("case_id"), decided_at__gt=OuterRef("decided_at")
    )
    rows = (
        Decision.objects.filter(
            site_id=meeting.site_id,
            kind=rules.HOLD,
            review_on__isnull=False,
            review_on__lte=day + timedelta(days=warn_days),
            case__participant__isnull=False,
        )
        .filter(~Exists(later))
        .select_related("case__participant__person")
    )
    return [
        _candidate(
            "hold_review",
            f"hold:{d.pk}",
            d.case,
            f"hold in abeyance due for review {d.review_on:%Y-%m-%d}",
            _case_label(d.case),
        )
        for d in rows
    ]


def items(actor: Actor, meeting: Any, since: datetime | None) -> list[RosterCandidate]:
    start, day = _window(meeting, since)
    warn = (
        LegalPolicy.objects.filter(site_id=meeting.site_id)
        .values_list("hold_review_warning_days", flat=True)
        .first()
    )
    if warn is None:
        warn = LegalPolicy._meta.get_field("hold_review_warning_days").get_default()
    return [
        *new_cases(meeting, start),
        *new_warrants(meeting, start),
        *court_dates_soon(meeting, day),
        *holds_due(meeting, day, warn),
    ]
