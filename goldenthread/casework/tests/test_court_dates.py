"""Next court date (caseload, participant page) and the advocate worklist, through legal's
interface (legal.queries.upcoming_court_among, next_court_date_steps, cases_for): no query
per row."""

from __future__ import annotations

from datetime import timedelta

import pytest

from goldenthread.audit.models import AccessEvent
from goldenthread.casework.tests.factories import contact, goal
from goldenthread.core.roles import Role
from goldenthread.legal.tests.factories import case
from goldenthread.testing import site_today

API = "/api/v1/casework"


def _soon(days):
    return site_today() + timedelta(days=days)


def _when(day):
    return f"{day:%b} {day.day}, {day.year}"


@pytest.mark.django_db
def test_it_shows_each_participants_next_court_date_on_the_caseload(world):
    dana = world.participant(first_name="Dana")
    c = case(world, world.alpha, dana, court_on=_soon(20))
    c.court_dates.create(site=world.alpha.site, on=_soon(6), kind="Arraignment")
    c.court_dates.create(site=world.alpha.site, on=_soon(-3), kind="Past hearing")
    world.participant(first_name="Quinn")
    rows = {r["name"]: r for r in world.api(Role.CM).get(f"{API}/caseload").json()}
    assert rows["Dana Rivera"]["next_court_date"] == _soon(6).isoformat()
    assert rows["Quinn Rivera"]["next_court_date"] is None
    body = world.client(Role.CM).get("/casework/").content.decode()
    assert _when(_soon(6)) in body


@pytest.mark.django_db
def test_it_never_shows_another_sites_court_dates(world):
    mine = world.participant(first_name="Mine")
    theirs = world.participant(world.beta, first_name="Theirs")
    case(world, world.beta, theirs, court_on=_soon(4))
    rows = world.api(Role.CM).get(f"{API}/caseload", {"cm": 0}).json()
    assert [r["next_court_date"] for r in rows if r["participant_id"] == mine.pk] == [None]
    assert theirs.pk not in {r["participant_id"] for r in rows}


@pytest.mark.django_db
def test_it_shows_no_court_date_to_a_role_without_legal_view(world):
    p = world.participant()
    case(world, world.alpha, p, court_on=_soon(4))
    rows = world.api(Role.OUTREACH).get(f"{API}/caseload", {"cm": 0}).json()
    assert [r["next_court_date"] for r in rows] == [None]


@pytest.mark.django_db
def test_it_shows_the_next_court_date_on_the_participant_page(world):
    p = world.participant()
    case(world, world.alpha, p, court_on=_soon(9))
    assert f"next court date {_when(_soon(9))}" in (
        world.client(Role.CM).get(f"/casework/p/{p.pk}/").content.decode()
    )
    timeline = world.api(Role.CM).get(f"{API}/participants/{p.pk}/timeline").json()
    assert timeline["next_court_date"] == _soon(9).isoformat()


@pytest.mark.django_db
def test_it_keeps_the_caseload_queries_constant_as_court_dates_grow(
    world, django_assert_max_num_queries
):
    client = world.client(Role.CM)
    for i in range(2):
        p = world.participant(first_name=f"P{i}")
        contact(world.alpha, p, days_ago=i)
        case(world, world.alpha, p, court_on=_soon(i + 1))
    with django_assert_max_num_queries(18) as few:
        assert client.get("/casework/").status_code == 200
    for i in range(10):
        p = world.participant(first_name=f"Q{i}")
        contact(world.alpha, p, days_ago=3)
        goal(world.alpha, p)
        case(world, world.alpha, p, court_on=_soon(i + 2))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/casework/")
    assert response.content.decode().count(f", {_soon(2).year}</td>") >= 12


@pytest.mark.django_db
def test_it_gives_the_advocate_pending_cases_court_dates_and_counsel(world):
    dana = world.participant(first_name="Dana")
    closed = case(world, world.alpha, dana, status="closed", court_on=_soon(2))
    closed.case_number = "25-9-00001"
    closed.save()
    filed = case(world, world.alpha, dana, court_on=_soon(5))
    world.participant(first_name="Quinn")
    rows = {r["name"]: r for r in world.api(Role.ADVOCATE).get(f"{API}/advocate/worklist").json()}
    assert rows["Dana Rivera"]["pending_cases"] == [f"{filed.case_number} (Filed, Municipal Court)"]
    assert rows["Dana Rivera"]["next_court_date"] == _soon(5).isoformat()
    assert rows["Dana Rivera"]["defence_counsel"] == "A. Counsel"
    assert rows["Quinn Rivera"]["pending_cases"] == []
    assert rows["Quinn Rivera"]["next_court_date"] is None
    body = world.client(Role.ADVOCATE).get("/casework/advocate/").content.decode()
    assert filed.case_number in body and "A. Counsel" in body
    assert any("legal_cases" in e.categories for e in AccessEvent.objects.filter(role="advocate"))


@pytest.mark.django_db
def test_it_answers_the_worklist_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    client = world.client(Role.ADVOCATE)
    case(world, world.alpha, world.participant(first_name="A"), court_on=_soon(3))
    with django_assert_max_num_queries(28) as few:
        assert client.get("/casework/advocate/").status_code == 200
    for i in range(10):
        case(world, world.alpha, world.participant(first_name=f"B{i}"), court_on=_soon(i + 4))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/casework/advocate/")
    assert response.content.decode().count("A. Counsel") == 11


@pytest.mark.django_db
def test_the_court_date_and_legal_matters_are_read_with_the_pages_sections(world):
    """The participant page's next court date and open legal matters (with their deadlines) are
    read in the statement of its sections on PostgreSQL (core.compiled.gather), and still shown;
    elsewhere each query runs alone."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from goldenthread.legalservices.actions import deadline_add
    from goldenthread.legalservices.tests.matrix import open_matter

    matter = open_matter(world, world.alpha)
    p = matter.participant
    ls = world.alpha.actor(Role.LEGAL_SERVICES)
    deadline_add(actor=ls, matter_id=matter.pk, due_on=_soon(9), label="Answer the complaint")
    case(world, world.alpha, p, court_on=_soon(5))
    client = world.client(Role.CM)
    client.get(f"/casework/p/{p.pk}/")  # each kept query's columns, asked once a connection
    with override_settings(COMPILED_QUERIES_CHECK=False), CaptureQueriesContext(connection) as ctx:
        body = client.get(f"/casework/p/{p.pk}/").content.decode()
    assert _when(_soon(5)) in body and "Answer the complaint" in body
    legal = [q["sql"] for q in ctx.captured_queries if "legal_courtdate" in q["sql"]]
    if connection.vendor == "postgresql":
        assert len(legal) == 1
        assert "legalservices_matterdeadline" in legal[0] and "casework_contact" in legal[0]
    else:
        assert len(legal) == 1 and "casework_contact" not in legal[0]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CM, Role.SUPERVISOR, Role.ADVOCATE, Role.OUTREACH])
def test_the_caseloads_court_dates_are_read_with_its_rows(world, role):
    """The caseload's next court dates come from legal's query over the caseload's own
    participants, in the statement of its rows on PostgreSQL; each participant's soonest date
    among the cases the role may see, and none of another site's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    dana = world.participant(first_name="Dana")
    c = case(world, world.alpha, dana, court_on=_soon(20))
    c.court_dates.create(site=world.alpha.site, on=_soon(6), kind="Arraignment")
    theirs = world.participant(world.beta, first_name="Theirs")
    case(world, world.beta, theirs, court_on=_soon(2))
    api = world.api(role)
    api.get(f"{API}/caseload", {"cm": 0})  # each kept query's columns, asked once
    with override_settings(COMPILED_QUERIES_CHECK=False), CaptureQueriesContext(connection) as ctx:
        response = api.get(f"{API}/caseload", {"cm": 0})
    assert response.status_code == 200
    rows = {r["participant_id"]: r["next_court_date"] for r in response.json()}
    sees_court = world.alpha.actor(role).can("legal.view")
    assert rows.get(dana.pk) == (_soon(6).isoformat() if sees_court else None)
    assert theirs.pk not in rows
    court = [q["sql"] for q in ctx.captured_queries if "legal_courtdate" in q["sql"]]
    assert len(court) == (1 if sees_court else 0)
    if court and connection.vendor == "postgresql":
        assert "core_participant" in court[0] and "casework_caseworksettings" in court[0]
