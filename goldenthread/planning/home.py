"""The PM's "what needs me today" from planning: the latest forecast's warning."""

from __future__ import annotations

from goldenthread.access.actor import Actor
from goldenthread.core.compiled import Steps
from goldenthread.planning import queries
from goldenthread.web.nav import Card


def cards(actor: Actor) -> Steps[list[Card]]:
    if not actor.can("planning.forecast.run"):
        return []
    run = yield from queries.latest_forecast_steps(actor.site_id)
    if run is None:
        return [Card("Caseload forecast", ["No forecast yet."], "planning:dashboard")]
    base = run.results["outlooks"][0]
    risk = max(base["p_exceed_cap"])
    needed = base["case_managers_needed"]
    lines = [
        f"Chance the caseload exceeds the cap in the next {run.horizon_months} months: "
        f"up to {risk:.0%}.",
        f"Case managers needed to stay at or under {base['target']}: "
        f"{needed if needed is not None else 'more than 1,000'} (now {base['case_managers']}).",
    ]
    return [Card("Caseload forecast", lines, "planning:dashboard", urgent=risk >= 0.1)]
