"""A disclosure shared while a contact is logged for the same participant: both commit. The
share locks the participant (one share at a time per participant) and then appends to the
site's audit chain; the contact holds the chain's head when, at its commit, PostgreSQL checks
its foreign key to the participant (``FOR KEY SHARE``). Locked ``FOR UPDATE``, the participant
made the two wait on each other until PostgreSQL aborted one (a deadlock the bench's load
met once, on 2026-11-30); locked ``FOR NO KEY UPDATE``, the key check does not wait. The
site's settings saved meanwhile are the same case: the contact names the site too.
Real concurrent transactions need PostgreSQL."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from goldenthread.audit.actions import audit_record
from goldenthread.casework.models import Contact
from goldenthread.core.actions import site_update
from goldenthread.core.roles import Role
from goldenthread.disclosures import actions, rules
from goldenthread.disclosures.models import Disclosure
from goldenthread.disclosures.tests.factories import consent
from goldenthread.testing import build_world


@pytest.fixture
def world(transactional_db):  # type: ignore[no-untyped-def]
    return build_world()


def _blocked_backends() -> int:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return int(cur.fetchone()[0])


def _share(site, participant) -> None:  # type: ignore[no-untyped-def]
    actions.disclosure_share(
        actor=site.actor(Role.CM),
        participant_id=participant.pk,
        audience=rules.PROSECUTOR,
        purpose=rules.LEGAL_COORDINATION,
        engagement_confirmed=True,
    )


def _site_settings(site, participant) -> None:  # type: ignore[no-untyped-def]
    # The site's row, which every new row of the site names, locked in the same way (d34f075).
    site_update(actor=site.actor(Role.SITE_ADMIN), changes={"intake_deadline_days": 9})


@pytest.mark.postgres
@pytest.mark.parametrize("locker", [_share, _site_settings])
def test_a_locking_action_and_a_contact_for_the_same_participant_both_commit(world, locker):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL")
    site = world.alpha
    participant = consent(world, site).participant
    head_held = threading.Event()
    errors: list[BaseException] = []

    def contact() -> None:
        # contact_log's statements: the row naming the participant, then the audit link (the
        # chain's head locked until commit), then the commit with its key check.
        try:
            with transaction.atomic():
                row = Contact.objects.create(
                    site_id=site.site.pk,
                    participant=participant,
                    author=site.users[Role.CM],
                    kind="street",
                    occurred_at=timezone.now(),
                    idempotency_key="lock-order",
                )
                audit_record(actor=site.actor(Role.CM), action="contact.log", obj=row)
                head_held.set()
                deadline = time.monotonic() + 10
                while _blocked_backends() == 0 and time.monotonic() < deadline:
                    time.sleep(0.05)  # until the other action waits for the chain's head
        except BaseException as exc:  # any failure is the test's to report
            errors.append(exc)
        finally:
            connection.close()

    def other() -> None:
        try:
            head_held.wait(10)
            locker(site, participant)
        except BaseException as exc:  # any failure is the test's to report
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=contact), threading.Thread(target=other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert Contact.objects.filter(idempotency_key="lock-order").count() == 1
    if locker is _share:
        assert Disclosure.objects.filter(participant=participant).count() == 1
    else:
        site.site.refresh_from_db()
        assert site.site.intake_deadline_days == 9
