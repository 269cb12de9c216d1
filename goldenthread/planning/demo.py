"""The planning part of the demo: two scenarios and a finished forecast for the demo site."""

from __future__ import annotations

from typing import Any

from goldenthread.access.actor import actor_for
from goldenthread.planning import actions


def populate(ctx: Any) -> None:
    actor = actor_for(ctx.users["pm"], ctx.site, via="demo")
    actions.scenario_create(actor=actor, name="Two more case managers", cm_delta=2)
    actions.scenario_create(
        actor=actor, name="New precinct (+3 referrals a month)", extra_referrals_per_month=3.0
    )
    actions.scenario_create(actor=actor, name="Stays 50% longer", time_in_program_factor=1.5)
    run = actions.forecast_run_request(
        actor=actor, horizon_months=24, paths=5000, seed=2011, as_of=ctx.today, enqueue=False
    )
    actions.forecast_run_compute(run_id=run.pk)
