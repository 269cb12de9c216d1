"""The PM seats members; OWG members are appointed by a PCG decision."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import Body, Seat
from goldenthread.governance.tests.matrix import FORMED, decision, pcg

pytestmark = pytest.mark.django_db


def _owg(world):  # type: ignore[no-untyped-def]
    return Body.objects.create(
        site=world.alpha.site, kind="owg", name="OWG", scope="citywide", formed_on=FORMED
    )


def _seat(world, body, **data):  # type: ignore[no-untyped-def]
    payload = {
        "name": "Sgt. Ortiz",
        "agency_id": world.alpha.memberships[Role.OFFICER].agency_id,
        "start_on": "2026-01-01",
        **data,
    }
    return world.api(Role.PM).post(
        f"/api/v1/governance/bodies/{body.pk}/seats", data=payload, content_type="application/json"
    )


def test_it_seats_a_pcg_member_with_seniority_and_authority(world):
    response = _seat(world, pcg(world.alpha), senior=True, authorised=True)
    assert response.status_code == 201
    seat = Seat.objects.get(pk=response.json()["id"])
    assert seat.senior and seat.authorised and seat.kind == "agency"


def test_it_refuses_an_owg_seat_without_a_pcg_decision(world):
    owg = _owg(world)
    response = _seat(world, owg)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "appointed_by_id"
    assert not Seat.objects.filter(body=owg).exists()


def test_it_records_the_pcg_decision_that_appointed_an_owg_member(world):
    owg = _owg(world)
    appointment = decision(world.alpha)
    response = _seat(world, owg, appointed_by_id=appointment.pk)
    assert response.status_code == 201
    assert Seat.objects.get(pk=response.json()["id"]).appointed_by == appointment
    foreign = decision(world.beta)
    assert _seat(world, owg, appointed_by_id=foreign.pk).status_code == 422


def test_it_refuses_another_sites_agency(world):
    response = _seat(world, pcg(world.alpha), agency_id=world.beta.memberships[Role.PM].agency_id)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "agency_id"


def test_it_ends_a_membership_but_keeps_the_record(world):
    seat_id = _seat(world, pcg(world.alpha)).json()["id"]
    bad = world.client(Role.PM).post(f"/governance/seats/{seat_id}/end/", {"end_on": "2020-01-01"})
    assert bad.status_code == 422
    ok = world.client(Role.PM).post(f"/governance/seats/{seat_id}/end/", {"end_on": "2026-02-01"})
    assert ok.status_code == 302
    assert str(Seat.objects.get(pk=seat_id).end_on) == "2026-02-01"
