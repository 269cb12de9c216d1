"""The PM's capacity page: caseload per case manager, the split, the forecast."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from goldenthread.core.roles import Role
from goldenthread.planning.models import Scenario
from goldenthread.planning.tests.history import build_history
from goldenthread.testing import rls_queries


@pytest.mark.django_db
def test_it_shows_caseload_per_case_manager_against_the_cap(world):
    made = build_history(world, count=45)
    in_program = sum(1 for p in made if p.state != "exited")
    assert in_program > 25  # the site's cap
    response = world.client(Role.PM).get("/planning/")
    html = response.content.decode()
    assert response.status_code == 200
    row = re.search(r'<table id="caseloads">.*?</table>', html, re.S).group(0)
    assert f"<td>{in_program}</td>" in row and "over the cap" in row
    assert 'id="caseload-per-cm"' in html  # the bar chart, inline SVG


@pytest.mark.django_db
def test_its_charts_carry_no_inline_style_for_the_csp(world):
    build_history(world)
    client = world.client(Role.PM)
    client.post("/planning/forecasts/", {"horizon_months": 12, "paths": 200})
    html = client.get("/planning/").content.decode()
    svgs = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(svgs) == 2
    for svg in svgs:
        assert "style=" not in svg and "<style" not in svg
        assert "<title" in svg and "<desc" in svg


@pytest.mark.django_db
def test_it_answers_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    build_history(world, count=10)
    client = world.client(Role.PM)
    client.post("/planning/forecasts/", {"horizon_months": 12, "paths": 200})
    client.get("/planning/")  # warm the session and site caches
    # The six areas' panels add eight grouped queries; the filter's regions one, the capacity
    # queue (its settings and its rows) two, the waits per door one, flex spend by category
    # one (the pools' budgets, which the dashboard does not show, are not read) and time to
    # intake one. PostgreSQL counts two more than SQLite (rls_queries).
    # The panels as read, not as kept (cache.clear: see test_dashboard_panels_kept.py).
    cache.clear()
    with django_assert_max_num_queries(30 + rls_queries()):
        client.get("/planning/")
    build_history(world, count=60, seed=2)
    cache.clear()
    with django_assert_max_num_queries(30 + rls_queries()):
        assert client.get("/planning/").status_code == 200


@pytest.mark.django_db
def test_the_api_lists_caseloads(world):
    build_history(world, count=12)
    rows = world.api(Role.SUPERVISOR).get("/api/v1/planning/caseloads").json()
    assert [r["username"] for r in rows] == ["cm"]
    assert rows[0]["caseload"] == rows[0]["active"] + rows[0]["inactive"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("count", "badge", "level"),
    [
        (2, "within the target", "ok"),  # at the target
        (3, "over the target", "high"),
        (4, "over the target", "high"),  # at the cap
        (5, "over the cap", "over"),
    ],
)
def test_each_case_managers_caseload_is_placed_against_the_sites_target_and_cap(
    world, count, badge, level
):
    site = world.alpha.site
    site.caseload_target, site.caseload_cap = 2, 4
    site.save()
    for i in range(count):
        world.participant(first_name=f"P{i}")
    html = world.client(Role.PM).get("/planning/").content.decode()
    row = re.search(r'<table id="caseloads">.*?</table>', html, re.S).group(0)
    assert f"<td>{count}</td>" in row and f">{badge}</span>" in row
    (api,) = world.api(Role.PM).get("/api/v1/planning/caseloads").json()
    assert (api["caseload"], api["level"]) == (count, level)


@pytest.mark.django_db
def test_each_case_manager_is_named_as_the_user_and_counted_by_state(world):
    """The caseloads are read as plain rows: each CM's name is ``get_full_name()`` or, without
    one, the user name, and the counts are their participants' by state at this site."""
    from goldenthread.planning.queries import caseload_by_case_manager

    cm = world.alpha.users[Role.CM]
    cm.first_name, cm.last_name = "Ada", "Lovelace"
    cm.save()
    for state in ["active", "active", "inactive", "enrolled", "exited"]:
        world.participant(state=state)
    world.participant(world.beta, state="active")  # another site's: not counted
    rows = {r.username: r for r in caseload_by_case_manager(world.actor(Role.PM))}
    mine = rows[cm.get_username()]
    assert mine.name == cm.get_full_name() == "Ada Lovelace"
    assert (mine.caseload, mine.active, mine.inactive) == (4, 3, 1)
    cm.first_name = cm.last_name = ""
    cm.save()
    rows = {r.username: r for r in caseload_by_case_manager(world.actor(Role.PM))}
    assert rows[cm.get_username()].name == cm.get_username()


@pytest.mark.django_db
def test_every_active_case_manager_is_listed_by_name_with_or_without_participants(world):
    """Counted by case manager first, then joined to the site's active case managers: one with
    no participant is listed with none, in last-name order; a participant of another site
    whose case manager also works here, or of someone who is not an active CM, counts for no
    one here."""
    from django.contrib.auth import get_user_model

    from goldenthread.core.models import Membership
    from goldenthread.planning.queries import caseload_by_case_manager

    users = get_user_model()
    cm = world.alpha.users[Role.CM]
    cm.first_name, cm.last_name = "Ada", "Lovelace"
    cm.save()
    agency = Membership.objects.get(site=world.alpha.site, user=cm).agency
    new = users.objects.create_user("newcm", first_name="Alan", last_name="Bell")
    Membership.objects.create(
        site=world.alpha.site, user=new, role=Role.CM, active=True, agency=agency
    )
    gone = users.objects.create_user("gonecm", first_name="Zed", last_name="Aardvark")
    Membership.objects.create(
        site=world.alpha.site, user=gone, role=Role.CM, active=False, agency=agency
    )
    world.participant(state="active")
    world.participant(state="inactive")
    other = world.participant(state="active")
    other.case_manager = gone  # not an active CM: counted for no one here
    other.save()
    elsewhere = world.participant(world.beta, state="active")
    elsewhere.case_manager = cm
    elsewhere.save()
    rows = caseload_by_case_manager(world.actor(Role.PM))
    names = [r.username for r in rows]
    assert "gonecm" not in names
    assert names.index("newcm") < names.index(cm.get_username())  # Bell before Lovelace
    by_name = {r.username: r for r in rows}
    assert (by_name["newcm"].caseload, by_name["newcm"].active) == (0, 0)
    assert by_name["newcm"].level == "ok"
    assert by_name[cm.get_username()].caseload == 2  # both of this site's, not beta's


@pytest.mark.django_db
def test_with_its_panels_kept_the_page_is_one_statement_of_reads(world):
    """The page's own reads (caseloads, states, forecast runs, scenarios, the capacity queue and
    its settings, the waits per door, the filter's regions, the panels' versions) run together:
    one statement on PostgreSQL (core.compiled.gather, ADR 23), beside the request's own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    build_history(world, count=10)
    client = world.client(Role.PM)
    client.post("/planning/forecasts/", {"horizon_months": 12, "paths": 200})
    Scenario.objects.create(
        site=world.alpha.site, name="Two more", cm_delta=2, created_by=world.alpha.users[Role.PM]
    )
    client.get("/planning/")  # the panels kept; each kept query's column types asked once
    with override_settings(COMPILED_QUERIES_CHECK=False), CaptureQueriesContext(connection) as ctx:
        again = client.get("/planning/").content.decode()
    assert "Two more" in again and "The referral queue" in again
    reads = len(ctx.captured_queries) - 2 - rls_queries()  # the session, the user
    # Elsewhere one query each: the caseloads are two (the CMs, and their counts by state).
    assert reads == (1 if connection.vendor == "postgresql" else 12)
