"""What needs me today, from the referrals area."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.referrals import actions, queries
from goldenthread.web.nav import Card


def cards(actor: Actor) -> list[Card]:
    out: list[Card] = []
    if actor.can("referrals.handoff"):
        waiting = queries.oncall_summary(actor, limit=5)
        if waiting.waiting:
            out.append(
                Card(
                    "Arrest diversions awaiting a warm hand-off",
                    [
                        f"#{e.referral.pk}: {e.minutes_left} min left"
                        if e.minutes_left >= 0
                        else f"#{e.referral.pk}: overdue by {-e.minutes_left} min"
                        for e in waiting.first
                    ],
                    "referrals:oncall",
                    count=waiting.waiting,
                    urgent=waiting.overdue > 0,
                )
            )
    if actor.can("referrals.capacity"):
        c = queries.capacity_for(actor)
        out.append(
            Card(
                "Caseload",
                [f"Site {c.caseload} of {c.capacity}; {c.pending} intakes pending"]
                + [f"{r.name}: {r.active} (target {r.target}, cap {r.cap})" for r in c.rows],
                "referrals:queue",
                urgent=not c.has_room,
            )
        )
    if actor.can("referrals.filing_queue"):
        actions.referrals_expire(site=actor.site)  # nothing expires silently
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
