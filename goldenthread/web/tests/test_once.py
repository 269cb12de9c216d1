"""A form sent twice takes effect once: the token `{% once %}` puts in a form."""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client

from goldenthread.casework.models import FlexFundRequest
from goldenthread.casework.tests.factories import goal, pool
from goldenthread.core.roles import Role
from goldenthread.testing import build_world
from goldenthread.web.models import FormSubmission

TOKEN = re.compile(rb'name="_once" value="([0-9a-f-]{36})"')


def _form(world, p):  # type: ignore[no-untyped-def]
    the_pool, the_goal = pool(world.alpha), goal(world.alpha, p)
    return {
        "pool": the_pool.pk,
        "goal": the_goal.pk,
        "amount": "35.00",
        "category": "phone",
        "vendor": "Metro PCS",
        "purpose": "A phone so the housing navigator can reach them",
        "attested": "on",
        "pools_checked": "Lifeline phone program (waitlisted)",
    }


def _token(client: Client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    found = TOKEN.findall(page.content)
    assert len(found) == 1, "the form carries one token"
    return found[0].decode()


@pytest.mark.django_db
def test_it_saves_a_form_sent_twice_once_and_takes_the_second_send_where_the_first_went(world):
    p = world.participant()
    client = world.client(Role.CM)
    url = f"/casework/p/{p.pk}/flex/new/"
    form = {**_form(world, p), "_once": _token(client, url)}
    first = client.post(url, form)
    second = client.post(url, form)
    assert first.status_code == 302
    assert second.status_code == 303 and second["Location"] == first["Location"]
    assert FlexFundRequest.objects.count() == 1
    shown = client.get(second["Location"])
    assert b"already been sent; it was saved once" in shown.content


@pytest.mark.django_db
def test_it_gives_each_rendering_of_the_form_its_own_token(world):
    p = world.participant()
    client = world.client(Role.CM)
    url = f"/casework/p/{p.pk}/flex/new/"
    assert _token(client, url) != _token(client, url)


@pytest.mark.django_db
def test_it_releases_the_token_of_a_refused_send_so_the_corrected_form_goes_through(world):
    p = world.participant()
    client = world.client(Role.CM)
    url = f"/casework/p/{p.pk}/flex/new/"
    form = {**_form(world, p), "_once": _token(client, url)}
    bad = client.post(url, {**form, "amount": "-1"})
    assert bad.status_code == 422
    assert not FormSubmission.objects.exists()
    good = client.post(url, form)
    assert good.status_code == 302
    assert FlexFundRequest.objects.count() == 1


@pytest.mark.django_db
def test_it_keeps_tokens_per_user(world):
    """Another user's token is not this user's: the same value from someone else is a new send."""
    p = world.participant()
    url = f"/casework/p/{p.pk}/flex/new/"
    cm = world.client(Role.CM)
    form = {**_form(world, p), "_once": _token(cm, url)}
    assert cm.post(url, form).status_code == 302
    assert world.client(Role.SUPERVISOR).post(url, form).status_code == 302
    assert FlexFundRequest.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "not-a-uuid", "12345"])
def test_it_treats_a_missing_or_malformed_token_as_an_ordinary_send(world, value):
    p = world.participant()
    client = world.client(Role.CM)
    url = f"/casework/p/{p.pk}/flex/new/"
    form = {**_form(world, p), "_once": value}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    assert FlexFundRequest.objects.count() == 2
    assert not FormSubmission.objects.exists()


@pytest.fixture
def live_world(transactional_db):  # type: ignore[no-untyped-def]
    return build_world()


@pytest.mark.postgres
def test_it_saves_once_when_two_sends_race(live_world):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent transactions need PostgreSQL")
    world = live_world
    p = world.participant()
    url = f"/casework/p/{p.pk}/flex/new/"
    clients = [world.client(Role.CM), world.client(Role.CM)]
    form = {**_form(world, p), "_once": _token(clients[0], url)}
    start = threading.Barrier(2)
    answers: list[tuple[int, str]] = []

    def send(client: Client) -> None:
        try:
            start.wait()
            response = client.post(url, form)
            answers.append((response.status_code, response.get("Location", "")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert FlexFundRequest.objects.count() == 1
    assert sorted(code for code, _ in answers) == [302, 303]
    assert len({where for _, where in answers}) == 1, "both sends end on the same page"
