"""The comparison group: people who are not participants, each with an entry date."""

from __future__ import annotations

import json
from datetime import date

from goldenthread.core.roles import Role
from goldenthread.evaluation.models import ComparisonMember
from goldenthread.evaluation.tests.helpers import person


def _add(world, person_id):  # type: ignore[no-untyped-def]
    return world.api(Role.PM).post(
        f"/api/v1/evaluation/comparison/{person_id}",
        data=json.dumps({"entry_date": "2025-06-01", "method": "referred_not_enrolled"}),
        content_type="application/json",
    )


def test_it_adds_a_person_to_the_comparison_group(world):
    p = person(world, "Kim", "Lee", date(1990, 1, 1))
    assert _add(world, p.pk).status_code == 200
    member = ComparisonMember.objects.get()
    assert (member.person, member.entry_date, member.method) == (
        p,
        date(2025, 6, 1),
        "referred_not_enrolled",
    )
    assert _add(world, p.pk).status_code == 409


def test_it_keeps_participants_out_of_the_comparison_group(world):
    participant = world.participant()
    response = _add(world, participant.person_id)
    assert response.status_code == 422
    assert not ComparisonMember.objects.exists()


def test_it_adds_a_person_from_the_page(world, django_assert_max_num_queries):
    p = person(world, "Kim", "Lee", date(1990, 1, 1))
    world.participant()
    client = world.client(Role.PM)
    page = client.get("/evaluation/comparison/")
    assert b"Kim Lee" in page.content and b"Dana Rivera" not in page.content
    response = client.post(
        "/evaluation/comparison/",
        {"person": p.pk, "entry_date": "2025-06-01", "method": "matched_pool"},
    )
    assert response.status_code == 302
    assert ComparisonMember.objects.get().person == p
    for i in range(5):
        ComparisonMember.objects.create(
            site=world.alpha.site,
            person=person(world, "X", f"Y{i}", date(1990, 1, 1)),
            entry_date=date(2025, 1, 1),
        )
    with django_assert_max_num_queries(20):
        listing = client.get("/evaluation/comparison/")
    assert listing.content.count(b"<td>2025-") == 6


def test_it_names_a_missing_entry_date(world):
    p = person(world, "Kim", "Lee", date(1990, 1, 1))
    response = world.client(Role.PM).post(
        "/evaluation/comparison/", {"person": p.pk, "method": "matched_pool"}
    )
    assert response.status_code == 422
    assert not ComparisonMember.objects.exists()
