"""Reading a roster writes one access-log row per participant whose notes it shows, in one
insert whatever their number; the chain still verifies."""

from __future__ import annotations

import math
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.audit.models import AccessEvent
from goldenthread.conferencing.models import DiscussionNote, RosterItem
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


def _read(client, m):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(f"/conferencing/{m.pk}/").status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    return len(sql), [q for q in sql if q.startswith('INSERT INTO "audit_accessevent"')]


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
