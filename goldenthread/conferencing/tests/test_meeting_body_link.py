"""A meeting is linked to its governance OWG body, validated through governance's queries;
the body's region scopes the roster."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.conferencing.tests.matrix import meeting, owg_bodies
from goldenthread.core.roles import Role

API = "/api/v1/conferencing"
WHEN = "2026-12-01T10:00:00Z"


def _link(world, meeting_id, body_id, role=Role.PM):
    return world.api(role).put(
        f"{API}/meetings/{meeting_id}/governance-body",
        data=json.dumps({"governance_body_id": body_id}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_links_a_meeting_to_an_owg_body_and_takes_its_region(world):
    _pcg, owg = owg_bodies(world.alpha, scope_area="Belltown")
    m = meeting(world.alpha)

    response = _link(world, m.pk, owg.pk)

    assert response.status_code == 200
    assert response.json()["governance_body_id"] == owg.pk
    assert response.json()["region"] == "Belltown"
    detail = world.api(Role.CM).get(f"{API}/meetings/{m.pk}").json()
    assert detail["governance_body_name"] == owg.name
    assert AuditEvent.objects.filter(action="meeting.link_body").exists()


@pytest.mark.django_db
def test_it_refuses_a_pcg_or_another_sites_body_naming_the_field(world):
    pcg, _owg = owg_bodies(world.alpha)
    _beta_pcg, beta_owg = owg_bodies(world.beta)
    m = meeting(world.alpha)
    for body_id in (pcg.pk, beta_owg.pk, 999_999):
        response = _link(world, m.pk, body_id)
        assert response.status_code == 422
        assert "governance_body_id" in response.content.decode()
    m.refresh_from_db()
    assert m.governance_body_id is None


@pytest.mark.django_db
def test_it_validates_the_body_when_a_meeting_is_scheduled(world):
    _pcg, owg = owg_bodies(world.alpha, scope_area="Belltown")
    _beta_pcg, beta_owg = owg_bodies(world.beta)
    api = world.api(Role.PM)

    def create(body_id):
        return api.post(
            f"{API}/meetings",
            data=json.dumps({"title": "OWG", "scheduled_for": WHEN, "governance_body_id": body_id}),
            content_type="application/json",
        )

    ok = create(owg.pk)
    assert ok.status_code == 201 and ok.json()["region"] == "Belltown"
    refused = create(beta_owg.pk)
    assert refused.status_code == 422 and "governance_body_id" in refused.content.decode()


@pytest.mark.django_db
def test_the_meeting_page_writes_the_body_form_as_the_form_does(world):
    """The page's OWG-body form is kept per linked body and list of bodies: its HTML is the
    form's own; a body renamed or linked shows at once; a refused link shows its error."""
    from goldenthread.conferencing.forms import BodyLinkForm
    from goldenthread.conferencing.views import body_form_html

    _pcg, owg = owg_bodies(world.alpha, scope_area="Belltown")
    owg.name = 'OWG <north> & "east"'
    owg.save()
    m = meeting(world.alpha)
    page = world.client(Role.PM).get(f"/conferencing/{m.pk}/").content.decode()
    form = BodyLinkForm(initial={"governance_body_id": None}, bodies=[owg])
    assert form.as_div() in page
    assert body_form_html(None, ((owg.pk, owg.name),)) == form.as_div()

    owg.name = "OWG renamed"
    owg.save()
    assert _link(world, m.pk, owg.pk).status_code == 200
    page = world.client(Role.PM).get(f"/conferencing/{m.pk}/").content.decode()
    linked = BodyLinkForm(initial={"governance_body_id": owg.pk}, bodies=[owg]).as_div()
    assert linked in page and "OWG renamed" in page and "north" not in page

    refused = world.client(Role.PM).post(
        f"/conferencing/{m.pk}/body/", {"body-governance_body_id": "999999"}
    )
    assert refused.status_code in (200, 400, 422)
    assert "Select a valid choice" in refused.content.decode()
