"""Reading a roster writes one access-log row per participant whose notes it shows, in one
insert whatever their number; the chain still verifies. The meeting page shows a page of the
roster and logs the participants of that page only; the printable agenda shows it whole."""

from __future__ import annotations

import math
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.audit.actions import access_record
from goldenthread.audit.models import AccessEvent
from goldenthread.conferencing.models import DiscussionNote, RosterItem
from goldenthread.conferencing.queries import ROSTER_PAGE
from goldenthread.conferencing.tests.matrix import OWG_ROLES, meeting
from goldenthread.conferencing.tests.test_roster_build import _many_participants
from goldenthread.core.roles import Role
from goldenthread.testing import rls_queries


def _roster(world, m, participants):
    items = RosterItem.objects.bulk_create(
        [
            RosterItem(
                site=world.alpha.site,
                meeting=m,
                kind="added",
                participant=p,
                title=f"About {p.pk}",
                source="conferencing.pm",
                visible_to_roles=OWG_ROLES,
            )
            for p in participants
        ]
    )
    DiscussionNote.objects.bulk_create(
        [
            DiscussionNote(
                site=world.alpha.site,
                item=i,
                text="Housed",
                author=world.alpha.users[Role.CM],
                author_role="cm",
            )
            for i in items
        ]
    )


def _read(client, m, page="print/"):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/conferencing/{m.pk}/{page}").status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    # On PostgreSQL the insert is the end of one statement that also moves the chain's head
    # (ADR 20); on SQLite it is a statement of its own.
    return len(sql), [q for q in sql if 'INSERT INTO "audit_accessevent"' in q]


@pytest.mark.django_db
def test_the_roster_logs_every_participant_in_one_insert(world):
    people = _many_participants(world, 300)
    few, many = meeting(world.alpha, title="Few"), meeting(world.alpha, title="Many")
    _roster(world, few, people[:10])
    _roster(world, many, people[10:])
    client = world.client(Role.CM)
    _read(client, few)  # caches filled (sessions, content types, the site)
    few_count, few_inserts = _read(client, few)
    many_count, many_inserts = _read(client, many)

    assert AccessEvent.objects.count() == 10 + 10 + 290
    assert set(AccessEvent.objects.values_list("role", flat=True)) == {"cm"}
    # One statement on PostgreSQL; SQLite splits it by its parameter limit (999 parameters,
    # 16 columns: 62 rows a statement).
    per_batch = 290 if connection.vendor == "postgresql" else 50
    assert len(few_inserts) == 1 and len(many_inserts) <= math.ceil(290 / per_batch)
    assert many_count - len(many_inserts) == few_count - len(few_inserts)
    assert many_count <= 40 + rls_queries() + len(many_inserts)
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "verified" in out.getvalue()


@pytest.mark.django_db
def test_the_meeting_page_logs_only_the_participants_of_its_page(world):
    people = _many_participants(world, ROSTER_PAGE + 7)
    m = meeting(world.alpha, title="Long")
    _roster(world, m, people)
    client = world.client(Role.CM)
    # The chain's first link makes its head (on PostgreSQL, after a try in one statement that
    # finds none, ADR 20): made here, so that each page below is its steady state.
    access_record(actor=world.actor(Role.CM), subject=people[0], categories=["plan_goals"])

    _, first = _read(client, m, "")
    logged = set(AccessEvent.objects.values_list("subject_id", flat=True))
    _, second = _read(client, m, "?page=2")
    later = AccessEvent.objects.exclude(subject_id__in=logged)

    assert logged == {str(p.pk) for p in people[:ROSTER_PAGE]}
    assert set(later.values_list("subject_id", flat=True)) == {
        str(p.pk) for p in people[ROSTER_PAGE:]
    }
    # One insert a page: a page's 50 rows fit even SQLite's parameter limit.
    assert len(first) == 1 and len(second) == 1
