"""Who sees which body: membership drives it (an officer on an OWG sees that OWG, nothing
else); PCG and CLT members see the kinds their role's site setting lists; the PM sees all."""

from __future__ import annotations

from datetime import date

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import (
    Body,
    Budget,
    Decision,
    GovernanceSettings,
    Meeting,
    Proposal,
    Seat,
)
from goldenthread.governance.tests.matrix import FORMED, MAKERS, owg_seated, pcg
from goldenthread.testing import rls_queries

pytestmark = pytest.mark.django_db


def _body(world, kind: str, name: str, **kw) -> Body:  # type: ignore[no-untyped-def]
    return Body.objects.create(site=world.alpha.site, kind=kind, name=name, formed_on=FORMED, **kw)


def _seat(world, body: Body, role: Role, **kw) -> Seat:  # type: ignore[no-untyped-def]
    site = world.alpha
    return Seat.objects.create(
        site=site.site,
        body=body,
        user=site.users[role],
        name=site.users[role].get_username(),
        agency=site.memberships[role].agency,
        start_on=kw.pop("start_on", FORMED),
        **kw,
    )


def _meeting(body: Body, minutes: str = "") -> Meeting:
    return Meeting.objects.create(
        site=body.site, body=body, held_on=date(2026, 1, 5), minutes=minutes
    )


def test_an_officer_on_an_owg_sees_its_meetings_agendas_minutes_and_decisions(world):
    owg = owg_seated(world.alpha)
    meeting = _meeting(owg, minutes="Hot spot on 3rd Ave discussed as a situation.")
    meeting.agenda.create(site=owg.site, order=1, title="Night-shift hand-offs")
    other = _body(world, "owg", "South OWG", scope="precinct")
    _meeting(other, minutes="South minutes")
    decided = Proposal.objects.create(
        site=owg.site, body=owg, title="Meet at the precinct", text="…", status="decided"
    )
    Decision.objects.create(
        site=owg.site,
        body=owg,
        proposal=decided,
        decided_on=FORMED,
        recorded_by=world.alpha.users[Role.PM],
    )
    officer = world.client(Role.OFFICER)
    page = officer.get(f"/governance/meetings/{meeting.pk}/")
    assert page.status_code == 200
    assert b"Night-shift hand-offs" in page.content and b"3rd Ave" in page.content
    assert officer.get(f"/governance/bodies/{owg.pk}/").status_code == 200
    index = officer.get("/governance/").content
    assert b"Meet at the precinct" in index and b"South OWG" not in index
    # Not a member of the South OWG, nor of the PCG: 404, the same as a missing one.
    assert officer.get(f"/governance/bodies/{other.pk}/").status_code == 404
    assert officer.get(f"/governance/bodies/{pcg(world.alpha).pk}/").status_code == 404
    api = world.api(Role.OFFICER)
    assert [b["name"] for b in api.get("/api/v1/governance/bodies").json()] == ["OWG"]
    assert [d["proposal_id"] for d in api.get("/api/v1/governance/decisions").json()] == [
        decided.pk
    ]
    # A case manager holds no seat: the OWG is not theirs to read.
    assert world.client(Role.CM).get(f"/governance/meetings/{meeting.pk}/").status_code == 404


def test_a_seat_that_has_ended_no_longer_opens_the_body(world):
    owg = _body(world, "owg", "North OWG", scope="neighbourhood")
    _seat(world, owg, Role.DEFENDER, end_on=date(2025, 6, 30))
    assert world.client(Role.DEFENDER).get(f"/governance/bodies/{owg.pk}/").status_code == 404


def test_a_member_in_another_role_takes_their_agencys_position_only_if_authorised(world):
    owg = _body(world, "owg", "North OWG", scope="neighbourhood")
    _seat(world, owg, Role.POLICE_SUPERVISOR, authorised=True)
    _seat(world, owg, Role.DEFENDER, authorised=False)
    p = Proposal.objects.create(
        site=owg.site, body=owg, title="Ride-alongs", text="…", status="open"
    )
    page = f"/governance/proposals/{p.pk}/"
    assert b"Record position" in world.client(Role.POLICE_SUPERVISOR).get(page).content
    assert b"Record position" not in world.client(Role.DEFENDER).get(page).content
    url = f"/api/v1/governance/proposals/{p.pk}/positions"
    data = {"stance": "support", "reason": "Helps patrol"}
    ok = world.api(Role.POLICE_SUPERVISOR).post(url, data=data, content_type="application/json")
    assert ok.status_code == 201
    refused = world.api(Role.DEFENDER).post(url, data=data, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "stance"
    assert p.positions.count() == 1


def test_a_member_in_another_role_finds_their_bodies_on_the_home_page(world):
    owg_seated(world.alpha)
    home = world.client(Role.PROSECUTOR).get("/")
    assert b"Your governance bodies" in home.content and b"OWG" in home.content
    assert b"Your governance bodies" not in world.client(Role.CM).get("/").content


def test_pcg_and_clt_members_see_their_own_kinds_by_default(world):
    the_pcg = _body(world, "pcg", "PCG")
    committee = _body(world, "committee", "Data & Evaluation", parent=the_pcg)
    clt = _body(world, "clt", "CLT")
    owg = _body(world, "owg", "OWG", scope="citywide")
    budget = Budget.objects.create(site=world.alpha.site, year=2026)
    pcg_member = world.client(Role.PCG_MEMBER)
    for body in (the_pcg, committee):
        assert pcg_member.get(f"/governance/bodies/{body.pk}/").status_code == 200
    for body in (clt, owg):
        assert pcg_member.get(f"/governance/bodies/{body.pk}/").status_code == 404
    assert pcg_member.get(f"/governance/budgets/{budget.pk}/").status_code == 200
    clt_member = world.client(Role.CLT_MEMBER)
    assert clt_member.get(f"/governance/bodies/{clt.pk}/").status_code == 200
    for body in (the_pcg, committee, owg):
        assert clt_member.get(f"/governance/bodies/{body.pk}/").status_code == 404
    assert clt_member.get(f"/governance/budgets/{budget.pk}/").status_code == 404
    # What is published to the community: adopted policies and the MOU's status, no drafts.
    MAKERS["gov_policy"](world, world.alpha)
    assert world.api(Role.CLT_MEMBER).get("/api/v1/governance/policies").json() == []
    assert clt_member.get("/governance/mou/").status_code == 200
    # A CLT member seated on the PCG (the CLT's representation) sees the PCG and its budget.
    _seat(world, the_pcg, Role.CLT_MEMBER, kind="community")
    assert clt_member.get(f"/governance/bodies/{the_pcg.pk}/").status_code == 200
    assert clt_member.get(f"/governance/budgets/{budget.pk}/").status_code == 200


def test_the_pm_sets_what_each_role_sees(world):
    clt = _body(world, "clt", "CLT")
    owg = _body(world, "owg", "OWG", scope="citywide")
    budget = Budget.objects.create(site=world.alpha.site, year=2026)
    pm = world.client(Role.PM)
    assert b'name="scopes_clt_member" value="clt" type="checkbox" checked' in (
        pm.get("/governance/health/").content
    )
    response = pm.post(
        "/governance/settings/",
        {
            "checkin_interval_days": "30",
            "role_scopes": "1",
            "scopes_pcg_member": ["pcg", "owg"],
            "scopes_clt_member": ["clt", "budget"],
        },
    )
    assert response.status_code == 302
    assert world.client(Role.CLT_MEMBER).get(f"/governance/budgets/{budget.pk}/").status_code == 200
    pcg_member = world.client(Role.PCG_MEMBER)
    assert pcg_member.get(f"/governance/bodies/{owg.pk}/").status_code == 200
    assert pcg_member.get(f"/governance/budgets/{budget.pk}/").status_code == 404
    assert pcg_member.get(f"/governance/bodies/{clt.pk}/").status_code == 404
    assert world.api(Role.PCG_MEMBER).get("/api/v1/governance/settings").json()["role_scopes"] == {
        "clt_member": ["budget", "clt"],
        "pcg_member": ["owg", "pcg"],
    }


def test_it_refuses_an_unknown_scope_and_saves_nothing(world):
    response = world.api(Role.PM).put(
        "/api/v1/governance/settings",
        data={"checkin_interval_days": 7, "role_scopes": {"clt_member": ["everything"]}},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "role_scopes"
    assert not GovernanceSettings.objects.filter(site=world.alpha.site).exists()


def test_a_members_governance_page_makes_no_query_per_body(world, django_assert_max_num_queries):
    for n in range(6):
        body = _body(world, "owg", f"OWG {n}", scope="precinct")
        _seat(world, body, Role.OFFICER)
        Proposal.objects.create(site=body.site, body=body, title=f"P{n}", text="…", status="open")
    client = world.client(Role.OFFICER)
    with django_assert_max_num_queries(17 + rls_queries()):
        page = client.get("/governance/")
    assert page.status_code == 200 and page.content.count(b"OWG ") >= 6
