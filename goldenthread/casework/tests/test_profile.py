"""A staff member's own profile; lived experience only by choice."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.casework.models import StaffProfile
from goldenthread.core.roles import Role


@pytest.mark.django_db
def test_it_saves_my_profile_from_the_page(world):
    client = world.client(Role.OUTREACH)
    response = client.post(
        "/casework/profile/",
        {
            "credentials": "CPS",
            "trainings": "Motivational interviewing, Naloxone",
            "languages": "English, Somali",
            "lived_experience": "unknown",
        },
    )
    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=world.alpha.users[Role.OUTREACH])
    assert profile.trainings == ["Motivational interviewing", "Naloxone"]
    assert profile.languages == ["English", "Somali"]
    assert profile.lived_experience is None, "not recorded unless the person chooses"
    assert AuditEvent.objects.filter(action="staff_profile.save").exists()


@pytest.mark.django_db
def test_it_gives_my_profile_back_through_the_api(world):
    world.client(Role.CM).post(
        "/casework/profile/", {"languages": "Tagalog", "lived_experience": "true"}
    )
    me = world.api(Role.CM).get("/api/v1/casework/profile").json()
    assert me["languages"] == ["Tagalog"] and me["lived_experience"] is True
