"""The PM records the bodies: PCG, OWGs (scoped), the CLT, committees formed by the PCG."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.governance.models import Body

pytestmark = pytest.mark.django_db


def _create(world, **data):  # type: ignore[no-untyped-def]
    return world.client(Role.PM).post("/governance/bodies/new/", data)


def test_it_records_a_body_with_charter_cadence_and_quorum(world):
    response = _create(
        world,
        kind="pcg",
        name="PCG",
        formed_on="2010-10-01",
        charter="Consensus of senior partners",
        cadence_days="30",
        quorum_percent="60",
        stand_aside_limit="2",
    )
    body = Body.objects.get()
    assert response.status_code == 302
    assert (body.kind, body.cadence_days, body.quorum_percent, body.stand_aside_limit) == (
        "pcg",
        30,
        60,
        2,
    )
    assert AuditEvent.objects.filter(action="body.create", object_id=str(body.pk)).exists()


def test_it_requires_an_owgs_scope(world):
    response = _create(world, kind="owg", name="OWG", formed_on="2011-01-01", scope="")
    assert response.status_code == 422
    assert b"scope" in response.content
    assert not Body.objects.exists()
    _create(world, kind="owg", name="OWG", formed_on="2011-01-01", scope="precinct")
    assert Body.objects.get().scope == "precinct"


def test_it_forms_a_committee_under_the_pcg_only(world):
    response = _create(world, kind="committee", name="Data", formed_on="2012-01-01")
    assert response.status_code == 422
    _create(world, kind="pcg", name="PCG", formed_on="2010-01-01")
    _create(world, kind="committee", name="PM oversight", formed_on="2012-01-01", oversees_pm="on")
    committee = Body.objects.get(name="PM oversight")
    assert committee.parent.kind == "pcg" and committee.oversees_pm


def test_it_names_a_bad_date(world):
    response = _create(world, kind="clt", name="CLT", formed_on="soon")
    assert response.status_code == 422
    assert b"formed_on" in response.content
