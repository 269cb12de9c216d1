"""What needs me today: referrals awaiting intake for legal services; decisions on their
referrals for the case manager; nothing for anyone else."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.legalservices.actions import matter_decline
from goldenthread.legalservices.tests.matrix import referred_matter


@pytest.mark.django_db
def test_it_shows_legal_services_the_referrals_awaiting_intake(world):
    matter = referred_matter(world, world.alpha)
    home = world.client(Role.LEGAL_SERVICES).get("/")
    assert b"Legal referrals awaiting intake" in home.content
    assert str(matter.participant.person).encode() in home.content


@pytest.mark.django_db
def test_it_tells_the_cm_that_legal_services_decided(world):
    matter = referred_matter(world, world.alpha)
    client = world.client(Role.CM)
    assert b"Legal services decided your referrals" not in client.get("/").content
    matter_decline(actor=world.actor(Role.LEGAL_SERVICES), matter_id=matter.pk, reason="No.")
    home = client.get("/")
    assert b"Legal services decided your referrals" in home.content and b"Declined" in home.content
    for role in (Role.OFFICER, Role.PROSECUTOR, Role.PM):
        assert b"Legal services decided" not in world.client(role).get("/").content
        assert b"Legal referrals awaiting" not in world.client(role).get("/").content
