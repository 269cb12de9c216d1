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
    return participants_q_for(actor.role, actor.site_id, prefix)


def participants_q_for(role: Role, site_id: int, prefix: str = "") -> Q:
    """``participants_q`` for an actor of ``role`` at ``site_id``: for a query kept compiled
    (``core.compiled``), whose builder takes the role as its shape and the site as a value."""
    site = Q(**{f"{prefix}site_id": site_id})
    if role in SEES_ALL_PARTICIPANTS:
        return site
    return site & Q(**{f"{prefix}pk__in": []})
