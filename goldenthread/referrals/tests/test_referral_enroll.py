"""Enrollment creates the participant; two case managers at once: one wins, one gets 409."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from goldenthread.access.actor import Conflict
from goldenthread.audit.models import AuditEvent
from goldenthread.core.models import Participant
from goldenthread.core.roles import Role
from goldenthread.referrals import actions
from goldenthread.referrals.models import Referral
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import field_of, post


@pytest.mark.django_db
def test_it_creates_the_participant_through_core(world):
    referral = makers.pending(world.alpha)
    response = post(world, Role.CM, f"/{referral.pk}/enroll")
    assert response.status_code == 200
    participant = Participant.objects.get(person=referral.person)
    assert response.json()["participant_id"] == participant.pk
    assert (participant.state, participant.case_manager) == ("enrolled", world.alpha.users[Role.CM])
    assert list(participant.state_changes.values_list("to_state", flat=True)) == ["enrolled"]
    assert AuditEvent.objects.filter(action="participant.enroll").exists()
    assert AuditEvent.objects.filter(action="referral.enroll", object_id=str(referral.pk)).exists()
    assert referral.changes.filter(to_state="enrolled").exists()


@pytest.mark.django_db
def test_it_gives_the_second_enrollment_a_conflict(world):
    referral = makers.pending(world.alpha)
    assert post(world, Role.CM, f"/{referral.pk}/enroll").status_code == 200
    second = post(world, Role.SUPERVISOR, f"/{referral.pk}/enroll")
    assert second.status_code == 409
    assert "already enrolled" in second.json()["detail"]
    assert Participant.objects.filter(person=referral.person).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("missing", "field"),
    [
        ({"assessment": ""}, "assessment"),
        ({"roi_signed": False}, "roi_signed"),
        ({"assigned_cm": None}, "assigned_cm"),
    ],
)
def test_it_refuses_an_incomplete_intake(world, missing, field):
    referral = makers.pending(world.alpha, **missing)
    response = post(world, Role.CM, f"/{referral.pk}/enroll")
    assert response.status_code == 422 and field_of(response) == field
    assert not Participant.objects.filter(person=referral.person).exists()


@pytest.mark.django_db
def test_it_refuses_a_referral_still_waiting_or_screening(world):
    for referral in (makers.waiting(world.alpha), makers.referral(world.alpha, state="screening")):
        assert post(world, Role.CM, f"/{referral.pk}/enroll").status_code == 422


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_one_of_two_simultaneous_enrollments_win(world):
    if connection.vendor == "sqlite":
        pytest.skip("needs a database with concurrent connections (PostgreSQL)")
    referral = makers.pending(world.alpha)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def enroll(role: Role) -> None:
        try:
            barrier.wait()
            actions.referral_enroll(actor=world.actor(role), referral_id=referral.pk)
            outcomes.append("won")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=enroll, args=(r,)) for r in (Role.CM, Role.SUPERVISOR)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "won"]
    assert Participant.objects.filter(person=referral.person).count() == 1
    assert Referral.objects.get(pk=referral.pk).state == "enrolled"
