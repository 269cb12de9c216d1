"""The contact counters (ContactMonth): one row per participant and month of the site's
calendar, kept by every contact written or removed, equal to a count of the contacts made here,
whatever the hour (month ends, daylight-saving changes) and however the contact was written."""

from __future__ import annotations

import json
import random
import zoneinfo
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.casework import counters, queries, rules
from goldenthread.casework.models import Contact, ContactMonth
from goldenthread.casework.tests.factories import contact
from goldenthread.core.roles import Role

ZONES = ["America/Los_Angeles", "America/New_York", "Pacific/Honolulu", "UTC", "Asia/Kolkata"]


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)),
    st.sampled_from(ZONES),
)
def test_a_contact_counts_in_the_month_of_its_local_date(instant, zone_name):
    zone = zoneinfo.ZoneInfo(zone_name)
    at = instant.replace(tzinfo=UTC)
    month = rules.contact_month(at, zone)
    local_day = at.astimezone(zone).date()
    assert month.day == 1 and (month.year, month.month) == (local_day.year, local_day.month)
    assert month <= local_day < month + timedelta(days=31)


def _counted(site):  # type: ignore[no-untyped-def]
    return Counter(
        {
            (pid, month): n
            for pid, month, n in ContactMonth.objects.filter(site=site).values_list(
                "participant_id", "month", "contacts"
            )
        }
    )


def _recounted_here(site):  # type: ignore[no-untyped-def]
    """The count made here: each contact's local month, by zoneinfo directly."""
    zone = zoneinfo.ZoneInfo(site.time_zone)
    out: Counter = Counter()
    for pid, at in Contact.objects.filter(site=site).values_list("participant_id", "occurred_at"):
        local = at.astimezone(zone)
        out[(pid, local.date().replace(day=1))] += 1
    return out


# Instants an hour either side of a local month end and of the 2026 daylight-saving changes
# (Los Angeles: 8 March, 1 November), where a UTC date and the local one differ.
EDGES = [
    datetime(2026, 1, 1, 8, tzinfo=UTC),  # midnight, 1 January, Los Angeles
    datetime(2026, 3, 8, 10, tzinfo=UTC),
    datetime(2026, 4, 1, 7, tzinfo=UTC),  # midnight, 1 April (daylight time)
    datetime(2026, 10, 1, 7, tzinfo=UTC),
    datetime(2026, 11, 1, 9, tzinfo=UTC),
    datetime(2026, 12, 1, 8, tzinfo=UTC),  # midnight, 1 December (standard time)
]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_counters_equal_a_count_of_the_contacts_at_month_ends_and_clock_changes(world, seed):
    rng = random.Random(seed)
    site = world.alpha.site
    people = [world.participant() for _ in range(3)]
    made = []
    for i in range(40):
        at = rng.choice(EDGES) + timedelta(minutes=rng.randint(-90, 90))
        who = rng.choice(people)
        # Half with the site instance at hand (as the actions do), half by its id only.
        where = {"site": site} if i % 2 else {"site_id": site.pk}
        made.append(
            Contact.objects.create(
                **where,
                participant=who,
                author=world.alpha.users[Role.CM],
                kind="street",
                occurred_at=at,
                idempotency_key=f"edge-{seed}-{i}",
            )
        )
    contact(world.beta, world.participant(world.beta))  # another site's: its own counter
    expected = _recounted_here(site)
    assert sum(expected.values()) == 40
    assert _counted(site) == expected
    for gone in rng.sample(made, 15):
        gone.delete()
    assert _counted(site) == _recounted_here(site)
    assert sum(_counted(site).values()) == 25
    assert counters.recount(site) == len(_recounted_here(site))
    assert _counted(site) == _recounted_here(site)
    assert ContactMonth.objects.filter(site=world.beta.site).count() == 1


@pytest.mark.django_db
def test_a_contact_logged_over_http_counts_once_however_often_it_is_sent(world):
    p = world.participant()
    api = world.api(Role.CM)
    body = {"idempotency_key": "twice", "kind": "street", "note": "Housing list."}
    url = f"/api/v1/casework/participants/{p.pk}/contacts"
    for _ in range(2):
        response = api.post(url, data=json.dumps(body), content_type="application/json")
        assert response.status_code in (200, 201)
    other = {**body, "idempotency_key": "another"}
    assert api.post(url, data=json.dumps(other), content_type="application/json").status_code == 201
    assert Contact.objects.filter(participant=p).count() == 2
    (row,) = ContactMonth.objects.filter(participant=p)
    assert row.contacts == 2
    assert row.month == rules.contact_month(
        Contact.objects.filter(participant=p)[0].occurred_at, world.alpha.site.tz
    )


@pytest.mark.django_db
def test_the_dashboard_count_reads_the_counters_in_one_query(world, django_assert_num_queries):
    for i in range(6):
        contact(world.alpha, world.participant(), days_ago=i * 20)
    actor = world.alpha.actor(Role.PM)
    since = rules.contact_month(datetime.now(UTC) - timedelta(days=400), world.alpha.site.tz)
    with django_assert_num_queries(1):
        rows = queries.contacts_per_month(actor, since=since)
    assert sum(n for _, n, _ in rows) == 6
    assert sum(people for _, _, people in rows) == 6
