"""Sharing a disclosure: only under a consent that covers recipient, purpose and content."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.disclosures import rules
from goldenthread.disclosures.models import Disclosure
from goldenthread.disclosures.tests import factories


def _share(world, participant, body, role=Role.CM):
    return world.api(role).post(
        f"/api/v1/disclosures/participants/{participant.pk}/disclosures",
        data=json.dumps(body),
        content_type="application/json",
    )


PROGRESS = {"audience": "prosecutor", "purpose": "legal_coordination", "progress": "Housed."}


@pytest.mark.django_db
def test_it_shares_under_a_covering_consent_with_the_notice(world):
    consent = factories.consent(world, world.alpha)
    response = _share(world, consent.participant, {**PROGRESS, "engagement_confirmed": True})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["notice"] == "42 CFR part 2 prohibits unauthorized disclosure of these records."
    assert data["provenance"] == "lead_derived"
    assert data["categories"] == ["engagement", "progress"]
    assert Disclosure.objects.get().consent_id == consent.pk
    assert AuditEvent.objects.filter(action="disclosure.share").exists()


@pytest.mark.django_db
def test_it_refuses_without_a_consent_and_says_why(world):
    p = world.participant()
    response = _share(world, p, PROGRESS)
    assert response.status_code == 422
    assert "No active consent" in response.json()["detail"]
    assert not Disclosure.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "consent_kw,body,reason",
    [
        ({"audiences": ("police",)}, PROGRESS, "does not name this recipient"),
        ({"purposes": ["case_conferencing"]}, PROGRESS, "does not cover this purpose"),
        ({"categories": ["engagement"]}, PROGRESS, "does not cover: progress"),
        ({"status": "revoked"}, PROGRESS, "revoked"),
        ({"status": "draft"}, PROGRESS, "draft"),
    ],
)
def test_it_refuses_beyond_the_consents_scope(world, consent_kw, body, reason):
    kw = dict(consent_kw)
    consent = factories.consent(world, world.alpha, audiences=kw.pop("audiences", ("prosecutor",)))
    for key, value in kw.items():
        setattr(consent, key, value)
    consent.save()
    response = _share(world, consent.participant, body)
    assert response.status_code == 422
    assert reason in response.json()["detail"]
    assert response.json()["errors"][0]["field"] == "audience"
    assert not Disclosure.objects.exists()


@pytest.mark.django_db
def test_it_offers_nothing_to_share_and_never_forces_content(world):
    consent = factories.consent(world, world.alpha)
    empty = _share(
        world, consent.participant, {"audience": "prosecutor", "purpose": "legal_coordination"}
    )
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "progress"
    nothing = _share(
        world,
        consent.participant,
        {"audience": "prosecutor", "purpose": "legal_coordination", "nothing_to_share": True},
    )
    assert nothing.status_code == 201 and nothing.json()["categories"] == []


@pytest.mark.django_db
def test_it_reminds_the_cm_what_may_not_be_shared(world):
    p = world.participant()
    page = world.client(Role.CM).get(f"/disclosures/participants/{p.pk}/share/")
    assert b"violations of law or of court orders" in page.content
    assert b"Nothing to share" in page.content
    response = world.client(Role.CM).post(
        f"/disclosures/participants/{p.pk}/share/",
        {"audience": "prosecutor", "purpose": "legal_coordination", "progress": "x"},
    )
    assert response.status_code == 422 and b"No active consent" in response.content


@pytest.mark.django_db
def test_it_has_no_category_for_violations():
    assert not any("violation" in c for c in rules.CATEGORIES)


@pytest.mark.django_db
def test_it_refuses_the_police_and_the_prosecutor(world):
    consent = factories.consent(world, world.alpha)
    for role in (Role.PROSECUTOR, Role.OFFICER, Role.ADVOCATE):
        assert _share(world, consent.participant, PROGRESS, role).status_code == 404
