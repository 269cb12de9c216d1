"""Casework read paths for `make bench`: the CM's caseload and a participant's page."""

from __future__ import annotations

from typing import Any

from goldenthread.benchmarks import BenchRead
from goldenthread.core.models import Participant, Site

CASELOAD_FLOOR = (
    "SELECT p.id, per.first_name, per.last_name, p.state, p.enrolled_on, "
    "(SELECT max(c.occurred_at) FROM casework_contact c WHERE c.participant_id = p.id) "
    "AS last_contact FROM core_participant p JOIN core_person per ON per.id = p.person_id "
    "WHERE p.site_id = %(site)s AND p.case_manager_id = %(user)s "
    "ORDER BY per.last_name, per.first_name"
)


def _participant_page(site: Site, user: Any) -> str:
    pk = (
        Participant.objects.filter(site=site, case_manager=user)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return f"/casework/p/{pk}/"


READS = [
    BenchRead("Caseload (CM)", "cm", lambda site, user: "/casework/", floor_sql=CASELOAD_FLOOR),
    BenchRead(
        "API caseload (CM)",
        "cm",
        lambda site, user: "/api/v1/casework/caseload",
        floor_sql=CASELOAD_FLOOR,
    ),
    BenchRead(
        "Participant page (CM)",
        "cm",
        _participant_page,
        floor_sql=(
            "SELECT c.id, c.kind, c.occurred_at, c.place, c.note FROM casework_contact c "
            "WHERE c.participant_id = (SELECT min(p.id) FROM core_participant p "
            "WHERE p.site_id = %(site)s AND p.case_manager_id = %(user)s) "
            "ORDER BY c.occurred_at DESC LIMIT 50"
        ),
    ),
]
