"""The participant page: one timeline, a picture of status over time, no query per row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.audit.models import AccessEvent
from goldenthread.casework import queries
from goldenthread.casework.models import ActionStep, ProgressNote, ServiceReferral, StatusRecord
from goldenthread.casework.tests.factories import contact, flex_request, goal
from goldenthread.core.models import ParticipantStateChange
from goldenthread.core.roles import Role
from goldenthread.testing import site_today


def _history(world, p, n):
    today = site_today()
    cm = world.alpha.users[Role.CM]
    for i in range(n):
        contact(world.alpha, p, days_ago=i, note=f"note {i}")
        g = goal(world.alpha, p)
        ActionStep.objects.create(
            site=world.alpha.site, goal=g, description=f"step {i}", owner="CM"
        )
        ProgressNote.objects.create(
            site=world.alpha.site, goal=g, author=cm, written_on=today, note=f"progress {i}"
        )
        StatusRecord.objects.create(
            site=world.alpha.site,
            participant=p,
            domain="housing",
            value=["unsheltered", "sheltered", "temporary", "permanent"][i % 4],
            recorded_on=today - timedelta(days=30 * i),
            recorded_by=cm,
        )
        ServiceReferral.objects.create(
            site=world.alpha.site,
            participant=p,
            kind="moud",
            provider="ETS",
            sent_on=today,
            made_by=cm,
        )
        flex_request(world.alpha, world, goal=g)
        ParticipantStateChange.objects.create(
            site=world.alpha.site,
            participant=p,
            from_state="active",
            to_state="inactive",
            changed_at=timezone.now(),
        )


@pytest.mark.django_db
def test_it_shows_the_recent_history_on_one_page(world):
    p = world.participant()
    _history(world, p, 2)
    response = world.client(Role.CM).get(f"/casework/p/{p.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    for text in [
        "note 1",
        "progress 0",
        "step 1 — CM",
        "Mark done",
        "Housing: Sheltered",
        "MOUD",
        "Motel 6",
        "active → inactive",
    ]:
        assert text in body, text
    assert "<svg" in body and "<rect" in body and "Housing, " in body
    assert AccessEvent.objects.filter(subject_id=str(p.pk), role="cm").exists()


@pytest.mark.django_db
def test_it_runs_the_same_queries_for_a_long_history(world, django_assert_max_num_queries):
    client = world.client(Role.CM)
    short = world.participant(first_name="Short")
    _history(world, short, 1)
    # The first access link of the site's chain makes its head: one statement more than the
    # next (on PostgreSQL, ADR 20).
    with django_assert_max_num_queries(30) as first:
        assert client.get(f"/casework/p/{short.pk}/").status_code == 200
    long = world.participant(first_name="Long")
    _history(world, long, 12)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(f"/casework/p/{long.pk}/").status_code == 200


@pytest.mark.django_db
def test_it_gives_the_timeline_to_the_api(world):
    p = world.participant()
    _history(world, p, 1)
    events = (
        world.api(Role.ADVOCATE)
        .get(f"/api/v1/casework/participants/{p.pk}/timeline")
        .json()["events"]
    )
    assert {"Contact", "Goal", "Status", "Service referral", "Flex funds", "State"} <= {
        e["kind"] for e in events
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.OFFICER, Role.PROSECUTOR, Role.CLT_MEMBER, Role.PM])
def test_it_is_not_there_for_anyone_outside_case_management(world, role):
    p = world.participant()
    assert world.client(role).get(f"/casework/p/{p.pk}/").status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    "table", ["casework_contact", "casework_flexfundrequest", "casework_servicereferral"]
)
def test_its_newest_rows_are_read_from_the_end_of_an_index_without_a_sort(world, table):
    """The timeline's newest contacts, flex requests and service referrals (ORDER BY date DESC,
    id DESC LIMIT n) come from the end of an index on (site, participant, date, id): the rows
    read and the database's time are the page's, however long the participant's history is.
    Measured at site scale: 0.63 → 0.08 ms for a participant with 497 contacts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("the plan is PostgreSQL's")
    p = world.participant()
    _history(world, p, 2)
    client = world.client(Role.CM)
    client.get(f"/casework/p/{p.pk}/")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/casework/p/{p.pk}/").status_code == 200
    # The page reads the table in the statement of its sections (core.compiled.together): its
    # own query, as kept, is the one planned here.
    assert any(f'FROM "{table}" WHERE' in q["sql"] for q in ctx.captured_queries)
    kept = {
        "casework_contact": queries._PAGE_CONTACTS,
        "casework_flexfundrequest": queries._PAGE_FLEX,
        "casework_servicereferral": queries._PAGE_REFERRALS,
    }[table]
    sql, params = kept.build(site_id=p.site_id, participant_id=p.pk).query.sql_with_params()
    with connection.cursor() as cur:
        # A handful of test rows, whose statistics other tests' rows move: no table scan, and a
        # sort only where no index gives the order (so the old schema still fails here).
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_sort = off")
        cur.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cur.fetchall())
    assert "Index" in plan and "Backward" in plan, plan
    assert "Sort" not in plan, plan


@pytest.mark.django_db
def test_its_chart_and_latest_statuses_are_those_of_every_record(world):
    """The page reads only the records the chart needs (the last of each domain in each month,
    and the value carried in), as plain rows: its picture is the one every record gives, and
    its latest status of each domain is the newest record's."""
    from django.utils.formats import localize

    from goldenthread.casework import rules
    from goldenthread.casework.queries import status_chart

    p = world.participant()
    cm = world.alpha.users[Role.CM]
    today = site_today()
    made = []
    for i, domain in enumerate(rules.STATUS_DOMAINS):
        values = list(rules.status_choices(domain))
        for k in range(0, 480, 11 + 7 * i):  # several a month, over 16 months, each day once
            made.append(
                StatusRecord.objects.create(
                    site=world.alpha.site,
                    participant=p,
                    domain=domain,
                    value=values[(k // 11) % len(values)],
                    recorded_on=today - timedelta(days=k + i),
                    recorded_by=cm,
                )
            )
    body = world.client(Role.CM).get(f"/casework/p/{p.pk}/").content.decode()
    every = [(r.domain, r.value, r.recorded_on) for r in made]
    assert status_chart(every, today).svg() in body
    for domain in rules.STATUS_DOMAINS:
        newest = max((r for r in made if r.domain == domain), key=lambda r: r.recorded_on)
        shown = f"<dd>{newest.value_label} (as of {localize(newest.recorded_on)})</dd>"
        assert shown in body, shown
