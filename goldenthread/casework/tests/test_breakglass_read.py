"""Break-the-glass: a PM with an unexpired emergency grant for a participant reads that
participant's casework record (read only), logged with the reason; otherwise the same 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.access.models import BreakGlassGrant
from goldenthread.audit.models import AccessEvent
from goldenthread.casework.tests.factories import contact, goal
from goldenthread.core.roles import Role

REASON = "Participant in crisis at the shelter, CM unreachable"


def _grant(world, p):
    response = world.client(Role.PM).post(
        f"/access/breakglass/open/{p.pk}/", {"reason": REASON, "hours": "2"}
    )
    assert response.status_code == 302
    return BreakGlassGrant.objects.get(participant=p)


def _pages(p):
    return [
        f"/casework/p/{p.pk}/",
        f"/casework/p/{p.pk}/contacts/",
    ]


def _api(p):
    base = f"/api/v1/casework/participants/{p.pk}"
    return [f"{base}/timeline", f"{base}/contacts", f"{base}/goals", f"{base}/statuses"]


@pytest.mark.django_db
def test_it_opens_the_record_under_a_grant_and_logs_the_reason(world):
    p = world.participant()
    contact(world.alpha, p, days_ago=1, note="Talked about detox beds")
    goal(world.alpha, p)
    _grant(world, p)
    client, api = world.client(Role.PM), world.api(Role.PM)
    response = client.get(f"/casework/p/{p.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Talked about detox beds" in body and "Emergency access" in body
    assert "Log contact" not in body and "New goal" not in body
    assert "Talked about detox beds" in client.get(f"/casework/p/{p.pk}/contacts/").content.decode()
    for url in _api(p):
        assert api.get(url).status_code == 200, url
    events = AccessEvent.objects.filter(role="pm", subject_id=str(p.pk))
    assert events.count() == 2 + len(_api(p))
    assert {e.purpose for e in events} == {f"break-glass: {REASON}"}


@pytest.mark.django_db
def test_it_is_read_only(world):
    p = world.participant()
    _grant(world, p)
    client = world.client(Role.PM)
    assert client.get(f"/casework/p/{p.pk}/contacts/new/").status_code == 404
    assert client.get(f"/casework/p/{p.pk}/goals/new/").status_code == 404
    response = world.api(Role.PM).post(
        f"/api/v1/casework/participants/{p.pk}/goals",
        {"domain": "housing", "title": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_it_answers_404_once_the_grant_has_expired(world):
    p = world.participant()
    grant = _grant(world, p)
    BreakGlassGrant.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    for url in _pages(p):
        assert world.client(Role.PM).get(url).status_code == 404, url
    for url in _api(p):
        assert world.api(Role.PM).get(url).status_code == 404, url
    assert not AccessEvent.objects.filter(role="pm", subject_id=str(p.pk)).exists()


@pytest.mark.django_db
def test_it_answers_404_for_another_participant(world):
    p = world.participant(first_name="Granted")
    other = world.participant(first_name="Other")
    _grant(world, p)
    for url in _pages(other):
        assert world.client(Role.PM).get(url).status_code == 404, url
    for url in _api(other):
        assert world.api(Role.PM).get(url).status_code == 404, url


@pytest.mark.django_db
def test_it_answers_404_without_a_grant(world):
    p = world.participant()
    for url in _pages(p):
        assert world.client(Role.PM).get(url).status_code == 404, url


@pytest.mark.django_db
def test_it_gives_no_other_role_a_way_in_through_another_users_grant(world):
    p = world.participant()
    _grant(world, p)
    assert world.client(Role.OFFICER).get(f"/casework/p/{p.pk}/").status_code == 404
    assert world.client(Role.CLT_MEMBER).get(f"/casework/p/{p.pk}/").status_code == 404


@pytest.mark.django_db
def test_it_offers_the_pm_an_emergency_access_link(world):
    p = world.participant()
    body = world.client(Role.PM).get("/casework/team/reassign/").content.decode()
    assert f'href="/access/breakglass/open/{p.pk}/"' in body and "Emergency access" in body
    supervisor = world.client(Role.SUPERVISOR).get("/casework/team/reassign/").content.decode()
    assert "/access/breakglass/open/" not in supervisor
