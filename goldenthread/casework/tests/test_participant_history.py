"""The participant page shows the newest of a history, the rest is a page away: its queries and
the rows it reads stay the same however long the history grows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db.models.signals import post_init
from django.utils import timezone

from goldenthread.audit.models import AccessEvent
from goldenthread.casework import queries
from goldenthread.casework.models import ProgressNote, ServiceReferral, StatusRecord
from goldenthread.casework.tests.factories import contact, flex_request, goal, pool
from goldenthread.core.models import ParticipantStateChange
from goldenthread.core.roles import Role
from goldenthread.disclosures.tests.querycount import assert_flat
from goldenthread.testing import site_today


class History:
    """Adds rows of every kind the page lists to one participant, older each time."""

    def __init__(self, world: Any, p: Any) -> None:
        self.world, self.p, self.added = world, p, 0
        self.goal = goal(world.alpha, p)
        self.pool = pool(world.alpha, budget="100000.00")

    def add(self, n: int) -> None:
        site, cm, today = self.world.alpha.site, self.world.alpha.users[Role.CM], site_today()
        for _ in range(n):
            i = self.added
            self.added += 1
            contact(self.world.alpha, self.p, days_ago=i, note=f"note {i:03d}")
            ProgressNote.objects.create(
                site=site, goal=self.goal, author=cm, written_on=today, note=f"progress {i:03d}"
            )
            StatusRecord.objects.create(
                site=site,
                participant=self.p,
                domain="housing",
                value="sheltered",
                # Twenty days back at most, which the first call already covers: the chart
                # reads one record per domain and month, so each month the history reached
                # into would add one row (a month start falls in most 25-day spans).
                recorded_on=today - timedelta(days=i % 20),
                recorded_by=cm,
            )
            ServiceReferral.objects.create(
                site=site,
                participant=self.p,
                kind="moud",
                provider="ETS",
                sent_on=today,
                made_by=cm,
            )
            flex_request(self.world.alpha, self.world, goal=self.goal, pool=self.pool)
            ParticipantStateChange.objects.create(
                site=site,
                participant=self.p,
                from_state="active",
                to_state="inactive",
                changed_at=timezone.now() - timedelta(days=i),
            )


def _rows_read(fetch: Any) -> int:
    """How many model instances a request builds from the database."""
    seen = []

    def count(sender: Any, **kwargs: Any) -> None:
        seen.append(sender)

    post_init.connect(count)
    try:
        fetch()
    finally:
        post_init.disconnect(count)
    return len(seen)


def _with_notes(world: Any, n: int) -> Any:
    """A participant with ``n`` contacts, one a day back from today, noted "note 000" (today)
    to "note n-1"."""
    p = world.participant()
    for i in range(n):
        contact(world.alpha, p, days_ago=i, note=f"note {i:03d}")
    return p


@pytest.mark.django_db
def test_it_shows_the_newest_events_and_links_to_the_rest(world):
    p = _with_notes(world, queries.TIMELINE_LIMIT + 10)
    body = world.client(Role.CM).get(f"/casework/p/{p.pk}/").content.decode()
    assert "note 000" in body and f"note {queries.TIMELINE_LIMIT - 1:03d}" in body
    assert f"note {queries.TIMELINE_LIMIT:03d}" not in body
    assert f"The newest {queries.TIMELINE_LIMIT} entries" in body
    assert f'href="/casework/p/{p.pk}/history/?page=1"' in body


@pytest.mark.django_db
def test_the_full_history_holds_the_older_events_page_by_page(world):
    size = queries.HISTORY_PAGE_SIZE
    p = _with_notes(world, size + 5)
    client = world.client(Role.CM)
    first = client.get(f"/casework/p/{p.pk}/history/").content.decode()
    assert "note 000" in first and f"note {size - 1:03d}" in first
    assert f"note {size:03d}" not in first and 'href="?page=2"' in first
    second = client.get(f"/casework/p/{p.pk}/history/?page=2").content.decode()
    assert f"note {size:03d}" in second and f"note {size + 4:03d}" in second
    assert "note 000" not in second and 'href="?page=1"' in second and "?page=3" not in second
    bad_pages = ("abc", "-1", "0", "1e9", "99999999999999", "²", "10001")
    for bad in bad_pages:
        response = client.get(f"/casework/p/{p.pk}/history/?page={bad}")
        assert response.status_code == 200, bad
        assert "note 000" in response.content.decode(), bad
    beyond = client.get(f"/casework/p/{p.pk}/history/?page=9").content.decode()
    assert "Nothing older." in beyond
    logged = AccessEvent.objects.filter(subject_id=str(p.pk), path__endswith="/history/")
    assert logged.count() == 3 + len(bad_pages)  # every page read, the bad ones included
    assert set(logged.first().categories) == {"contacts_notes", "plan_goals"}


@pytest.mark.django_db
def test_the_contacts_page_is_fifty_a_page_newest_first(world):
    size = queries.CONTACTS_PAGE_SIZE
    p = _with_notes(world, size + 3)
    client = world.client(Role.CM)
    first = client.get(f"/casework/p/{p.pk}/contacts/").content.decode()
    assert "note 000" in first and f"note {size:03d}" not in first
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    second = client.get(f"/casework/p/{p.pk}/contacts/?page=2").content.decode()
    assert f"note {size + 2:03d}" in second and "note 000" not in second
    assert (
        client.get(f"/casework/p/{p.pk}/contacts/?page=x").content.decode().count("note ") == size
    )
    last = client.get(f"/casework/p/{p.pk}/contacts/?page=99")
    assert last.status_code == 200 and "Page 2 of 2" in last.content.decode()


@pytest.mark.django_db
def test_the_page_reads_the_same_queries_and_rows_however_long_the_history(world):
    p = world.participant()
    history = History(world, p)
    history.add(queries.TIMELINE_LIMIT + 5)
    client = world.client(Role.CM)

    def fetch() -> None:
        assert client.get(f"/casework/p/{p.pk}/").status_code == 200

    assert_flat(fetch, lambda: history.add(25))
    rows = _rows_read(fetch)
    history.add(25)
    assert _rows_read(fetch) == rows
    body = client.get(f"/casework/p/{p.pk}/").content.decode()
    assert "older referrals are in the" in body and "older requests are in the" in body


@pytest.mark.django_db
def test_another_sites_participant_has_no_history_here(world):
    other = world.participant(world.beta)
    client = world.client(Role.CM)
    for path in ("", "history/", "history/?page=2", "contacts/?page=2"):
        assert client.get(f"/casework/p/{other.pk}/{path}").status_code == 404, path


@pytest.mark.django_db
def test_the_latest_status_and_the_chart_read_a_record_a_domain_a_month(world):
    p = world.participant()
    cm, today = world.alpha.users[Role.CM], site_today()
    start = today.replace(day=1)

    def record(value: str, on: Any, domain: str = "housing") -> None:
        StatusRecord.objects.create(
            site=world.alpha.site,
            participant=p,
            domain=domain,
            value=value,
            recorded_on=on,
            recorded_by=cm,
        )

    record("public", today - timedelta(days=800), domain="coverage")  # carried into the chart
    record("unsheltered", start)
    record("permanent", start)  # the later record of the same day and month is in force
    body = world.client(Role.CM).get(f"/casework/p/{p.pk}/").content.decode()
    facts = body[body.index('<dl class="facts">') :]
    assert "Permanent (as of" in facts
    assert "Unsheltered (as of" not in facts
    assert "Medicaid / Medicare (as of" in facts
    months = body.count("Health coverage, ")
    assert months == 12, "the value carried from before the chart is drawn in every month"


@pytest.mark.django_db
def test_the_api_gives_the_whole_history_page_by_page(world):
    p = world.participant()
    for days in range(60):
        contact(world.alpha, p, days_ago=days + 1, note=f"visit {days}")
    api = world.api(Role.CM)
    url = f"/api/v1/casework/participants/{p.pk}/history"
    first, second = api.get(url).json(), api.get(url, {"page": 2}).json()
    assert (first["page"], first["has_older"], len(first["events"])) == (1, True, 50)
    assert second["has_older"] is False
    contacts = [e for e in first["events"] + second["events"] if e["kind"] == "Contact"]
    assert len(contacts) == 60
    for bad in ("0", "abc", "10001"):
        response = api.get(url, {"page": bad})
        assert response.status_code == 422
        assert "page" in response.content.decode()
    assert world.api(Role.CM, world.beta).get(url).status_code == 404
