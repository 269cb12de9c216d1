"""The PM settles an uncertain identity match from the review queue (UI and API)."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AccessEvent, AuditEvent
from goldenthread.core.roles import Role
from goldenthread.evaluation.models import LegalSystemEvent, MatchReview
from goldenthread.evaluation.tests.matrix import _review


@pytest.fixture
def review(world):  # type: ignore[no-untyped-def]
    return MatchReview.objects.get(pk=_review(world, world.alpha)["review_id"])


def test_it_shows_the_queue_and_the_candidates(world, review):
    client = world.client(Role.PM)
    queue = client.get("/evaluation/reviews/")
    assert b"Kym Lee" in queue.content
    detail = client.get(f"/evaluation/reviews/{review.pk}/")
    assert b"Kim Lee" in detail.content and b"score 88.0" in detail.content
    access = AccessEvent.objects.get(subject_type="legalsystemevent")
    assert access.categories == ["identity", "legal_cases"]


def test_it_links_the_event_to_the_chosen_person(world, review):
    person_id = review.candidates[0]["person_id"]
    response = world.client(Role.PM).post(
        f"/evaluation/reviews/{review.pk}/", {"person_id": person_id}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == "matched" and review.resolved_by == world.alpha.users[Role.PM]
    assert LegalSystemEvent.objects.get(pk=review.event_id).person_id == person_id
    assert AuditEvent.objects.filter(action="match_review.resolve").count() == 1


def test_it_records_that_none_of_them_is_the_person(world, review):
    response = world.api(Role.PM).post(
        f"/api/v1/evaluation/reviews/{review.pk}/resolve",
        data={"person_id": None},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert LegalSystemEvent.objects.get(pk=review.event_id).person_id is None


def test_it_refuses_someone_who_is_not_a_candidate(world, review):
    response = world.api(Role.PM).post(
        f"/api/v1/evaluation/reviews/{review.pk}/resolve",
        data={"person_id": 987654},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "person_id"


def test_it_refuses_to_decide_twice(world, review):
    api = world.api(Role.PM)
    url = f"/api/v1/evaluation/reviews/{review.pk}/resolve"
    api.post(url, data={"person_id": None}, content_type="application/json")
    again = api.post(url, data={"person_id": None}, content_type="application/json")
    assert again.status_code == 409


def test_it_asks_for_a_choice_on_the_page(world, review):
    response = world.client(Role.PM).post(f"/evaluation/reviews/{review.pk}/", {})
    assert response.status_code == 422
    assert b"choose a candidate" in response.content


def test_it_puts_pending_matches_on_the_pms_home_page(world, review):
    home = world.client(Role.PM).get("/")
    assert b"Identity matches to review" in home.content
    assert b"Identity matches to review" not in world.client(Role.EVALUATOR).get("/").content
