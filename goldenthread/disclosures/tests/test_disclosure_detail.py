"""Reading a disclosure: only its audience (and case management), with the §2.32 notice, and
every read in the access log."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AccessEvent
from goldenthread.core.roles import Role
from goldenthread.disclosures import rules
from goldenthread.disclosures.tests import factories

NOTICE = rules.PART2_NOTICE


def _url(d):
    return f"/api/v1/disclosures/disclosures/{d.pk}"


@pytest.mark.django_db
def test_it_shows_the_prosecutor_what_was_addressed_to_them_with_the_notice(world):
    d = factories.disclosure(world, world.alpha)
    response = world.api(Role.PROSECUTOR).get(_url(d))
    assert response.status_code == 200
    data = response.json()
    assert data["notice"] == NOTICE and data["provenance"] == "lead_derived"
    # Field-level: only what was shared; nothing of case notes, health or the plan's detail.
    assert set(data) == {
        "id",
        "participant_id",
        "participant",
        "audience",
        "recipient_agency",
        "purpose",
        "categories",
        "engagement_confirmed",
        "progress",
        "plan",
        "barriers",
        "nothing_to_share",
        "shared_by",
        "shared_at",
        "provenance",
        "notice",
    }
    page = world.client(Role.PROSECUTOR).get(f"/disclosures/{d.pk}/")
    assert NOTICE.encode() in page.content
    events = AccessEvent.objects.filter(subject_type="disclosure", subject_id=str(d.pk))
    assert events.filter(role="prosecutor").count() == 2


@pytest.mark.django_db
def test_it_hides_a_disclosure_from_everyone_it_was_not_addressed_to(world):
    d = factories.disclosure(world, world.alpha)
    for role in (Role.DEFENDER, Role.OFFICER, Role.POLICE_SUPERVISOR, Role.PM, Role.EVALUATOR):
        assert world.api(role).get(_url(d)).status_code == 404, role
    assert world.api(Role.PROSECUTOR, world.beta).get(_url(d)).status_code == 404


@pytest.mark.django_db
def test_it_shows_police_only_what_was_disclosed_to_police(world):
    to_police = factories.disclosure(world, world.alpha, audience=rules.POLICE)
    to_prosecutor = factories.disclosure(world, world.alpha)
    officer = world.api(Role.OFFICER)
    assert officer.get(_url(to_police)).status_code == 200
    assert officer.get(_url(to_prosecutor)).status_code == 404
    assert [d["id"] for d in officer.get("/api/v1/disclosures/received").json()] == [to_police.pk]


@pytest.mark.django_db
def test_it_holds_a_disclosure_to_one_agency_to_that_agency(world):
    d = factories.disclosure(world, world.alpha)
    other = world.alpha.agencies["police"]
    d.recipient_agency = other
    d.save()
    assert world.api(Role.PROSECUTOR).get(_url(d)).status_code == 404
    d.recipient_agency = world.alpha.agencies["prosecutor"]
    d.save()
    assert world.api(Role.PROSECUTOR).get(_url(d)).status_code == 200
