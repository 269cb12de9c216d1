"""What needs me today, from the referrals area."""

from __future__ import annotations

from django.utils import timezone

from goldenthread.access.actor import Actor
from goldenthread.core.compiled import Steps, done, gather
from goldenthread.referrals import actions, queries, rules
from goldenthread.web.nav import Card


def cards(actor: Actor) -> Steps[list[Card]]:
    """The referrals area's cards; their queries run in one round (``core.compiled.gather``)."""
    handoff, capacity, filing = yield from gather(
        queries.oncall_summary_steps(actor, limit=5)
        if actor.can("referrals.handoff")
        else done(None),
        queries.capacity_for_steps(actor) if actor.can("referrals.capacity") else done(None),
        queries.filing_queue_count_steps(
            actor, rules.lapsed_if_due_before(timezone.now(), actor.site.time_zone)
        )
        if actor.can("referrals.filing_queue")
        else done(None),
    )
    out: list[Card] = []
    if handoff is not None and handoff.waiting:
        out.append(
            Card(
                "Arrest diversions awaiting a warm hand-off",
                [
                    f"#{e.referral.pk}: {e.minutes_left} min left"
                    if e.minutes_left >= 0
                    else f"#{e.referral.pk}: overdue by {-e.minutes_left} min"
                    for e in handoff.first
                ],
                "referrals:oncall",
                count=handoff.waiting,
                urgent=handoff.overdue > 0,
            )
        )
    if capacity is not None:
        c = capacity
        out.append(
            Card(
                "Caseload",
                [f"Site {c.caseload} of {c.capacity}; {c.pending} intakes pending"]
                + [f"{r.name}: {r.active} (target {r.target}, cap {r.cap})" for r in c.rows],
                "referrals:queue",
                urgent=not c.has_room,
            )
        )
    if filing is not None:
        lapsed, count = filing
        if lapsed:
            # Nothing expires silently: the sweep moves what lapsed, then the queue is counted.
            actions.referrals_expire(site=actor.site)
            count = queries.filing_queue_count(actor)
        if count:
            out.append(
                Card(
                    "Filing queue",
                    ["Arrest diversions whose intake lapsed: may be referred for filing."],
                    "referrals:filing_queue",
                    count=count,
                )
            )
    if actor.can("referrals.view_status") and not actor.can("referrals.view"):
        pending = queries.police_pending_count(actor)
        out.append(Card("My agency's referrals", [f"{pending} pending"], "referrals:list"))
    return out
