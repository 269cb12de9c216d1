"""The accounting of disclosures as a PDF, and the consent status it shows: the status the
rules give today (an expired consent reads "expired"), the same on the page, in the CSV, the
PDF and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest

from goldenthread.audit.models import AccessEvent
from goldenthread.core.roles import Role
from goldenthread.disclosures import rules
from goldenthread.disclosures.tests import factories
from goldenthread.testing import site_today


def _expired_and_revoked(world):
    participant = world.participant()
    expired = factories.consent(
        world, world.alpha, participant, expires_on=site_today() - timedelta(days=3)
    )
    revoked = factories.consent(world, world.alpha, participant, status=rules.REVOKED)
    live = factories.consent(world, world.alpha, participant)
    for consent in (expired, revoked, live):
        factories.disclosure(world, world.alpha, consent)
    return participant, expired, revoked, live


@pytest.mark.django_db
def test_it_shows_the_consents_status_today_everywhere(world):
    participant, expired, revoked, live = _expired_and_revoked(world)
    assert expired.status == rules.ACTIVE  # stored; past its date it reads "expired"
    base = f"/disclosures/participants/{participant.pk}"
    api = world.api(Role.CM).get(f"/api/v1{base}/accounting").json()
    by_consent = {r["consent_id"]: r["consent_status"] for r in api["rows"]}
    assert by_consent == {expired.pk: "expired", revoked.pk: "revoked", live.pk: "active"}

    page = world.client(Role.PM).get(f"{base}/accounting/").content.decode()
    assert f'Consent {expired.pk}: <span class="badge bad">expired</span>' in page
    assert f'Consent {revoked.pk}: <span class="badge bad">revoked</span>' in page
    assert f'Consent {live.pk}: <span class="badge ok">active</span>' in page

    csv = world.client(Role.CM).get(f"{base}/accounting.csv").content.decode().splitlines()
    assert csv[1].split(",")[5:7] == ["consent", "consent_status"]
    statuses = {line.split(",")[5]: line.split(",")[6] for line in csv[2:]}
    assert statuses == {
        str(expired.pk): "expired",
        str(revoked.pk): "revoked",
        str(live.pk): "active",
    }

    listed = world.api(Role.CM).get(f"/api/v1{base}/consents").json()
    assert {c["id"]: c["status"] for c in listed}[expired.pk] == "expired"


@pytest.mark.django_db
def test_it_prints_every_disclosure_with_consent_and_notice(world, monkeypatch):
    participant, expired, revoked, live = _expired_and_revoked(world)
    opened = factories.disclosure(world, world.alpha, live, audience=rules.PROSECUTOR)
    world.api(Role.PROSECUTOR).get(f"/api/v1/disclosures/disclosures/{opened.pk}")
    printed: list[str] = []

    class FakeHTML:
        def __init__(self, *, string: str) -> None:
            printed.append(string)

        def write_pdf(self) -> bytes:
            return b"%PDF-1.7 fake"

    monkeypatch.setattr("weasyprint.HTML", FakeHTML)
    response = world.client(Role.PM).get(
        f"/disclosures/participants/{participant.pk}/accounting.pdf"
    )
    assert response.status_code == 200
    html = printed[0]
    assert html.count(rules.PART2_NOTICE) >= 2
    assert "Dana Rivera" in html
    for consent, status in ((expired, "expired"), (revoked, "revoked"), (live, "active")):
        assert f"Consent {consent.pk}, signed" in html
        assert f"; {status}</td>" in html
    assert html.count("Liaison prosecutor") == 4
    assert "Coordinating legal cases" in html and "engagement, progress" in html
    assert "prosecutor (prosecutor)" in html  # who opened it
    assert "Keeps every appointment" not in html  # no content


@pytest.mark.django_db
def test_it_downloads_a_real_pdf_logged_for_the_same_roles_as_the_page(world):
    d = factories.disclosure(world, world.alpha)
    url = f"/disclosures/participants/{d.participant_id}/accounting.pdf"
    for response in (
        world.client(Role.PM).get(url),
        world.api(Role.SUPERVISOR).get(
            f"/api/v1/disclosures/participants/{d.participant_id}/accounting.pdf"
        ),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert response["Content-Disposition"] == (
            f'attachment; filename="accounting-of-disclosures-{d.participant_id}.pdf"'
        )
        assert response["X-Content-Type-Options"] == "nosniff"
    logged = AccessEvent.objects.filter(
        subject_id=str(d.participant_id), purpose__endswith="(42 CFR 2.25), PDF"
    )
    assert sorted(logged.values_list("role", flat=True)) == ["pm", "supervisor"]
    for role in (Role.PROSECUTOR, Role.ADVOCATE, Role.DEFENDER, Role.OFFICER):
        assert world.client(role).get(url).status_code == 404
