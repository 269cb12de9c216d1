"""The worklist's sections: the worklist page shows each section's first rows with its total,
and each section has pages of its own, so no row is out of reach however long the queue."""

from __future__ import annotations

from datetime import timedelta

import pytest

from goldenthread.audit.models import AccessEvent
from goldenthread.core.roles import Role
from goldenthread.disclosures.tests.querycount import assert_flat
from goldenthread.legal import rules
from goldenthread.legal.models import LegalCase
from goldenthread.legal.tests import factories
from goldenthread.testing import rls_queries, site_today


@pytest.fixture
def small(monkeypatch):
    """Sections of 2 rows on the worklist page and pages of 2: a few cases fill several."""
    monkeypatch.setattr("goldenthread.legal.queries.WORKLIST_SHOWN", 2)
    monkeypatch.setattr("goldenthread.legal.queries.LATEST_CASES", 2)
    monkeypatch.setattr("goldenthread.legal.queries.SECTION_PAGE", 2)


def _queued(world, n: int) -> list[LegalCase]:
    return [factories.case(world, world.alpha, status=LegalCase.Status.REFERRED) for _ in range(n)]


def _held(world, n: int) -> list[LegalCase]:
    held = []
    for days in range(n):
        case = factories.case(world, world.alpha, court_on=site_today() + timedelta(days=days + 1))
        factories.decision(
            world.alpha, case, rules.HOLD, review_on=site_today() + timedelta(days=days)
        )
        held.append(case)
    return held


def _ids(rows) -> list[int]:  # type: ignore[no-untyped-def]
    return [r["case_id"] for r in rows]


def _web_whole(client, section: str) -> list[int]:  # type: ignore[no-untyped-def]
    """The ids of a section's rows, read from its pages one after another."""
    ids, number, more = [], 1, True
    while more:
        part = client.get(f"/legal/worklist/{section}/?page={number}").context["part"]
        ids += _ids(part.rows)
        number, more = number + 1, part.page.has_next()
    return ids


def _logged(path: str) -> set[tuple[str, str]]:
    return set(AccessEvent.objects.filter(path=path).values_list("subject_type", "subject_id"))


def _people(cases: list[LegalCase]) -> set[tuple[str, str]]:
    return {("participant", str(c.participant_id)) for c in cases}


@pytest.mark.django_db
def test_the_worklist_shows_each_sections_first_rows_its_total_and_a_link(world, small):
    queued = _queued(world, 5)
    held = _held(world, 3)
    client = world.client(Role.PROSECUTOR)
    page = client.get("/legal/")
    work = page.context["work"]
    assert _ids(work.filing_queue) == [c.pk for c in queued[:2]]  # the oldest first
    assert work.queue_count == 5 and work.holds_count == 3 and work.court_count == 3
    assert _ids(work.holds_due) == [c.pk for c in held[:2]]  # the soonest review first
    assert work.case_count == 8
    html = page.content.decode()
    assert '<span class="count">5</span>' in html  # the queue's total, not the rows shown
    for section in ("queue", "holds", "court-dates", "cases"):
        assert f'href="/legal/worklist/{section}/"' in html
    # Only the people shown are logged as read.
    shown = [*queued[:2], *held[:2], *LegalCase.objects.filter(pk__in=_ids(work.cases))]
    held_dates = [c for c in held if c.pk in _ids(work.court_dates)]
    assert _logged("/legal/") == _people([*shown, *held_dates])


@pytest.mark.django_db
def test_no_link_when_the_section_is_shown_whole(world, small):
    _queued(world, 2)
    html = world.client(Role.PROSECUTOR).get("/legal/").content.decode()
    assert 'href="/legal/worklist/queue/"' not in html
    assert '<span class="count">2</span>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("raw", "number", "expected"),
    [("1", 1, slice(0, 2)), ("2", 2, slice(2, 4)), ("3", 3, slice(4, 5)), ("", 1, slice(0, 2))],
)
def test_the_filing_queue_pages_in_the_worklists_order(world, small, raw, number, expected):
    queued = _queued(world, 5)
    response = world.client(Role.PROSECUTOR).get(f"/legal/worklist/queue/?page={raw}")
    assert response.status_code == 200
    part = response.context["part"]
    assert part.page.number == number and part.page.paginator.num_pages == 3
    assert _ids(part.rows) == [c.pk for c in queued[expected]]
    assert _logged("/legal/worklist/queue/") == _people(queued[expected])
    html = response.content.decode()
    assert f"Page {number} of 3" in html
    assert ('rel="next"' in html) == (number < 3) and ('rel="prev"' in html) == (number > 1)


@pytest.mark.django_db
@pytest.mark.parametrize(("raw", "number"), [("abc", 1), ("99", 3), ("-1", 3), ("²", 1)])
def test_a_page_number_that_is_not_one_gives_the_first_or_last_page(world, small, raw, number):
    _queued(world, 5)
    response = world.client(Role.PROSECUTOR).get("/legal/worklist/queue/", {"page": raw})
    assert response.status_code == 200 and response.context["part"].page.number == number


@pytest.mark.django_db
def test_the_sections_pages_together_are_the_apis_lists(world, small):
    # The API's worklist gives up to WORKLIST_ROWS of each section; the section's pages, one
    # after another, give the same rows in the same order.
    _queued(world, 3)
    _held(world, 5)
    data = world.api(Role.PROSECUTOR).get("/api/v1/legal/worklist").json()
    client = world.client(Role.PROSECUTOR)

    def whole(section: str) -> list[int]:
        return _web_whole(client, section)

    assert whole("queue") == [i["case"]["id"] for i in data["filing_queue"]]
    assert whole("holds") == [d["case_id"] for d in data["holds_due"]]
    court = LegalCase.objects.filter(court_dates__id__in=[c["id"] for c in data["court_dates"]])
    assert sorted(whole("court-dates")) == sorted(court.values_list("pk", flat=True))
    latest_first = LegalCase.objects.filter(site=world.alpha.site).values_list("pk", flat=True)
    assert whole("cases") == list(latest_first)


@pytest.mark.django_db
def test_defence_counsel_pages_only_their_own_clients(world, small):
    theirs = _queued(world, 3)
    other = _queued(world, 2)
    LegalCase.objects.filter(pk__in=[c.pk for c in other]).update(defence_agency=None)
    client = world.client(Role.DEFENDER)
    pages = [client.get(f"/legal/worklist/queue/?page={n}").context["part"] for n in (1, 2)]
    assert pages[0].page.paginator.count == 3
    assert _ids(pages[0].rows) + _ids(pages[1].rows) == [c.pk for c in theirs]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url"),
    [
        (Role.PROSECUTOR, "/legal/worklist/nothing/"),
        (Role.OFFICER, "/legal/worklist/queue/"),
        (Role.EVALUATOR, "/legal/worklist/cases/"),
        (Role.PROSECUTOR, "/api/v1/legal/worklist/nothing"),
        (Role.OFFICER, "/api/v1/legal/worklist/queue"),
        (Role.EVALUATOR, "/api/v1/legal/worklist/cases"),
    ],
)
def test_an_unknown_section_or_a_role_without_legal_cases_gets_404(world, role, url):
    _queued(world, 1)
    client = world.api(role) if url.startswith("/api/") else world.client(role)
    assert client.get(url).status_code == 404
    assert not AccessEvent.objects.filter(path=url).exists()


@pytest.mark.django_db
def test_another_sites_cases_are_never_in_a_section(world):
    mine = _queued(world, 1)
    factories.case(world, world.beta, status=LegalCase.Status.REFERRED)
    part = world.client(Role.PROSECUTOR).get("/legal/worklist/queue/").context["part"]
    assert _ids(part.rows) == [mine[0].pk] and part.page.paginator.count == 1


@pytest.mark.django_db
@pytest.mark.parametrize("section", ["queue", "holds", "court-dates", "cases"])
def test_a_sections_queries_do_not_grow_with_its_rows(world, small, section):
    def grow() -> None:
        _held(world, 3)
        _queued(world, 3)

    grow()  # page 2 of every section holds rows before and after
    client = world.client(Role.PROSECUTOR)
    assert_flat(lambda: client.get(f"/legal/worklist/{section}/?page=2"), grow)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "pin"),
    [
        ("/legal/", 20),
        ("/legal/worklist/queue/?page=2", 12),
        ("/legal/worklist/holds/?page=2", 11),
        ("/legal/worklist/court-dates/?page=2", 10),
        ("/legal/worklist/cases/?page=2", 10),
    ],
)
def test_full_sections_keep_their_query_count_pinned(
    world, small, django_assert_max_num_queries, url, pin
):
    # Every section fuller than the page shows: the worklist counts each of them.
    _held(world, 5)
    _queued(world, 5)
    client = world.client(Role.PROSECUTOR)
    client.get(url)  # warm-up: session, chain heads
    with django_assert_max_num_queries(pin + rls_queries()):
        assert client.get(url).status_code == 200


# The API: the same pages, dates in ISO 8601 ------------------------------------------------


def _api_whole(api, section: str) -> tuple[list[dict], list[int]]:  # type: ignore[no-untyped-def]
    rows, pages, number = [], [], 1
    while True:
        data = api.get(f"/api/v1/legal/worklist/{section}", {"page": number}).json()
        rows += data["rows"]
        pages.append(data["page"])
        if data["page"] >= data["pages"]:
            return rows, pages
        number += 1


@pytest.mark.django_db
@pytest.mark.parametrize("section", ["queue", "holds", "court-dates", "cases"])
def test_the_apis_section_pages_are_the_web_pages_rows(world, small, section):
    _queued(world, 3)
    _held(world, 4)
    web = _web_whole(world.client(Role.PROSECUTOR), section)
    rows, pages = _api_whole(world.api(Role.PROSECUTOR), section)
    assert [r["case_id"] for r in rows] == web
    assert pages == list(range(1, len(pages) + 1))


@pytest.mark.django_db
def test_the_apis_holds_give_iso_dates_and_the_sections_total(world, small):
    held = _held(world, 3)
    data = world.api(Role.PROSECUTOR).get("/api/v1/legal/worklist/holds").json()
    assert data["section"] == "holds" and data["title"] == "Holds due for review"
    assert data["count"] == 3 and data["pages"] == 2 and data["page"] == 1
    first = data["rows"][0]
    assert first["case_id"] == held[0].pk
    assert first["review_on"] == site_today().isoformat()
    assert first["on"] is None and first["charges"] is None  # not a column of this section


@pytest.mark.django_db
def test_the_apis_queue_names_its_charges_with_iso_dates(world, small):
    case = _queued(world, 1)[0]
    charge = case.charges.first()
    row = world.api(Role.PROSECUTOR).get("/api/v1/legal/worklist/queue").json()["rows"][0]
    assert row["case_id"] == case.pk
    assert f"{charge.statute} (" in row["charges"]
    assert charge.incident_date.isoformat() in row["charges"]


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["0", "-2", "x"])
def test_the_api_names_the_page_when_it_is_not_a_page_number(world, raw):
    response = world.api(Role.PROSECUTOR).get("/api/v1/legal/worklist/queue", {"page": raw})
    assert response.status_code == 422
    assert "page" in response.content.decode()


@pytest.mark.django_db
def test_the_api_logs_the_people_of_the_page_it_gives(world, small):
    queued = _queued(world, 3)
    world.api(Role.PROSECUTOR).get("/api/v1/legal/worklist/queue", {"page": 2})
    assert _logged("/api/v1/legal/worklist/queue") == _people(queued[2:])


@pytest.mark.django_db
def test_the_apis_section_queries_do_not_grow_with_its_rows(world, small):
    def grow() -> None:
        _queued(world, 3)

    grow()
    api = world.api(Role.PROSECUTOR)
    assert_flat(lambda: api.get("/api/v1/legal/worklist/queue", {"page": 2}), grow)


@pytest.mark.django_db
@pytest.mark.parametrize("full", [True, False])
def test_on_postgresql_the_page_reads_its_sections_in_two_statements(world, small, full):
    """The site's legal policy, the first rows of the queue, the court dates and the cases, and
    the disclosures received, in one statement; the holds due (which need the policy's warning
    days) and their total, the queued cases' charges and latest decisions, and the totals of
    the other sections that fill a page, in a second (core.compiled.together). The people shown
    in both lists are logged in one insert."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("one statement is PostgreSQL's JSON")
    _held(world, 5 if full else 1)
    _queued(world, 5 if full else 1)
    client = world.client(Role.PROSECUTOR)
    client.get("/legal/")  # warm-up: session, chain heads, the columns' types
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/legal/").context["work"]
    together = [q["sql"] for q in ctx.captured_queries if "json_agg" in q["sql"]]
    assert len(together) == 2
    alone = [q["sql"] for q in ctx.captured_queries if "json_agg" not in q["sql"]]
    assert not any(
        'FROM "legal_charge"' in sql
        or sql.startswith("SELECT COUNT")
        or '"legal_legalpolicy"' in sql
        or '"disclosures_disclosure"' in sql
        for sql in alone
    )
    assert '"legal_legalpolicy"' in together[0] and '"disclosures_disclosure"' in together[0]
    assert len([sql for sql in alone if sql.startswith("WITH RECURSIVE old AS")]) == 1
    # Full: all four sections. Else the holds' total and the latest cases' (the one queued and
    # the one held fill its page of two).
    assert together[1].count("COUNT(") == (4 if full else 2)
    assert page.queue_count == (5 if full else 1)
    assert page.holds_count == (5 if full else 1)
