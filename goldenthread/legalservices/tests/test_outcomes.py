"""Outcomes with their amounts, and closing a matter."""

from __future__ import annotations

import json

import pytest

from goldenthread.audit.models import AuditEvent
from goldenthread.core.roles import Role
from goldenthread.legalservices.models import Matter, MatterOutcome
from goldenthread.legalservices.tests.matrix import open_matter, referred_matter


def _post(world, matter, path, body=None):
    return world.api(Role.LEGAL_SERVICES).post(
        f"/api/v1/legalservices/matters/{matter.pk}/{path}",
        data=json.dumps(body or {}),
        content_type="application/json",
    )


@pytest.mark.django_db
def test_it_records_an_amount_and_the_cm_sees_it(world):
    matter = open_matter(world, world.alpha)
    response = _post(world, matter, "outcomes", {"kind": "lfo_reduced", "amount": "2340.00"})
    assert response.status_code == 201
    status = world.api(Role.CM).get(f"/api/v1/legalservices/matters/{matter.pk}/status").json()
    assert status["outcomes"][0]["kind_label"] == "LFOs reduced"
    assert status["outcomes"][0]["amount"] == "2340.00"
    assert AuditEvent.objects.filter(action="outcome.record").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "debt_relieved", "amount": "-5.00"}, "amount"),
        ({"kind": "debt_relieved"}, "amount"),
        ({"kind": "warrant_quashed", "amount": "10"}, "amount"),
        ({"kind": "won_the_lottery"}, "kind"),
    ],
)
def test_it_refuses_bad_amounts_and_saves_nothing(world, body, field):
    matter = open_matter(world, world.alpha)
    response = _post(world, matter, "outcomes", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert not MatterOutcome.objects.exists()


@pytest.mark.django_db
def test_it_shows_a_negative_amount_error_on_the_page(world):
    matter = open_matter(world, world.alpha)
    response = world.client(Role.LEGAL_SERVICES).post(
        f"/legalservices/matters/{matter.pk}/outcomes/", {"kind": "lfo_reduced", "amount": "-1"}
    )
    assert response.status_code == 422 and b"cannot be below zero" in response.content
    assert not MatterOutcome.objects.exists()


@pytest.mark.django_db
def test_it_records_outcomes_only_on_an_open_matter(world):
    matter = referred_matter(world, world.alpha)
    response = _post(world, matter, "outcomes", {"kind": "eviction_avoided"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "status"


@pytest.mark.django_db
def test_it_closes_an_open_matter_once(world):
    matter = open_matter(world, world.alpha)
    assert _post(world, matter, "outcomes", {"kind": "eviction_avoided"}).status_code == 201
    response = _post(world, matter, "close")
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert Matter.objects.get(pk=matter.pk).closed_on is not None
    assert _post(world, matter, "close").status_code == 422
    again = _post(world, matter, "outcomes", {"kind": "warrant_quashed"})
    assert again.status_code == 422
