"""Members record their agency's position on a proposal."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.governance.models import Position, Seat
from goldenthread.governance.tests.matrix import proposal

pytestmark = pytest.mark.django_db

API = "/api/v1/governance/proposals/{}/positions"
MEMBER_ROLES = (Role.PCG_MEMBER, Role.CLT_MEMBER)


def _post(world, role, proposal_id, **data):  # type: ignore[no-untyped-def]
    return world.api(role).post(API.format(proposal_id), data=data, content_type="application/json")


def test_it_records_the_members_agency_position_with_its_reason_and_audits_it(world):
    p = proposal(world.alpha)
    response = _post(world, Role.PCG_MEMBER, p.pk, stance="support", reason="Evidence is clear")
    assert response.status_code == 201
    pos = Position.objects.get(proposal=p)
    assert pos.agency == world.alpha.memberships[Role.PCG_MEMBER].agency
    assert (pos.stance, pos.reason) == ("support", "Evidence is clear")
    assert response.json()["tally"]["outcome"] == "pending"
    assert AuditEvent.objects.filter(action="position.record", object_id=str(pos.pk)).exists()


def test_it_refuses_a_member_not_authorised_for_their_agency_and_saves_nothing(world):
    p = proposal(world.alpha)
    Seat.objects.filter(user=world.alpha.users[Role.PCG_MEMBER]).update(authorised=False)
    response = _post(world, Role.PCG_MEMBER, p.pk, stance="block", reason="No")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "stance"
    assert "authorised" in response.json()["detail"]
    assert not Position.objects.exists()


def test_it_refuses_a_second_position_from_the_same_agency(world):
    p = proposal(world.alpha)
    Seat.objects.create(
        site=world.alpha.site,
        body=p.body,
        user=world.alpha.users[Role.CLT_MEMBER],
        name="Second health rep",
        agency=world.alpha.memberships[Role.PCG_MEMBER].agency,
        authorised=True,
        start_on=p.body.formed_on,
    )
    Seat.objects.filter(
        user=world.alpha.users[Role.CLT_MEMBER],
        agency=world.alpha.memberships[Role.CLT_MEMBER].agency,
    ).delete()
    assert _post(world, Role.PCG_MEMBER, p.pk, stance="support", reason="Yes").status_code == 201
    second = _post(world, Role.CLT_MEMBER, p.pk, stance="block", reason="No")
    assert second.status_code == 409
    assert Position.objects.filter(proposal=p).count() == 1


def test_it_refuses_someone_without_a_seat(world):
    p = proposal(world.alpha)
    Seat.objects.filter(user__in=[world.alpha.users[r] for r in MEMBER_ROLES]).delete()
    # A PCG member sees the PCG by role, but holds no seat: refused, naming the field.
    response = _post(world, Role.PCG_MEMBER, p.pk, stance="support", reason="Yes")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "stance"
    # A CLT member without a PCG seat does not see the PCG's proposal at all.
    assert _post(world, Role.CLT_MEMBER, p.pk, stance="support", reason="Yes").status_code == 404
    assert not Position.objects.exists()


def test_it_requires_a_reason(world):
    p = proposal(world.alpha)
    response = _post(world, Role.PCG_MEMBER, p.pk, stance="support", reason="  ")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "reason"


def test_it_records_which_options_a_block_blocks_for_the_zone_of_agreement(world):
    p = proposal(world.alpha, options=["6 g", "3 g"])
    _post(world, Role.PCG_MEMBER, p.pk, stance="block", reason="Too high", blocked_options=["6 g"])
    body = world.api(Role.PM).get(f"/api/v1/governance/proposals/{p.pk}").json()
    assert body["tally"]["outcome"] == "blocked"
    assert body["tally"]["zone_of_agreement"] == ["3 g"]


def test_it_shows_the_page_error_beside_the_form(world):
    p = proposal(world.alpha)
    response = world.client(Role.PCG_MEMBER).post(
        f"/governance/proposals/{p.pk}/position/", {"stance": "maybe", "reason": "x"}
    )
    assert response.status_code == 422
    assert b"choose support, stand aside or block" in response.content


def test_the_tally_counts_members_on_the_sites_date_not_the_servers(world, monkeypatch):
    """03:00 UTC on 2 March is still 1 March in Los Angeles: a seat that ends on 1 March still
    counts, so its agency's missing position keeps the proposal from consensus."""
    from datetime import UTC, date, datetime

    from django.utils import timezone

    from goldenthread.governance.tests.matrix import FORMED

    site = world.alpha
    assert site.site.time_zone == "America/Los_Angeles"
    p = proposal(site)
    for seat in Seat.objects.filter(body=p.body):
        Position.objects.create(
            site=site.site,
            proposal=p,
            agency=seat.agency,
            seat=seat,
            stance="support",
            reason="Agreed",
            recorded_by=seat.user,
        )
    leaving = Seat.objects.create(
        site=site.site,
        body=p.body,
        name="Chief",
        agency=site.memberships[Role.OFFICER].agency,
        authorised=True,
        start_on=FORMED,
        end_on=date(2026, 3, 1),
    )
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 3, 2, 3, 0, tzinfo=UTC))
    detail = world.api(Role.PM).get(f"/api/v1/governance/proposals/{p.pk}").json()
    assert detail["tally"]["outcome"] == "pending"
    assert detail["tally"]["missing"] == [leaving.agency_id]
    refused = world.api(Role.PM).post(
        f"/api/v1/governance/proposals/{p.pk}/decision", data={}, content_type="application/json"
    )
    assert refused.status_code == 422
