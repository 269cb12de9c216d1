"""The PM drafts a proposal: text, options, documents, and what it would adopt."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import Proposal
from goldenthread.governance.tests.matrix import pcg

pytestmark = pytest.mark.django_db


def test_it_opens_a_proposal_to_the_pcg(world):
    body = pcg(world.alpha)
    response = world.client(Role.PM).post(
        "/governance/proposals/new/",
        {
            "body_id": body.pk,
            "title": "Eligibility: 3 g threshold",
            "text": "Lower the threshold.",
            "options": "3 g\n5 g\n",
            "documents": "Santa Fe comparison",
            "topic": "policy",
            "subject_type": "referrals.eligibilitypolicyversion",
            "subject_id": "12",
        },
    )
    p = Proposal.objects.get()
    assert response.status_code == 302
    assert (p.status, p.options, p.documents) == ("open", ["3 g", "5 g"], ["Santa Fe comparison"])
    assert (p.subject_type, p.subject_id) == ("referrals.eligibilitypolicyversion", 12)


def test_it_names_the_missing_title_and_saves_nothing(world):
    body = pcg(world.alpha)
    response = world.client(Role.PM).post(
        "/governance/proposals/new/", {"body_id": body.pk, "title": "", "text": "x"}
    )
    assert response.status_code == 422
    assert b"title" in response.content
    assert not Proposal.objects.exists()


def test_it_refuses_a_subject_type_without_an_id(world):
    pcg(world.alpha)
    response = world.api(Role.PM).post(
        "/api/v1/governance/proposals",
        data={"title": "T", "text": "x", "subject_type": "referrals.x"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "subject_id"


def test_it_cannot_target_another_sites_body(world):
    foreign = pcg(world.beta)
    response = world.api(Role.PM).post(
        "/api/v1/governance/proposals",
        data={"body_id": foreign.pk, "title": "T", "text": "x"},
        content_type="application/json",
    )
    assert response.status_code == 404
