"""goldenthread audit verify finds the first broken link after an edit or a deletion."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from goldenthread.audit.actions import ACCESS_FIELDS, AUDIT_FIELDS, access_record, audit_record
from goldenthread.audit.models import AccessEvent, AuditEvent
from goldenthread.core.roles import Role


def _write_some(world, n: int = 5) -> None:
    actor = world.actor(Role.CM)
    participant = world.participant()
    for i in range(n):
        audit_record(actor=actor, action="test.step", obj=participant, after={"i": i})
        access_record(actor=actor, subject=participant, categories=["contacts_notes"])


def _as_attacker(cur) -> None:
    """Someone with the database's superuser powers, who can switch the append-only
    triggers off: the case `audit verify` exists for."""
    if connection.vendor == "postgresql":
        cur.execute("SET session_replication_role = replica")


def _tamper(sql: str, params: list) -> None:
    with connection.cursor() as cur:
        _as_attacker(cur)
        cur.execute(sql, params)


def _verify() -> str:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except CommandError as exc:
        return f"FAILED {exc} {err.getvalue()}"
    return out.getvalue()


@pytest.mark.django_db
def test_it_verifies_an_untouched_chain(world):
    _write_some(world)
    assert "All 2 chains verified." in _verify()


@pytest.mark.django_db
def test_it_reports_the_first_edited_link(world):
    _write_some(world)
    third = AuditEvent.objects.get(chain=f"audit:{world.alpha.site.pk}", seq=3)
    _tamper(
        f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE id = %s",
        ["test.forged", third.pk],
    )
    result = _verify()
    assert result.startswith("FAILED")
    assert "first broken link is 3" in result and "changed" in result


@pytest.mark.django_db
def test_it_reports_a_deleted_link(world):
    _write_some(world)
    second = AccessEvent.objects.get(chain=f"access:{world.alpha.site.pk}", seq=2)
    _tamper(f"DELETE FROM {AccessEvent._meta.db_table} WHERE id = %s", [second.pk])
    result = _verify()
    assert "first broken link is 2" in result and "missing" in result


@pytest.mark.django_db
def test_it_reports_a_deleted_tail(world):
    _write_some(world)
    last = AuditEvent.objects.filter(chain=f"audit:{world.alpha.site.pk}").order_by("-seq")[0]
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [last.pk])
    assert "deleted from the end" in _verify()


@pytest.mark.django_db
def test_it_refuses_edits_and_deletes_through_the_orm(world):
    _write_some(world, 1)
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="x")


@pytest.mark.django_db
def test_it_refuses_raw_updates_and_deletes_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")
    from django.db import DatabaseError, transaction

    _write_some(world, 1)
    for sql in (
        f"UPDATE {AuditEvent._meta.db_table} SET action = 'x'",
        f"DELETE FROM {AccessEvent._meta.db_table}",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_long_chain_is_checked_by_parallel_stretches_that_find_the_same_break(world, monkeypatch):
    """Past a length, each chain is cut into stretches checked by forked processes (on their
    own connections, so the links must be committed). Every break is still found, at its link,
    including where two stretches meet."""
    if connection.vendor != "postgresql":
        pytest.skip("the parallel check runs on PostgreSQL only")
    from goldenthread.audit import queries

    monkeypatch.setattr(queries, "VERIFY_PARALLEL_FROM", 4)
    monkeypatch.setattr(queries, "VERIFY_WORKERS", 2)
    monkeypatch.setattr(queries.os, "cpu_count", lambda: 2)
    _write_some(world, 8)  # 8 links a chain: stretches 1-4 and 5-8
    assert "All 2 chains verified." in _verify()
    chain = f"access:{world.alpha.site.pk}"
    spans = queries._spans(AccessEvent, chain, ACCESS_FIELDS, 8)
    assert [(s.first_seq, s.last_seq) for s in spans] == [(1, 4), (5, 8)]
    fifth = AccessEvent.objects.get(chain=chain, seq=5)  # the first link of the second stretch
    _tamper(f"DELETE FROM {AccessEvent._meta.db_table} WHERE id = %s", [fifth.pk])
    result = _verify()
    assert "first broken link is 5" in result and "missing" in result
    seventh = AuditEvent.objects.get(chain=f"audit:{world.alpha.site.pk}", seq=7)
    _tamper(
        f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE id = %s",
        ["test.forged", seventh.pk],
    )
    result = _verify()
    assert "audit:" in result and "first broken link is 7" in result and "changed" in result


@pytest.mark.django_db
def test_a_list_read_writes_one_verified_link_per_subject_in_one_insert(
    world, django_assert_max_num_queries
):
    """``access_record_many`` (a worklist, a roster) chains its links in Python and writes
    them in one insert (SQLite: a few, capped by its parameters): each subject once, the
    same columns a single ``access_record`` writes, and the chain still verifies, before and
    after a single link."""
    from goldenthread.audit.actions import access_record_many
    from goldenthread.core.models import Participant

    actor = world.actor(Role.PROSECUTOR)
    first = world.participant()
    _write_some(world, 1)
    subjects = [first, *(Participant(pk=10_000 + i) for i in range(149)), first]
    reads = [
        (s, ["legal_cases", "disclosures"] if i % 2 else ["legal_cases"])
        for i, s in enumerate(subjects)
    ]
    # PostgreSQL: one statement (ADR 20); SQLite: head lock, inserts, head update, transaction.
    with django_assert_max_num_queries(1 if connection.vendor == "postgresql" else 8):
        written = access_record_many(actor=actor, reads=reads, purpose="listed: test", path="/x/")
    assert written == 150
    access_record(actor=actor, subject=first, categories=["legal_cases"])
    chain = f"access:{world.alpha.site.pk}"
    rows = list(AccessEvent.objects.filter(chain=chain, purpose="listed: test").order_by("seq"))
    assert [r.subject_id for r in rows] == [str(s.pk) for s in subjects[:150]]
    assert [r.seq for r in rows] == list(range(rows[0].seq, rows[0].seq + 150))
    assert rows[1].categories == ["disclosures", "legal_cases"]
    assert {(r.user_id, r.role, r.site_id_ref, r.path, r.via) for r in rows} == {
        (actor.user.pk, str(actor.role), actor.site_id, "/x/", actor.via)
    }
    assert "All 2 chains verified." in _verify()
    forged = rows[70]
    _tamper(
        f"UPDATE {AccessEvent._meta.db_table} SET subject_id = %s WHERE id = %s", ["1", forged.pk]
    )
    assert f"first broken link is {forged.seq}" in _verify()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lists",
    [
        [("listed: a", [1, 2, 2, 3]), ("listed: b", [2, 4])],
        [("listed: a", [5, 6]), ("listed: b", [])],
        [("listed: a", []), ("listed: b", [7, 7])],
        [("listed: a", [1]), ("listed: a", [1, 2])],
    ],
)
def test_several_lists_are_logged_in_one_insert_each_with_its_purpose(
    world, django_assert_max_num_queries, lists
):
    """``access_record_lists`` (the legal worklist: its cases and the disclosures it received)
    writes every list's links in one insert, in the order given, each subject once within its
    purpose (one subject in two lists is logged under each), and the chain verifies."""
    from goldenthread.audit.actions import access_record_lists

    actor = world.actor(Role.PROSECUTOR)
    _write_some(world, 1)
    reads = [
        (purpose, [("participant", pk, ["legal_cases"]) for pk in ids]) for purpose, ids in lists
    ]
    expected = list(dict.fromkeys((purpose, str(pk)) for purpose, ids in lists for pk in ids))
    with django_assert_max_num_queries(1 if connection.vendor == "postgresql" else 8):
        written = access_record_lists(actor=actor, lists=reads, path="/legal/")
    assert written == len(expected)
    rows = AccessEvent.objects.filter(path="/legal/").order_by("seq")
    assert [(r.purpose, r.subject_id) for r in rows] == expected
    assert {(r.user_id, r.role, r.site_id_ref, r.via) for r in rows} == {
        (actor.user.pk, str(actor.role), actor.site_id, actor.via)
    }
    assert "All 2 chains verified." in _verify()


# Values that JSON must escape or that format strings treat as special: the fast reader of
# PostgreSQL fills a template with them, and must give the bytes they were hashed with.
_AWKWARD = 'Zoë "Z" {0} {x} \\ \n\t\x01 – 日本 \U0001f600 null'


def _write_awkward(world) -> None:
    actor = world.actor(Role.CM)
    participant = world.participant()
    audit_record(
        actor=actor,
        action="test.awkward",
        obj=participant,
        before={_AWKWARD: [1, 2.5, True, None, {"b": _AWKWARD, "a": -7}]},
        after={"n": 10**15, "s": _AWKWARD, "empty": {}},
    )
    # A key "seq" inside a link's values, and the text the one-statement append cuts at: the
    # link's own seq is still the one written (ADR 20).
    audit_record(
        actor=actor,
        action="test.seq",
        obj=participant,
        before={"seq": -1, "x": '"seq":-1'},
        after={"seq": -1, "y": [{"seq": -1}]},
    )
    audit_record(actor=None, action="test.system", after={"x": _AWKWARD})  # no site, no user
    access_record(
        actor=actor, subject=participant, categories=["plan_goals", _AWKWARD], purpose=_AWKWARD
    )
    access_record(actor=actor, subject=participant, categories=[], path=_AWKWARD)


@pytest.mark.django_db
def test_links_with_awkward_values_verify(world):
    _write_awkward(world)
    assert "All 3 chains verified." in _verify()


def _forge(model, name: str) -> str:
    """SQL that changes column ``name`` of one row, whatever its type."""
    field = model._meta.get_field(name)
    column = field.column
    if field.get_internal_type() == "JSONField":
        value = "'{\"forged\": 1}'" if connection.vendor == "sqlite" else "'{\"forged\": 1}'::jsonb"
    elif field.is_relation or field.get_internal_type().endswith("IntegerField"):
        value = f"coalesce({column}, 0) + 1"
    else:
        value = f"{column} || 'x'"
    return f"UPDATE {model._meta.db_table} SET {column} = {value} WHERE id = %s"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "name"),
    [(AuditEvent, name) for name in AUDIT_FIELDS]
    + [(AccessEvent, name) for name in ACCESS_FIELDS]
    + [(AuditEvent, "at"), (AccessEvent, "at")],
)
def test_a_change_to_any_column_of_a_link_is_found(world, model, name):
    _write_awkward(world)
    link = model.objects.filter(chain__endswith=f":{world.alpha.site.pk}").get(seq=1)
    if name == "at":
        sql = f"UPDATE {model._meta.db_table} SET at = %s WHERE id = %s"
        _tamper(sql, [link.at.replace(microsecond=(link.at.microsecond + 1) % 10**6), link.pk])
    else:
        _tamper(_forge(model, name), [link.pk])
    result = _verify()
    assert link.chain in result and "first broken link is 1" in result and "changed" in result


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    "at",
    [
        "2026-11-30 07:42:17.123456+00",
        "2026-11-30 07:42:17.000001+00",
        "2026-11-30 07:42:17.120000+00",
        "2026-11-30 07:42:17+00",
        "2026-11-30 23:59:59.999999-08",
        "0999-01-02 03:04:05.5+00",
        "2024-02-29 00:00:00+05:30",
    ],
)
def test_the_database_writes_a_links_time_as_python_does(at):
    # audit verify on PostgreSQL has the database write each link's time into the hashed
    # text: any byte of difference from isoformat() would fail every link written before.
    if connection.vendor != "postgresql":
        pytest.skip("the fast reader runs on PostgreSQL only")
    from goldenthread.audit.queries import _isoformat_sql

    with connection.cursor() as cur:
        cur.execute("SET TIME ZONE 'America/Los_Angeles'")  # not the zone the text is in
        cur.execute(f"SELECT {_isoformat_sql('t')}, t FROM (SELECT %s::timestamptz AS t) s", [at])
        text, value = cur.fetchone()
        cur.execute("SET TIME ZONE 'UTC'")
    assert text == value.astimezone(UTC).isoformat()


@pytest.mark.django_db
def test_links_written_on_a_whole_second_verify(world, monkeypatch):
    # isoformat() leaves the microseconds out when there are none.
    from goldenthread.audit import actions

    monkeypatch.setattr(actions.timezone, "now", lambda: datetime(2026, 11, 30, 7, 0, tzinfo=UTC))
    _write_some(world, 3)
    assert AccessEvent.objects.filter(at=datetime(2026, 11, 30, 7, 0, tzinfo=UTC)).count() == 3
    assert "All 2 chains verified." in _verify()


@pytest.mark.postgres
@pytest.mark.django_db
def test_on_postgresql_a_link_is_appended_in_one_statement_that_verifies(
    world, django_assert_num_queries
):
    """Once a chain has its head, a sensitive read's access link is one statement: the head
    locked, the hash computed by the database from the text Python cut, the link inserted and
    the head moved (ADR 20). An audit link, inside its action's transaction, is that statement
    and the object head's upsert, with no savepoint."""
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement append is PostgreSQL's")
    from django.db import transaction

    actor = world.actor(Role.CM)
    participant = world.participant()
    _write_some(world, 1)  # the heads made the way in Python
    with django_assert_num_queries(1):
        access_record(
            actor=actor, subject=participant, categories=["contacts_notes"], path=_AWKWARD
        )
    with transaction.atomic(), django_assert_num_queries(2) as ctx:
        audit_record(actor=actor, action="test.one", obj=participant, after={"s": _AWKWARD})
    assert not any("SAVEPOINT" in q["sql"] for q in ctx.captured_queries)
    chain = f"access:{world.alpha.site.pk}"
    seqs = list(
        AccessEvent.objects.filter(chain=chain).order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == [1, 2]
    assert "All 2 chains verified." in _verify()


def _append_concurrently(world, threads: int, each: int) -> list[BaseException]:
    import threading

    from django.db import connections

    actor = world.actor(Role.CM)
    participant = world.participant()
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def run() -> None:
        try:
            start.wait()
            for i in range(each):
                access_record(actor=actor, subject=participant, categories=["plan_goals"])
                if i % 3 == 0:
                    audit_record(actor=actor, action="test.race", obj=participant, after={"i": i})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_links_appended_at_once_by_many_connections_make_one_unbroken_chain(world):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL")
    _write_some(world, 1)
    assert _append_concurrently(world, threads=4, each=15) == []
    chain = f"access:{world.alpha.site.pk}"
    seqs = list(
        AccessEvent.objects.filter(chain=chain).order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == list(range(1, 1 + 1 + 4 * 15))
    assert "All 2 chains verified." in _verify()
