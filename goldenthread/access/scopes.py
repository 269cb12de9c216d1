"""Which participants an actor may see. Row-level visibility lives here, beside the policy.

Roles that work every case at the site see every participant there. Other roles reach a
participant only through their own area's records (police through their referrals, the
prosecutor through legal cases and disclosures addressed to them), and those areas' queries
use the filters below.
"""

from __future__ import annotations

from django.db.models import Q

from goldenthread.access.actor import Actor
from goldenthread.core.roles import Role

SEES_ALL_PARTICIPANTS: frozenset[Role] = frozenset(
    {Role.PM, Role.CM, Role.SUPERVISOR, Role.OUTREACH, Role.ADVOCATE}
)
CASE_MANAGEMENT_ROLES: frozenset[Role] = frozenset(
    {Role.CM, Role.SUPERVISOR, Role.OUTREACH, Role.ADVOCATE}
)


def participants_q(actor: Actor, prefix: str = "") -> Q:
    """A filter on Participant (or on a relation to it, with ``prefix`` like "participant__")
    that keeps only the rows this actor may see. Always includes the site."""
    site = Q(**{f"{prefix}site_id": actor.site_id})
    if actor.role in SEES_ALL_PARTICIPANTS:
        return site
    return site & Q(**{f"{prefix}pk__in": []})
