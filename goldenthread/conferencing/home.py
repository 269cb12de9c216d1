"""Home-page card: the OWG action items the actor owns (their worklist)."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.conferencing import queries, rules
from goldenthread.core.compiled import Steps
from goldenthread.web.nav import Card


def cards(actor: Actor) -> Steps[list[Card]]:
    if not actor.can("conferencing.view"):
        return []
    rows = yield from queries.my_open_action_items_steps(actor)
    if not rows:
        return []
    today = queries.today_for(actor)  # the site's calendar, not the server's
    lines = [
        f"{description} (due {due_on:%Y-%m-%d}"
        f"{', overdue' if rules.is_overdue(due_on, today) else ''})"
        for description, due_on in rows[:6]
    ]
    return [
        Card(
            "My OWG action items",
            lines,
            url_name="conferencing:my_action_items",
            count=len(rows),
            urgent=any(rules.is_overdue(due_on, today) for _, due_on in rows),
        )
    ]
