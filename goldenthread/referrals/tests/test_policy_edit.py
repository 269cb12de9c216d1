"""A PM edits a draft eligibility policy in the UI; it takes effect only once adopted."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.referrals.models import PolicyVersion
from goldenthread.referrals.tests import makers
from goldenthread.referrals.tests.http import field_of, patch, post

pytestmark = pytest.mark.django_db

FORM = {
    "eligible_categories": ["drug_possession", "prostitution"],
    "max_grams": "5",
    "minimum_age": "18",
    "program_areas": "Mission, Tenderloin",
    "social_contact_lookback_months": "24",
    "approval_doors": ["social"],
    "exclusions": "open_violent_or_weapons_case\nviolent_offence:8",
}


def test_it_edits_a_draft_in_the_ui(world):
    draft = makers.draft(world.alpha)
    client = world.client(Role.PM)
    assert client.get(f"/referrals/policy-versions/{draft.pk}/").status_code == 200
    response = client.post(f"/referrals/policy-versions/{draft.pk}/", FORM)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.program_areas == ["Mission", "Tenderloin"]
    assert draft.exclusions == [
        {"code": "open_violent_or_weapons_case", "lookback_years": None},
        {"code": "violent_offence", "lookback_years": 8},
    ]
    assert AuditEvent.objects.filter(action="policy.update").exists()


def test_it_names_a_bad_exclusion(world):
    draft = makers.draft(world.alpha)
    response = world.client(Role.PM).post(
        f"/referrals/policy-versions/{draft.pk}/", {**FORM, "exclusions": "jaywalking"}
    )
    assert response.status_code == 422 and "unknown exclusion" in response.content.decode()
    draft.refresh_from_db()
    assert draft.exclusions == []


def test_it_records_the_adoption_and_freezes_the_version(world):
    draft = makers.draft(world.alpha)
    response = world.client(Role.PM).post(
        f"/referrals/policy-versions/{draft.pk}/adopt/",
        {"effective_from": "2026-01-01", "note": "PCG 12 Dec"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.adopted_by, draft.adoption_note) == (
        "adopted",
        world.alpha.users[Role.PM],
        "PCG 12 Dec",
    )
    changed = patch(world, Role.PM, f"/policy-versions/{draft.pk}", {"minimum_age": 21})
    assert changed.status_code == 422 and field_of(changed) == "status"
    assert AuditEvent.objects.filter(action="policy.adopt").exists()


def test_it_starts_a_new_draft_from_the_adopted_version(world):
    v1 = makers.adopted_policy(world.alpha)
    response = post(world, Role.PM, f"/policies/{v1.policy_id}/drafts")
    assert response.status_code == 201
    body = response.json()
    assert (body["number"], body["status"], body["max_grams"]) == (2, "draft", "3.00")
    assert post(world, Role.PM, f"/policies/{v1.policy_id}/drafts").status_code == 409


def test_it_refuses_unknown_categories_in_the_api(world):
    draft = makers.draft(world.alpha)
    response = patch(
        world, Role.PM, f"/policy-versions/{draft.pk}", {"eligible_categories": ["jaywalking"]}
    )
    assert response.status_code == 422 and field_of(response) == "eligible_categories"


def test_it_refuses_to_adopt_an_empty_policy(world):
    version = post(world, Role.PM, "/policies", {"name": "Empty"}).json()
    response = post(
        world, Role.PM, f"/policy-versions/{version['id']}/adopt", {"effective_from": "2026-01-01"}
    )
    assert response.status_code == 422 and field_of(response) == "eligible_categories"
    assert PolicyVersion.objects.get(pk=version["id"]).status == "draft"


def test_it_lets_case_managers_read_but_not_edit(world):
    draft = makers.draft(world.alpha)
    client = world.client(Role.CM)
    assert client.get(f"/referrals/policy-versions/{draft.pk}/").status_code == 200
    assert client.post(f"/referrals/policy-versions/{draft.pk}/", FORM).status_code == 404
