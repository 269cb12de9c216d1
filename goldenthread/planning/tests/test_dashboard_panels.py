"""The PM's dashboard shows the merged areas' aggregates, each read through that area's
queries: referrals by door and outcome, contacts per month, flex-fund spend by pool,
legal-services outcomes, Golden Rule reviews and governance decisions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from goldenthread.casework.tests import factories as casework
from goldenthread.core.roles import Role
from goldenthread.governance.tests.matrix import decision
from goldenthread.legal.tests.factories import flagged_decision
from goldenthread.legalservices.actions import outcome_record
from goldenthread.legalservices.tests.matrix import open_matter
from goldenthread.planning import queries
from goldenthread.referrals.tests.makers import referral
from goldenthread.testing import rls_queries, site_today

PANELS = (
    "referrals-by-door",
    "contacts-per-month",
    "flex-by-pool",
    "flex-by-category",
    "time-to-intake",
    "golden-rule-reviews",
    "governance-decisions",
    "legal-services-outcomes",
    "legal-events",
)


def legal_event(site, person, kind="arrest", on=None, filed_on=None):
    """One imported legal-system event of ``person`` (the evaluation area's imports)."""
    from goldenthread.evaluation.models import ImportRun, LegalSource, LegalSystemEvent

    source = LegalSource.objects.filter(site=site.site).first() or LegalSource.objects.create(
        site=site.site, name="police", label="Police records", kind="police"
    )
    run = ImportRun.objects.filter(site=site.site).first() or ImportRun.objects.create(
        site=site.site, source=source, filename="feed.csv", started_by=site.users[Role.PM]
    )
    return LegalSystemEvent.objects.create(
        site=site.site,
        source=source,
        external_key=f"k{LegalSystemEvent.objects.count()}",
        person=person,
        kind=kind,
        incident_date=on or site_today(),
        filed_on=filed_on,
        fingerprint="x",
        last_run=run,
    )


def _populate(world, site, scale=1):
    for _ in range(scale):
        # Enrolled a month ago, contacted ten days before: inside the panels' 12 months whatever
        # today is (the default enrolment, 2026-01-05, fell out of them on 2026-12-01).
        participant = world.participant(site, enrolled_on=site_today() - timedelta(days=30))
        contact = timezone.make_aware(
            datetime.combine(participant.enrolled_on - timedelta(days=10), time(12))
        )
        referral(site, door="arrest", state="enrolled", participant=participant, contact_at=contact)
        referral(site, door="arrest", state="ineligible")
        referral(site, door="social", state="declined")
        casework.contact(site, participant)
        casework.contact(site, participant, days_ago=1)
        casework.flex_request(site, world, status="approved", amount="120.00")
        flagged_decision(world, site)
        made = decision(site)
        made.decided_on = site_today()
        made.save()
        matter = open_matter(world, site)
        outcome_record(
            actor=site.actor(Role.LEGAL_SERVICES), matter_id=matter.pk, kind="warrant_quashed"
        )
        legal_event(site, participant.person)


@pytest.mark.django_db
def test_it_shows_each_areas_aggregates_with_known_counts(world):
    _populate(world, world.alpha)
    _populate(world, world.beta, scale=2)  # another site's records never count
    panels = queries.dashboard_panels(world.alpha.actor(Role.PM), site_today())
    assert panels.referrals == {
        "arrest": {"enrolled": 1, "ineligible": 1},
        "social": {"declined": 1},
    }
    # Two contacts by one person, today and yesterday: one month's bar, or two on a month's
    # first day.
    assert sum(n for _, n, _ in panels.contacts) == 2
    assert {people for _, _, people in panels.contacts} == {1}
    assert [(total, n) for _, total, n in panels.flex_by_pool] == [(120.0, 1)]
    assert [(total, n) for _, total, n in panels.flex_by_category] == [(120.0, 1)]
    assert panels.days_to_intake == {"arrest": [10]}
    assert panels.reviews == {"open": 1}
    assert [n for _, n in panels.decisions] == [1]
    assert panels.legal_services["outcomes"] == {"warrant_quashed": 1}
    assert [(kind, n) for _, kind, n in panels.legal_events] == [("arrest", 1)]
    html = world.client(Role.PM).get("/planning/").content.decode()
    for panel in PANELS:
        assert (
            f'id="panel-{panel}"' in html
            and f'<svg role="img" aria-labelledby="{panel}-title' in html
        )


@pytest.mark.django_db
def test_it_shows_a_supervisor_only_what_their_role_reads(world):
    _populate(world, world.alpha)
    html = world.client(Role.SUPERVISOR).get("/planning/").content.decode()
    assert 'id="panel-referrals-by-door"' in html and 'id="panel-flex-by-pool"' in html
    # No legal.review, legalservices.report, governance.view or evaluation.results for a
    # clinical supervisor.
    for panel in (
        "golden-rule-reviews",
        "legal-services-outcomes",
        "governance-decisions",
        "legal-events",
    ):
        assert f'id="panel-{panel}"' not in html


@pytest.mark.django_db
def test_its_query_count_does_not_grow_with_the_data(world, django_assert_max_num_queries):
    _populate(world, world.alpha)
    client = world.client(Role.PM)
    client.get("/planning/")  # warm the session and site caches
    cache.clear()  # the panels as read, not as kept (test_dashboard_panels_kept.py)
    with django_assert_max_num_queries(32 + rls_queries()):
        client.get("/planning/")
    _populate(world, world.alpha, scale=3)
    cache.clear()
    with django_assert_max_num_queries(32 + rls_queries()):
        response = client.get("/planning/")
    assert response.status_code == 200
    assert len(re.findall(r'id="panel-', response.content.decode())) == len(PANELS)


@pytest.mark.django_db
def test_it_counts_participants_legal_events_by_month_and_type(world):
    from goldenthread.core.models import Person

    site = world.alpha
    today = site_today()
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    people = []
    for i in range(6):
        participant = world.participant(site, first_name="Quentin", last_name=f"Zebulon{i}")
        contact = timezone.make_aware(
            datetime.combine(participant.enrolled_on - timedelta(days=3), time(12))
        )
        referral(site, door="arrest", state="enrolled", participant=participant, contact_at=contact)
        people.append(participant.person)
        legal_event(site, participant.person, on=this_month)
    # Two bookings: incident last month, booked this month, so counted this month.
    for person in people[:2]:
        legal_event(site, person, kind="booking", on=last_month, filed_on=this_month)
    legal_event(site, people[0], kind="warrant", on=last_month)
    # Not counted: someone not in the program, another site, before the period.
    stranger = Person.objects.create(site=site.site, first_name="Ulla", last_name="Vance")
    legal_event(site, stranger)
    other = world.participant(world.beta)
    legal_event(world.beta, other.person)
    legal_event(site, people[1], on=this_month.replace(year=this_month.year - 3))

    client = world.client(Role.PM)
    body = client.get("/planning/").content.decode()
    panel = body.split('id="panel-legal-events"')[1].split('<div class="panel"')[0]
    month, previous = this_month.strftime("%Y-%m"), last_month.strftime("%Y-%m")
    rows = dict(
        (cells[0], cells[1:])
        for cells in (
            re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", tr)
            for tr in re.findall(r"<tr>(.*?)</tr>", panel.split("<tbody>")[1])
        )
    )
    # Columns: arrest, booking, warrant. Six arrests show; two bookings and one warrant are
    # small cells: "<5" in the table, left out of the chart.
    assert rows[month] == ["6", "&lt;5", "0"]
    assert rows[previous] == ["0", "0", "&lt;5"]
    assert '<svg role="img" aria-labelledby="legal-events-title' in panel
    assert "Warrant 0" in panel and "Arrest 6" in panel
    for name in ("Quentin", "Zebulon", "Ulla", "Vance"):
        assert name not in panel

    api = world.api(Role.PM).get(f"/api/v1/planning/dashboard?period={month}").json()
    assert api["legal_events"] == [
        [this_month.isoformat(), "arrest", "6"],
        [this_month.isoformat(), "booking", "<5"],
    ]
    # The door filter narrows them to participants enrolled through that door.
    social = world.api(Role.PM).get("/api/v1/planning/dashboard?door=social").json()
    assert social["legal_events"] == []
    arrest = world.api(Role.PM).get(f"/api/v1/planning/dashboard?door=arrest&period={month}")
    assert len(arrest.json()["legal_events"]) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(("zone", "days"), [("America/Los_Angeles", 1), ("Europe/Berlin", 0)])
def test_the_days_to_intake_count_the_sites_days(world, zone, days):
    # Contacted at 03:00 UTC on the day of enrolment: the evening before in Los Angeles.
    site = world.alpha.site
    site.time_zone = zone
    site.save()
    participant = world.participant(enrolled_on=site_today() - timedelta(days=5))
    contact = datetime.combine(participant.enrolled_on, time(3), tzinfo=UTC)
    referral(
        world.alpha, door="arrest", state="enrolled", participant=participant, contact_at=contact
    )
    panels = queries.dashboard_panels(world.alpha.actor(Role.PM), site_today())
    assert panels.days_to_intake == {"arrest": [days]}


@pytest.mark.django_db
def test_contacts_per_month_counts_contacts_and_distinct_participants_per_site_month(world):
    """The contacts panel: per month of the site's calendar, the contacts and the distinct
    participants contacted, against a count made here; another site's contacts never count,
    and the region/door narrowing (a participant subquery) keeps only those participants."""
    from collections import defaultdict

    from goldenthread.casework import queries as casework_queries
    from goldenthread.casework.models import Contact
    from goldenthread.core.models import Participant

    first, second, third = (world.participant(world.alpha) for _ in range(3))
    other = world.participant(world.beta)
    for who, days in [(first, 0), (first, 0), (first, 40), (second, 40), (second, 75)]:
        casework.contact(world.alpha, who, days_ago=days)
    casework.contact(world.alpha, third, days_ago=75)
    casework.contact(world.beta, other, days_ago=0)
    actor = world.alpha.actor(Role.PM)
    tz = world.alpha.site.tz
    since = queries.add_months(queries.month_start(site_today()), -11)
    expected: dict = defaultdict(lambda: [0, set()])
    for c in Contact.objects.filter(site=world.alpha.site):
        month = timezone.localtime(c.occurred_at, tz).date().replace(day=1)
        expected[month][0] += 1
        expected[month][1].add(c.participant_id)
    with timezone.override(tz):
        rows = casework_queries.contacts_per_month(actor, since=since)
        narrowed = casework_queries.contacts_per_month(
            actor,
            since=since,
            people=Participant.objects.filter(pk__in=[first.pk, third.pk]).values("pk"),
        )
    assert rows == [(m, n, len(people)) for m, (n, people) in sorted(expected.items())]
    assert sum(n for _, n, _ in rows) == 6
    assert sum(n for _, n, _ in narrowed) == 4
    assert all(isinstance(m, type(since)) for m, _, _ in rows)
