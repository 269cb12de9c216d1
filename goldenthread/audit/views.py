"""The audit trail page, for those who review it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from goldenthread.audit import queries
from goldenthread.web.decorators import actor_required


@actor_required
def audit_log(request: HttpRequest) -> HttpResponse:
    events = queries.audit_events_for(request.actor)  # type: ignore[attr-defined]
    return render(request, "audit/log.html", {"events": events})
