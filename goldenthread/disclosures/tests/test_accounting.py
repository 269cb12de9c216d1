"""The accounting of disclosures (42 CFR 2.25): who received what, when, and who opened it."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.disclosures import rules
from goldenthread.disclosures.tests import factories
from goldenthread.disclosures.tests.querycount import assert_flat


@pytest.mark.django_db
def test_it_lists_who_received_what_and_who_opened_it(world):
    consent = factories.consent(world, world.alpha)
    first = factories.disclosure(world, world.alpha, consent)
    factories.disclosure(world, world.alpha, consent, audience=rules.DEFENCE)
    world.api(Role.PROSECUTOR).get(f"/api/v1/disclosures/disclosures/{first.pk}")
    client = world.client(Role.PM)
    url = f"/disclosures/participants/{consent.participant_id}/accounting/"
    page = client.get(url)
    assert page.status_code == 200 and rules.PART2_NOTICE.encode() in page.content
    assert_flat(
        lambda: client.get(url),
        lambda: [factories.disclosure(world, world.alpha, consent) for _ in range(3)],
    )
    data = (
        world.api(Role.CM)
        .get(f"/api/v1/disclosures/participants/{consent.participant_id}/accounting")
        .json()
    )
    assert data["notice"] == rules.PART2_NOTICE
    by_id = {r["disclosure_id"]: r for r in data["rows"]}
    assert [v["role"] for v in by_id[first.pk]["views"]] == ["prosecutor"]
    assert "progress" not in by_id[first.pk]


@pytest.mark.django_db
def test_it_exports_csv_led_by_the_notice(world):
    d = factories.disclosure(world, world.alpha)
    response = world.client(Role.CM).get(
        f"/disclosures/participants/{d.participant_id}/accounting.csv"
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == rules.PART2_NOTICE
    assert "Liaison prosecutor" in lines[2]
