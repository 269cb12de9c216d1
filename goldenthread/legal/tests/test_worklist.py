"""The liaison prosecutor's worklist."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from goldenthread.audit.models import AccessEvent
from goldenthread.core.formats import local_date
from goldenthread.core.models import Person
from goldenthread.core.roles import Role
from goldenthread.disclosures import rules as drules
from goldenthread.disclosures.tests import factories as dfactories
from goldenthread.disclosures.tests.querycount import assert_flat
from goldenthread.legal import rules
from goldenthread.legal.models import Charge, LegalCase
from goldenthread.legal.tests import factories
from goldenthread.testing import site_today


def _fill(world):
    queued = factories.case(world, world.alpha, status=LegalCase.Status.REFERRED)
    held = factories.case(world, world.alpha, court_on=site_today() + timedelta(days=5))
    factories.decision(world.alpha, held, rules.HOLD, review_on=site_today() + timedelta(days=2))
    dfactories.disclosure(world, world.alpha)
    return queued, held


@pytest.mark.django_db
def test_it_shows_queue_holds_court_dates_and_disclosures_with_the_notice(world):
    queued, held = _fill(world)
    data = world.api(Role.PROSECUTOR).get("/api/v1/legal/worklist").json()
    assert [i["case"]["id"] for i in data["filing_queue"]] == [queued.pk]
    # The incident (Dec 2025) predates enrolment (Jan 2026): a filing backlog.
    assert data["filing_queue"][0]["predates_enrollment"] is True
    assert [d["case_id"] for d in data["holds_due"]] == [held.pk]
    assert len(data["court_dates"]) == 1
    assert data["disclosures"][0]["notice"] == drules.PART2_NOTICE
    page = world.client(Role.PROSECUTOR).get("/legal/")
    assert drules.PART2_NOTICE.encode() in page.content


@pytest.mark.django_db
@pytest.mark.parametrize("api", [False, True], ids=["page", "api"])
def test_it_does_not_grow_queries_with_rows(world, api):
    _fill(world)
    client = world.api(Role.PROSECUTOR) if api else world.client(Role.PROSECUTOR)
    url = "/api/v1/legal/worklist" if api else "/legal/"
    assert_flat(lambda: client.get(url), lambda: _fill(world))


@pytest.mark.django_db
def test_it_gives_defence_counsel_only_their_clients_and_no_prosecutor_disclosures(world):
    _fill(world)
    data = world.api(Role.DEFENDER).get("/api/v1/legal/worklist").json()
    assert data["disclosures"] == []
    assert all(i["case"]["defence_agency"] for i in data["filing_queue"])


@pytest.mark.django_db
def test_each_section_covers_every_case_not_only_the_latest(world, monkeypatch):
    # Older cases outside the "latest cases" table still reach the queue, the holds due and
    # the court dates; the table shows the latest only, with the count of all.
    queued, held = _fill(world)
    for _ in range(3):
        factories.case(world, world.alpha)
    monkeypatch.setattr("goldenthread.legal.queries.LATEST_CASES", 2)
    data = world.api(Role.PROSECUTOR).get("/api/v1/legal/worklist").json()
    assert [i["case"]["id"] for i in data["filing_queue"]] == [queued.pk]
    assert [d["case_id"] for d in data["holds_due"]] == [held.pk]
    assert len(data["court_dates"]) == 1
    html = world.client(Role.PROSECUTOR).get("/legal/").content.decode()
    assert '<span class="count">5</span>' in html and "The latest 2 are listed." in html


@pytest.mark.django_db
def test_a_hold_superseded_by_a_later_decision_is_not_due(world):
    _, held = _fill(world)
    factories.decision(
        world.alpha, held, rules.MONITOR, decided_at=timezone.now() + timedelta(minutes=1)
    )
    assert world.api(Role.PROSECUTOR).get("/api/v1/legal/worklist").json()["holds_due"] == []


def _mixed(world):
    """Every kind of row: cases queued with and without a participant (a person named
    before enrolment), one with a decision, holds due and not yet due, court dates, a
    disclosure, and another site's case."""
    queued, _ = _fill(world)
    factories.decision(world.alpha, queued, rules.MONITOR)
    person = Person.objects.create(site=world.alpha.site, first_name="Ren", last_name="Okafor")
    before = LegalCase.objects.create(
        site=world.alpha.site, person=person, court="Municipal Court", status="referred"
    )
    Charge.objects.create(
        site=world.alpha.site,
        case=before,
        statute="RCW 69.50.4013",
        level=Charge.Level.FELONY,
        incident_date=site_today(),
    )
    later = factories.case(world, world.alpha, court_on=site_today() + timedelta(days=40))
    factories.decision(world.alpha, later, rules.HOLD, review_on=site_today() + timedelta(days=60))
    factories.case(world, world.beta, status=LegalCase.Status.REFERRED)


def _logged(role: Role, path: str) -> set[tuple[str, str]]:
    return set(
        AccessEvent.objects.filter(
            role=role.value, purpose="listed: legal worklist", path=path
        ).values_list("subject_type", "subject_id")
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PROSECUTOR, Role.DEFENDER, Role.ADVOCATE, Role.PM])
def test_the_page_lists_and_logs_what_the_api_does(world, role):
    # The page reads plain rows (worklist_page), the API model instances (worklist_for):
    # the same rows, in the same order, and the same people logged.
    _mixed(world)
    page = world.client(role).get("/legal/")
    assert page.status_code == 200
    work = page.context["work"]
    data = world.api(role).get("/api/v1/legal/worklist").json()
    queue = [(r["case_id"], r["predates_enrollment"], r["latest"]) for r in work.filing_queue]
    labels = rules.DECISION_LABELS
    assert queue == [
        (i["case"]["id"], i["predates_enrollment"], labels.get(i["latest_decision"] or "", ""))
        for i in data["filing_queue"]
    ]
    assert [r["case_id"] for r in work.holds_due] == [d["case_id"] for d in data["holds_due"]]
    assert [(r["on"], r["kind"]) for r in work.court_dates] == [
        (local_date(date.fromisoformat(c["on"])), c["kind"]) for c in data["court_dates"]
    ]
    assert [r["pk"] for r in work.disclosures] == [d["id"] for d in data["disclosures"]]
    on_page = _logged(role, "/legal/")
    assert on_page and on_page == _logged(role, "/api/v1/legal/worklist")
