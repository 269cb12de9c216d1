"""Casework for `make bench`: the CM's caseload and a participant's page (reads); contact
logging, a flex-fund request and a supervisor's approval (writes)."""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal
from typing import Any

from goldenthread.benchmarks import BenchRead, BenchWrite
from goldenthread.casework.models import CaseworkSettings, FlexFundRequest, FundingPool, Goal
from goldenthread.core.models import Membership, Participant, Site

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
    BenchRead(
        "Caseload (CM)", "cm", lambda site, user: "/casework/", floor_sql=CASELOAD_FLOOR, weight=20
    ),
    BenchRead(
        "API caseload (CM)",
        "cm",
        lambda site, user: "/api/v1/casework/caseload",
        floor_sql=CASELOAD_FLOOR,
        weight=10,
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
        weight=25,
    ),
]


def _caseload(site: Site) -> tuple[Any, list[int], dict[int, int]]:
    """The first CM (whose token the bench uses), their active participants with a goal."""
    cm = Membership.objects.filter(site=site, role="cm", active=True).order_by("pk").first()
    if cm is None:
        raise RuntimeError("the site has no active case manager")
    mine = Participant.objects.filter(site=site, case_manager=cm.user, state="active")
    goals = dict(
        Goal.objects.filter(site=site, participant__in=mine).values_list("participant_id", "pk")
    )
    if not goals:
        raise RuntimeError("the first CM has no active participant with a goal")
    return cm.user, sorted(goals), goals


def _pool(site: Site) -> FundingPool:
    today = site.today()
    return FundingPool.objects.create(
        site=site,
        name=f"Bench pool {time.time_ns()}",
        funding_source="Benchmark",
        budget=Decimal("10000000.00"),
        period_start=today - timedelta(days=1),
        period_end=today + timedelta(days=30),
    )


def _contacts(site: Site, n: int) -> Any:
    _, ids, _ = _caseload(site)
    run = time.time_ns()

    def request(i: int) -> tuple[str, dict[str, Any]]:
        return f"/api/v1/casework/participants/{ids[i % len(ids)]}/contacts", {
            "idempotency_key": f"bench-{run}-{i}",
            "kind": "street",
            "place": "3rd and Pine",
            "duration_minutes": 15,
            "present": "Participant",
            "substantive": True,
            "note": "Talked about the housing list",
        }

    return request


def _flex_requests(site: Site, n: int) -> Any:
    _, ids, goals = _caseload(site)
    pool = _pool(site)

    def request(i: int) -> tuple[str, dict[str, Any]]:
        pid = ids[i % len(ids)]
        return "/api/v1/casework/flex/requests", {
            "participant_id": pid,
            "pool_id": pool.pk,
            "goal_id": goals[pid],
            "amount": "10.00",
            "category": "phone",
            "vendor": "Metro PCS",
            "purpose": "Phone minutes",
            "attested": True,
            "pools_checked": "Lifeline (waitlisted)",
        }

    return request


def _approvals(site: Site, n: int) -> Any:
    """``n`` requests above the threshold, waiting for the supervisor."""
    cm, ids, goals = _caseload(site)
    pool = _pool(site)
    settings = CaseworkSettings.objects.filter(site=site).first()
    above = (settings.flex_approval_threshold if settings else Decimal("100")) + 1
    pending = FlexFundRequest.objects.bulk_create(
        FlexFundRequest(
            site=site,
            participant_id=ids[i % len(ids)],
            requested_by=cm,
            pool=pool,
            goal_id=goals[ids[i % len(ids)]],
            amount=above,
            category="housing",
            vendor="Bench motel",
            purpose="A week's bridge",
            attested=True,
            pools_checked="None left",
            needs_supervisor=True,
        )
        for i in range(n)
    )

    def request(i: int) -> tuple[str, dict[str, Any]]:
        return f"/api/v1/casework/flex/requests/{pending[i].pk}/decide", {
            "approve": True,
            "note": "Bridge to move-in",
        }

    return request


WRITES = [
    BenchWrite("Contact logging (CM)", "cm", _contacts, weight=40),
    BenchWrite("Flex-fund request (CM)", "cm", _flex_requests, weight=15),
    BenchWrite("Flex-fund approval (supervisor)", "supervisor", _approvals, weight=5),
]
