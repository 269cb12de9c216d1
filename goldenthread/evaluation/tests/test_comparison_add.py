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
