"""The home page's governance cards: the proposals awaiting a member's position, and an officer's
bodies."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import Proposal, Seat
from goldenthread.governance.tests.matrix import pcg

pytestmark = pytest.mark.django_db

CARD = "Proposals awaiting your position"


def proposal(site, status=Proposal.Status.OPEN, title="Raise the threshold"):  # type: ignore[no-untyped-def]
    return Proposal.objects.create(
        site=site.site, body=pcg(site), title=title, text="…", status=status
    )


def _card(world, role, site=None):  # type: ignore[no-untyped-def]
    body = world.client(role, site).get("/").content.decode()
    if CARD not in body:
        return None
    return body[body.index(CARD) : body.index("</section>", body.index(CARD))]


def test_a_member_sees_the_open_proposals_that_wait_for_their_position(world):
    first = proposal(world.alpha, title="Raise the threshold")
    proposal(world.alpha, title="Add a door")
    proposal(world.alpha, status=Proposal.Status.DECIDED, title="Decided already")
    proposal(world.beta, title="Beta's own")
    card = _card(world, Role.PCG_MEMBER)
    assert card is not None
    assert "Raise the threshold" in card and "Add a door" in card
    assert "Decided already" not in card and "Beta&#x27;s own" not in card
    assert ">2<" in card  # the count
    answered = world.api(Role.PCG_MEMBER).post(
        f"/api/v1/governance/proposals/{first.pk}/positions",
        data={"stance": "support", "reason": "Agreed"},
        content_type="application/json",
    )
    assert answered.status_code == 201
    card = _card(world, Role.PCG_MEMBER)
    assert card is not None and "Raise the threshold" not in card and "Add a door" in card


def test_no_card_without_an_authorised_seat_that_is_not_staffs(world):
    proposal(world.alpha)
    member = world.alpha.users[Role.PCG_MEMBER]
    Seat.objects.filter(user=member).update(authorised=False)
    assert _card(world, Role.PCG_MEMBER) is None
    Seat.objects.filter(user=member).update(authorised=True, kind=Seat.Kind.STAFF)
    assert _card(world, Role.PCG_MEMBER) is None
    Seat.objects.filter(user=member).update(kind=Seat.Kind.AGENCY)
    assert _card(world, Role.PCG_MEMBER) is not None
    # An ended seat no longer waits on anything.
    Seat.objects.filter(user=member).update(end_on=pcg(world.alpha).formed_on)
    assert _card(world, Role.PCG_MEMBER) is None


def test_the_card_is_the_same_queries_however_many_proposals(world, django_assert_max_num_queries):
    proposal(world.alpha, title="Only one")
    client = world.client(Role.PCG_MEMBER)
    client.get("/")
    with django_assert_max_num_queries(40) as few:
        client.get("/")
    for i in range(8):
        proposal(world.alpha, title=f"Proposal {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/").content.decode()
    assert ">9<" in body[body.index(CARD) :]
