"""The wait-list is the referrals area's capacity queue: shown on the capacity page in its
priority order, with waits per door, and the forecast starts from it."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.core.roles import Role
from goldenthread.planning import queries
from goldenthread.planning import rules as r
from goldenthread.planning.tests.test_rules import _history
from goldenthread.referrals.tests.makers import waiting
from goldenthread.testing import site_today


def test_the_queue_today_is_demand_at_its_doors_intake_conversion():
    history = _history(5.0, 6.0, 36, seed=2)
    base = r.fit_model(history)
    queued = r.fit_model(
        dataclasses.replace(history, queued={"social": 40}, intake={"social": (30, 40)})
    )
    a = r.project(base, months=6, paths=3000, seed=5)
    b = r.project(queued, months=6, paths=3000, seed=5)
    extra = b.enrollments[:, 0].mean() - a.enrollments[:, 0].mean()
    assert abs(extra - 40 * 0.75) < 1.5  # 40 waiting, three in four enroll
    assert b.caseload[:, 0].mean() > a.caseload[:, 0].mean() + 25


def test_a_full_site_starts_with_its_queue_on_the_wait_list():
    """About 24 in program (4 a month staying 6 months) and one case manager's cap of 25:
    the 30 waiting (all of whom enroll once there is room) go on the wait-list at once."""
    history = _history(4.0, 6.0, 36, seed=3)
    queued = dataclasses.replace(history, queued={"social": 30}, intake={"social": (10, 10)})

    def outlook(h: r.History) -> r.Outlook:
        projection = r.project(r.fit_model(h), months=3, paths=2000, seed=1)
        return r.summarise(projection, name="", case_managers=1, target=20, cap=25, mean_months=6.0)

    without, with_queue = outlook(history), outlook(queued)
    assert with_queue.waitlist_p50[0] - without.waitlist_p50[0] >= 20
    assert with_queue.wait_months_p50[0] is not None and with_queue.wait_months_p50[0] > 1


@pytest.mark.parametrize(
    ("waiting", "exits", "months"),
    [([[10, 0]], [[5, 5]], [2.0, None]), ([[6, 3], [0, 0]], [[3, 3], [1, 1]], [1.0, 0.5])],
)
def test_the_wait_is_the_list_over_the_exit_rate(waiting, exits, months):
    assert r.wait_months_to_clear(np.array(waiting), np.array(exits)) == months


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 40), st.integers(0, 2**16))
def test_a_longer_queue_never_shortens_the_wait_list(extra, seed):
    history = _history(3.0, 5.0, 24, seed=7)
    short = dataclasses.replace(history, queued={"social": 5}, intake={"social": (5, 5)})
    long = dataclasses.replace(short, queued={"social": 5 + extra})
    lists = [
        r.summarise(
            r.project(r.fit_model(h), months=4, paths=200, seed=seed),
            name="",
            case_managers=0,
            target=20,
            cap=25,
            mean_months=5.0,
        ).waitlist_p50
        for h in (short, long)
    ]
    assert all(b >= a for a, b in zip(*lists, strict=True))


@pytest.mark.django_db
def test_the_capacity_page_shows_the_queue_in_priority_order(world):
    now = timezone.now()
    old = waiting(world.alpha, waiting_since=now - timedelta(days=30))
    new = waiting(world.alpha, waiting_since=now - timedelta(days=2), door="community")
    waiting(world.beta)  # another site's queue never shows
    rows = queries.capacity_queue(world.alpha.actor(Role.PM))
    assert [(q.position, q.referral_id) for q in rows] == [(1, old.pk), (2, new.pk)]
    assert rows[0].days_waiting == 30 and rows[0].terms
    html = world.client(Role.PM).get("/planning/").content.decode()
    assert 'id="queue"' in html and f"#{old.pk}" in html
    assert html.index(f"#{old.pk}") < html.index(f"#{new.pk}")
    assert old.last_name not in html  # the queue names no one
    body = world.api(Role.PM).get("/api/v1/planning/dashboard").json()
    assert [w["door"] for w in body["waiting"]] == ["community", "social"]
    assert body["queue"][0]["position"] == 1 and body["queue"][0]["referral_id"] == old.pk


@pytest.mark.django_db
def test_the_forecast_reads_the_queue(world):
    from goldenthread.planning.tests.history import build_history

    build_history(world, count=40)
    for _ in range(3):
        waiting(world.alpha)
    inputs = queries.forecast_inputs(world.alpha.site.pk, site_today(), tz=world.alpha.site.tz)
    assert inputs.history.queued == {"social": 3}
    assert inputs.summary["queue"]["social"]["waiting"] == 3


def _recorded(referral, versions):
    """Give ``referral`` a recorded history: one saved version per (when, state, waiting
    since), each dated ``when``, as the referrals area's actions would have left it."""
    from goldenthread.referrals.models import Referral

    Referral.history.filter(id=referral.pk).delete()
    for when, state, since in versions:
        Referral.objects.filter(pk=referral.pk).update(state=state, waiting_since=since)
        referral.refresh_from_db()
        referral.save()
        latest = Referral.history.filter(id=referral.pk).latest("history_id")
        Referral.history.filter(history_id=latest.history_id).update(history_date=when)


@pytest.mark.django_db
def test_a_forecast_as_of_an_earlier_day_starts_from_the_queue_of_that_day(world):
    """Known answer. As of D (20 days ago), at the end of that day: A (waiting since D−10,
    still waiting), B (since D−5, admitted after D) and E (since D−8, admitted D+1) were
    waiting; C joined after D; F was declined the day before D. Today only A and C wait."""
    from datetime import datetime, time

    from goldenthread.planning import actions
    from goldenthread.planning.models import ForecastRun
    from goldenthread.planning.tests.history import build_history

    build_history(world, count=40)
    site = world.alpha
    tz = site.site.tz
    d = timezone.localdate(timezone=tz) - timedelta(days=20)
    noon = datetime.combine(d, time(12), tzinfo=tz)
    end_of_d = datetime.combine(d + timedelta(days=1), time(), tzinfo=tz)

    def at(days):
        return noon + timedelta(days=days)

    pending, declined = "intake_pending", "declined"
    a = waiting(site, waiting_since=at(-10))
    _recorded(a, [(at(-10), pending, at(-10))])
    b = waiting(site, waiting_since=None)
    _recorded(b, [(at(-5), pending, at(-5)), (at(3), pending, None)])
    c = waiting(site, waiting_since=at(2))
    _recorded(c, [(at(2), pending, at(2))])
    e = waiting(site, waiting_since=None)
    _recorded(e, [(at(-8), pending, at(-8)), (at(1), pending, None)])
    f = waiting(site, state=declined, waiting_since=None)
    _recorded(f, [(at(-20), pending, at(-20)), (at(-1), declined, None)])

    today = queries.forecast_inputs(site.site.pk, site_today(), tz=site.site.tz)
    assert today.history.queued == {"social": 2}
    then = queries.forecast_inputs(site.site.pk, d, tz=site.site.tz, queue_at=end_of_d)
    assert then.history.queued == {"social": 3}
    # Days waiting at the end of D: A 10, E 8, B 5 (counted from noon, to midnight).
    assert then.summary["queue"]["social"] == {"waiting": 3, "median_days": 8.0, "longest_days": 10}

    # Through a forecast run as of D: the run's inputs carry that day's queue.
    run = actions.forecast_run_request(
        actor=site.actor(Role.PM), horizon_months=12, paths=200, as_of=d
    )
    assert run.status == ForecastRun.Status.DONE
    assert run.inputs["queue"]["social"]["waiting"] == 3
    now = actions.forecast_run_request(actor=site.actor(Role.PM), horizon_months=12, paths=200)
    assert now.inputs["queue"]["social"]["waiting"] == 2
