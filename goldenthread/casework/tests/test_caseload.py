"""My caseload: last contact, days since a substantive contact, flags, 'in the wind'."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from goldenthread.casework.tests.factories import contact, goal
from goldenthread.core.models import Membership, Participant
from goldenthread.core.roles import Role
from goldenthread.testing import rls_queries


def _rows(world, role=Role.CM, **params):
    response = world.api(role).get("/api/v1/casework/caseload", params)
    assert response.status_code == 200
    return {r["name"]: r for r in response.json()}


@pytest.mark.django_db
def test_it_shows_days_since_a_substantive_contact_and_flags(world):
    dana = world.participant(first_name="Dana")
    contact(world.alpha, dana, days_ago=2, substantive=False)
    contact(world.alpha, dana, days_ago=9, substantive=True)
    goal(world.alpha, dana)
    quiet = world.participant(first_name="Quinn")
    contact(world.alpha, quiet, days_ago=45)
    rows = _rows(world)
    assert rows["Dana Rivera"]["days_since_contact"] == 2
    assert rows["Dana Rivera"]["days_since_substantive"] == 9
    assert not rows["Dana Rivera"]["in_the_wind"]
    assert "No open goal" not in rows["Dana Rivera"]["flags"]
    assert rows["Quinn Rivera"]["in_the_wind"] and rows["Quinn Rivera"]["propose_inactive"]
    assert "In the wind" in rows["Quinn Rivera"]["flags"]
    assert "Monthly status due" in rows["Quinn Rivera"]["flags"]


@pytest.mark.django_db
def test_it_uses_the_sites_inactive_after_days(world):
    p = world.participant()
    contact(world.alpha, p, days_ago=10)
    assert not _rows(world)["Dana Rivera"]["in_the_wind"]
    world.alpha.site.inactive_after_days = 7
    world.alpha.site.save()
    assert _rows(world)["Dana Rivera"]["in_the_wind"]


@pytest.mark.django_db
def test_it_lists_only_my_participants_unless_asked(world):
    world.participant(first_name="Mine")
    other = world.participant(first_name="Theirs")
    other.case_manager = world.alpha.users[Role.SUPERVISOR]
    other.save()
    assert set(_rows(world)) == {"Mine Rivera"}
    assert set(_rows(world, cm=0)) == {"Mine Rivera", "Theirs Rivera"}


@pytest.mark.django_db
def test_it_answers_the_list_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client(Role.CM)
    for i in range(3):
        contact(world.alpha, world.participant(first_name=f"P{i}"), days_ago=i)
    # 18: the court dates (legal.queries.upcoming_court_among) are one query for the whole
    # list (in the rows' statement on PostgreSQL). The second pin below proves the count stays
    # constant as rows grow.
    with django_assert_max_num_queries(18) as few:
        assert client.get("/casework/").status_code == 200
    for i in range(12):
        p = world.participant(first_name=f"Q{i}")
        contact(world.alpha, p, days_ago=40)
        goal(world.alpha, p)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/casework/")
    assert response.content.count(b"Confirm inactive") == 12


@pytest.mark.django_db
def test_it_lets_the_cm_confirm_inactive_for_someone_in_the_wind(world):
    p = world.participant()
    contact(world.alpha, p, days_ago=60)
    response = world.client(Role.CM).post(
        f"/casework/p/{p.pk}/inactive/", {"reason": "No contact in 30 days"}
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.state == Participant.State.INACTIVE
    assert p.state_changes.filter(to_state="inactive", reason="No contact in 30 days").exists()


@pytest.mark.django_db
def test_it_never_marks_anyone_inactive_by_itself(world):
    p = world.participant()
    contact(world.alpha, p, days_ago=90)
    _rows(world)
    p.refresh_from_db()
    assert p.state == "active"


@pytest.mark.django_db
def test_the_api_answers_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    api = world.api(Role.CM)
    api.get("/api/v1/casework/caseload")  # the token's first use is recorded once
    for i in range(3):
        contact(world.alpha, world.participant(first_name=f"P{i}"), days_ago=i)
    # The token, the caseload, the site's settings, the court dates (legal.queries); on
    # PostgreSQL the caseload and the settings in one statement (core.compiled.together), and
    # the site is bound and unset (access/rls.py).
    together = 1 if connection.vendor == "postgresql" else 2
    with django_assert_max_num_queries(2 + together + rls_queries()) as few:
        assert len(_rows(world)) == 3
    for i in range(12):
        p = world.participant(first_name=f"Q{i}")
        contact(world.alpha, p, days_ago=40)
        goal(world.alpha, p)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_rows(world)) == 15


def _options(html: str) -> list[tuple[str, str, bool]]:
    """The case manager drop-down's options: (value, label, selected)."""
    select = html[html.index('<select name="cm" id="cm">') : html.index("</select>")]
    return [
        (value, label, bool(mark))
        for value, mark, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select
        )
    ]


@pytest.mark.django_db
def test_the_case_manager_filter_offers_this_sites_case_managers_and_marks_the_choice(world):
    User = get_user_model()
    extra = User.objects.create_user(username="cm-<b>&", password="x")
    Membership.objects.create(
        site=world.alpha.site,
        user=extra,
        agency=world.alpha.memberships[Role.CM].agency,
        role=Role.CM,
    )
    client = world.client(Role.CM)
    options = _options(client.get("/casework/").content.decode())
    assert options[:2] == [("", "Mine", True), ("0", "Everyone", False)]
    # This site's active case managers by user name, escaped; never another site's.
    assert [label for _, label, _ in options[2:]] == ["cm", "cm-&lt;b&gt;&amp;"]
    assert "beta_cm" not in client.get("/casework/?cm=0").content.decode()
    chosen = _options(client.get(f"/casework/?cm={extra.pk}").content.decode())
    assert [value for value, _, selected in chosen if selected] == [str(extra.pk)]
    everyone = _options(client.get("/casework/?cm=0").content.decode())
    assert [value for value, _, selected in everyone if selected] == ["0"]


@pytest.mark.django_db
def test_the_case_manager_filter_is_one_query_however_many_case_managers(
    world, django_assert_max_num_queries
):
    client = world.client(Role.CM)
    client.get("/casework/")
    with django_assert_max_num_queries(18) as few:
        assert client.get("/casework/").status_code == 200
    User = get_user_model()
    agency = world.alpha.memberships[Role.CM].agency
    for i in range(15):
        user = User.objects.create_user(username=f"cm-{i:02}", password="x")
        Membership.objects.create(site=world.alpha.site, user=user, agency=agency, role=Role.CM)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/casework/")
    assert len(_options(response.content.decode())) == 2 + 16
