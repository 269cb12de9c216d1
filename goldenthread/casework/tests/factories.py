"""Objects for the casework tests and the permission matrix, built straight in the database
(the actions under test are exercised by the tests themselves)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from goldenthread.casework.models import (
    ActionStep,
    Contact,
    FlexFundRequest,
    FundingPool,
    Goal,
    LedgerEntry,
    ServiceReferral,
)
from goldenthread.core.models import Participant
from goldenthread.core.roles import Role
from goldenthread.testing import site_days_ago, site_today

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def goal(site: Any, participant: Participant | None = None, world: Any = None) -> Goal:
    participant = participant or world.participant(site)
    return Goal.objects.create(
        site=site.site,
        participant=participant,
        domain="housing",
        title="A place of my own",
        created_by=site.users[Role.CM],
    )


def pool(site: Any, budget: str = "1000.00", **kw: Any) -> FundingPool:
    today = site_today()
    return FundingPool.objects.create(
        site=site.site,
        name=kw.pop("name", f"General fund {FundingPool.objects.count() + 1}"),
        funding_source=kw.pop("funding_source", "City general fund"),
        budget=Decimal(budget),
        period_start=kw.pop("period_start", today - timedelta(days=100)),
        period_end=kw.pop("period_end", today + timedelta(days=265)),
        **kw,
    )


def flex_request(
    site: Any, world: Any, status: str = "pending", amount: str = "250.00", **kw: Any
) -> FlexFundRequest:
    g = kw.pop("goal", None) or goal(site, world=world)
    the_pool = kw.pop("pool", None) or pool(site)
    request = FlexFundRequest.objects.create(
        site=site.site,
        participant=g.participant,
        requested_by=site.users[Role.CM],
        pool=the_pool,
        goal=g,
        amount=Decimal(amount),
        category=kw.pop("category", "housing"),
        vendor="Motel 6",
        purpose="Two nights while the apartment opens",
        attested=True,
        pools_checked="Housing authority emergency fund",
        needs_supervisor=True,
        status=status,
    )
    if status in {"approved", "disbursed"}:
        spend(site, request)
    return request


def spend(site: Any, request: FlexFundRequest) -> LedgerEntry:
    return LedgerEntry.objects.create(
        site=site.site,
        pool=request.pool,
        request=request,
        participant=request.participant,
        case_manager=request.requested_by,
        category=request.category,
        kind="spend",
        amount=request.amount,
        entry_on=site_today(),
        entered_by=site.users[Role.SUPERVISOR],
    )


def with_receipt(request: FlexFundRequest) -> FlexFundRequest:
    request.status = "disbursed"
    request.disbursed_on = site_today()
    request.receipt.save("receipt.pdf", ContentFile(PDF), save=True)
    return request


def contact(site: Any, participant: Participant, days_ago: int = 0, **kw: Any) -> Contact:
    return Contact.objects.create(
        site=site.site,
        participant=participant,
        author=site.users[Role.CM],
        kind=kw.pop("kind", "street"),
        occurred_at=kw.pop("occurred_at", None) or site_days_ago(site.site, days_ago),
        substantive=kw.pop("substantive", True),
        note=kw.pop("note", "Talked about the housing list."),
        idempotency_key=kw.pop("key", f"k{Contact.objects.count() + 1}-{days_ago}"),
        **kw,
    )


# Matrix makers: path kwargs for an object at ``site``.


def _goal(world: Any, site: Any) -> dict[str, Any]:
    return {"goal_id": goal(site, world=world).pk}


def _step(world: Any, site: Any) -> dict[str, Any]:
    g = goal(site, world=world)
    step = ActionStep.objects.create(site=site.site, goal=g, description="Call", owner="CM")
    return {"step_id": step.pk}


def _service(world: Any, site: Any) -> dict[str, Any]:
    referral = ServiceReferral.objects.create(
        site=site.site,
        participant=world.participant(site),
        kind="housing",
        provider="DESC",
        sent_on=site_today() - timedelta(days=3),
        made_by=site.users[Role.CM],
    )
    return {"referral_id": referral.pk}


def _flex_pending(world: Any, site: Any) -> dict[str, Any]:
    return {"request_id": flex_request(site, world).pk}


def _flex_approved(world: Any, site: Any) -> dict[str, Any]:
    return {"request_id": flex_request(site, world, status="approved").pk}


def _flex_receipt(world: Any, site: Any) -> dict[str, Any]:
    return {"request_id": with_receipt(flex_request(site, world, status="approved")).pk}


def _entry(world: Any, site: Any) -> dict[str, Any]:
    request = flex_request(site, world, status="approved")
    return {"entry_id": request.entries.get().pk}


MAKERS = {
    "cw_goal": _goal,
    "cw_step": _step,
    "cw_service": _service,
    "cw_flex_pending": _flex_pending,
    "cw_flex_approved": _flex_approved,
    "cw_flex_receipt": _flex_receipt,
    "cw_entry": _entry,
}
