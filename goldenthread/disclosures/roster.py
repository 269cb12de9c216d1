"""The disclosures area's roster source for OWG case conferencing (``docs/conferencing.md``):
disclosures a case manager addressed to the OWG since the OWG last met, under a consent that
is still live, become roster items tagged ``disclosures``.

Each item reaches the OWG partner roles the consent covers (``rules.owg_roles``: the named
agency's roles, or the whole table but police when the consent names the OWG as a class) and
carries the 42 CFR 2.32 notice in its detail. Its key names the disclosure
(``disclosures:owg:<id>``), so conferencing re-checks the consent each time the roster is
read (``queries.live_owg_disclosure_ids``, ``rules.owg_disclosure_of_key``): a revoked or
expired consent drops the item. One query.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from goldenthread.conferencing.sources import RosterCandidate
from goldenthread.disclosures import queries, rules
from goldenthread.disclosures.models import Disclosure

if TYPE_CHECKING:
    from goldenthread.access.actor import Actor

DISCLOSURES_TAG = "disclosures"
FIRST_MEETING_LOOKBACK_DAYS = 28


def content_of(d: Disclosure) -> str:
    """What was shared, in the disclosure's own categories, then the §2.32 notice."""
    if d.nothing_to_share:
        parts = ["Nothing to share at this time."]
    else:
        parts = []
        if d.engagement_confirmed:
            parts.append("Engaged with case management.")
        if d.progress:
            parts.append(f"Progress: {d.progress}")
        if d.plan:
            parts.append(f"Stabilisation plan: {d.plan}")
        if d.barriers:
            parts.append(f"Barriers: {d.barriers}")
    parts.append(rules.PART2_NOTICE)
    return "\n".join(parts)


def items(actor: Actor, meeting: Any, since: datetime | None) -> list[RosterCandidate]:
    start = since or meeting.scheduled_for - timedelta(days=FIRST_MEETING_LOOKBACK_DAYS)
    rows = queries.owg_disclosures_since(
        site_id=meeting.site_id, since=start, today=actor.site.today()
    )
    out = []
    for d in rows:
        agency = d.recipient_agency
        roles = rules.owg_roles(agency.kind if agency else None)
        to = f" ({agency.name})" if agency else ""
        out.append(
            RosterCandidate(
                kind="disclosure",
                participant_id=d.participant_id,
                title=f"{d.participant.person}: disclosure to the OWG{to}, "
                f"{timezone.localtime(d.shared_at):%Y-%m-%d}",
                detail=content_of(d),
                source="disclosures.owg",
                visible_to_roles=roles,
                # A consent naming one police agency reaches that agency's officers only.
                police_agency_ids=frozenset({agency.pk}) if agency else frozenset(),
                key=rules.owg_roster_key(d.pk),
                tags=frozenset({DISCLOSURES_TAG}),
            )
        )
    return out
