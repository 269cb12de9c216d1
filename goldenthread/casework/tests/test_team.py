"""The supervisor's and PM's team view: caseloads against target and cap, and coverage."""

from __future__ import annotations

import json

import pytest

from goldenthread.core.roles import Role


@pytest.mark.django_db
def test_it_shows_each_caseload_against_the_sites_target_and_cap(world):
    world.alpha.site.caseload_target = 2
    world.alpha.site.caseload_cap = 3
    world.alpha.site.save()
    for i in range(3):
        world.participant(first_name=f"P{i}")
    world.participant(first_name="Gone", state="exited")
    team = world.api(Role.PM).get("/api/v1/casework/team").json()
    load = team["caseloads"][0]
    assert (load["case_manager"], load["total"], load["level"]) == ("cm", 3, "high")
    world.participant(first_name="Four")
    team = world.api(Role.SUPERVISOR).get("/api/v1/casework/team").json()
    assert team["caseloads"][0]["level"] == "over"
    page = world.client(Role.SUPERVISOR).get("/casework/team/")
    assert b"over the cap" in page.content


@pytest.mark.django_db
def test_it_shows_what_the_team_covers_from_the_profiles(world):
    api = world.api(Role.SUPERVISOR)
    before = api.get("/api/v1/casework/team").json()
    assert not before["clinical_credentials"] and not before["lived_experience"]
    assert before["supervision"], "a clinical supervisor is on the team"
    world.api(Role.CM).put(
        "/api/v1/casework/profile",
        data=json.dumps({"languages": ["Spanish", "English"], "lived_experience": True}),
        content_type="application/json",
    )
    api.put(
        "/api/v1/casework/profile",
        data=json.dumps(
            {
                "credentials": "LICSW",
                "clinical_credential": True,
                "provides_supervision": True,
                "languages": ["English"],
            }
        ),
        content_type="application/json",
    )
    after = api.get("/api/v1/casework/team").json()
    assert after["clinical_credentials"] and after["lived_experience"]
    assert after["languages"] == ["English", "Spanish"] and after["gaps"] == []
