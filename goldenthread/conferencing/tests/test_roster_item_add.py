"""The PM adds an item by hand and chooses who sees it."""

from __future__ import annotations

import json

import pytest

from goldenthread.conferencing.models import RosterItem
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.roles import Role


def _add(world, meeting_id, **data):
    return world.api(Role.PM).post(
        f"/api/v1/conferencing/meetings/{meeting_id}/items",
        data=json.dumps({"title": "Referral outcome", **data}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_adds_an_item_for_chosen_roles(world):
    m = meeting(world.alpha)
    dana = world.participant()
    response = _add(
        world, m.pk, participant_id=dana.pk, visible_to_roles=["officer"], time_box_minutes=3
    )
    assert response.status_code == 201
    row = RosterItem.objects.get()
    assert (row.participant, row.visible_to_roles, row.time_box_minutes, row.source) == (
        dana,
        ["officer"],
        3,
        "conferencing.pm",
    )


@pytest.mark.django_db
def test_it_refuses_unknown_roles_foreign_participants_and_empty_titles(world):
    m = meeting(world.alpha)
    bad_role = _add(world, m.pk, visible_to_roles=["evaluator"])
    assert bad_role.json()["errors"][0]["field"] == "visible_to_roles"
    foreign = _add(world, m.pk, participant_id=world.participant(world.beta).pk)
    assert foreign.json()["errors"][0]["field"] == "participant_id"
    assert _add(world, m.pk, title=" ").json()["errors"][0]["field"] == "title"
    page = world.client(Role.PM).post(f"/conferencing/{m.pk}/items/", {"time_box_minutes": 5})
    assert page.status_code == 422
    assert not RosterItem.objects.exists()


@pytest.mark.django_db
def test_the_pm_adds_an_item_on_its_own_page(world):
    m = meeting(world.alpha)
    dana = world.participant(first_name="Dana", last_name="Okoro")
    client = world.client(Role.PM)
    detail = client.get(f"/conferencing/{m.pk}/").content.decode()
    # The roster page links to the form; it no longer carries the site's participants.
    assert f'href="/conferencing/{m.pk}/items/"' in detail
    assert "Dana Okoro" not in detail and 'name="participant_id"' not in detail
    form = client.get(f"/conferencing/{m.pk}/items/")
    assert form.status_code == 200
    assert f'<option value="{dana.pk}">Dana Okoro</option>' in form.content.decode()
    done = client.post(
        f"/conferencing/{m.pk}/items/",
        {"title": "Housing plan", "participant_id": dana.pk, "time_box_minutes": 4},
    )
    assert done.status_code == 302 and done["Location"] == f"/conferencing/{m.pk}/"
    row = RosterItem.objects.get()
    assert (row.title, row.participant, row.time_box_minutes) == ("Housing plan", dana, 4)


@pytest.mark.django_db
def test_a_bad_item_is_shown_again_with_the_field_named_and_nothing_added(world):
    m = meeting(world.alpha)
    page = world.client(Role.PM).post(
        f"/conferencing/{m.pk}/items/", {"title": "", "time_box_minutes": 5}
    )
    assert page.status_code == 422
    assert page.context["form"].errors["title"] == ["This field is required."]
    assert not RosterItem.objects.exists()


@pytest.mark.django_db
def test_a_closed_meetings_form_sends_the_pm_back_with_the_reason(world):
    m = meeting(world.alpha)
    m.status = "closed"
    m.save(update_fields=["status"])
    client = world.client(Role.PM)
    for send in (client.get, client.post):
        response = send(f"/conferencing/{m.pk}/items/", follow=True)
        assert response.redirect_chain == [(f"/conferencing/{m.pk}/", 302)]
        assert "The meeting is closed" in response.content.decode()
    assert not RosterItem.objects.exists()


@pytest.mark.django_db
def test_another_sites_meeting_has_no_item_form(world):
    other = meeting(world.beta)
    assert world.client(Role.PM).get(f"/conferencing/{other.pk}/items/").status_code == 404
