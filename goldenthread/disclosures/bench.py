"""Disclosures for `make bench`: a case manager shares progress with the liaison prosecutor
(write), through the API endpoint the case manager's app uses."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from goldenthread.access.actor import actor_for
from goldenthread.benchmarks import BenchWrite
from goldenthread.core.models import Membership, Participant, Site
from goldenthread.disclosures import actions, queries, rules

PROGRESS = "Keeps appointments; on the housing list."
PLAN = "Move into the bridge unit next month."
SHARE = {
    "audience": rules.PROSECUTOR,
    "purpose": rules.LEGAL_COORDINATION,
    "engagement_confirmed": True,
    "progress": PROGRESS,
    "plan": PLAN,
}
SHARED_CATEGORIES = rules.categories_of_content(
    engagement_confirmed=True, progress=PROGRESS, plan=PLAN, barriers=""
)


def _consented(site: Site, cm: Any, ids: list[int]) -> None:
    """Every one of ``ids`` gets an active consent covering the benchmark's disclosure, through
    the same audited action a case manager uses; participants already covered (asked of
    ``queries.consent_covering``, the check the disclosure itself makes) are left as they are,
    so repeated runs add nothing. Setup, not timed: one check per participant."""
    actor = actor_for(cm, site)
    today = site.today()
    for pid in ids:
        covering, _ = queries.consent_covering(
            site_id=site.pk,
            participant_id=pid,
            audience=rules.PROSECUTOR,
            agency_id=None,
            purpose=rules.LEGAL_COORDINATION,
            categories=SHARED_CATEGORIES,
            today=today,
        )
        if covering is not None:
            continue
        actions.consent_create(
            actor=actor,
            participant_id=pid,
            values={
                "discloser": f"{site.name} case management",
                "information": "Engagement, progress and the stabilisation plan",
                "categories": list(rules.CATEGORIES),
                "purposes": [rules.LEGAL_COORDINATION],
                "purpose_text": "Coordinating pending legal cases with the liaison prosecutor",
                "revocation_method": "Tell your case manager, in writing or in person",
                "expires_on": today + timedelta(days=365),
                "signed_by": "The participant",
                "signed_on": today,
            },
            recipients=[{"audience": rules.PROSECUTOR}],
            activate=True,
        )


def _disclosures(site: Site, n: int) -> Any:
    """The first case manager (whose token the bench uses) shares with the prosecutor about
    their active participants in turn, each of whom has a consent that covers it."""
    cm = Membership.objects.filter(site=site, role="cm", active=True).order_by("pk").first()
    if cm is None:
        raise RuntimeError("the site has no active case manager")
    ids = list(
        Participant.objects.filter(site=site, case_manager=cm.user, state="active")
        .order_by("pk")
        .values_list("pk", flat=True)[: max(1, n)]
    )
    if not ids:
        raise RuntimeError("the first case manager has no active participant")
    _consented(site, cm.user, ids)

    def request(i: int) -> tuple[str, dict[str, Any]]:
        return f"/api/v1/disclosures/participants/{ids[i % len(ids)]}/disclosures", SHARE

    return request


WRITES = [BenchWrite("Disclosure creation (CM)", "cm", _disclosures)]
