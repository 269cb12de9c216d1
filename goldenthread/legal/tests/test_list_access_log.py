"""List pages write one access-log row per person they show, all in one go (no query per
row), and a name seen in a list is not a read of LEAD-derived content for the Golden Rule
gate; opening the disclosure is."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from goldenthread.audit.models import AccessEvent
from goldenthread.core.roles import Role
from goldenthread.disclosures.queries import LISTED
from goldenthread.disclosures.tests import factories as dfactories
from goldenthread.legal import rules
from goldenthread.legal.models import LegalCase
from goldenthread.legal.tests import factories
from goldenthread.testing import rls_queries


def _two_cases(world, participant=None, **kw):
    """Two cases of one participant (the factory numbers a case after its participant)."""
    first = factories.case(world, world.alpha, participant, **kw)
    LegalCase.objects.filter(pk=first.pk).update(case_number=f"{first.case_number}-A")
    return first, factories.case(world, world.alpha, first.participant, **kw)


def _rows(role: Role, purpose: str) -> list[tuple[str, str, list[str]]]:
    return sorted(
        (e.subject_type, e.subject_id, e.categories)
        for e in AccessEvent.objects.filter(role=role.value, purpose=f"{LISTED}{purpose}")
    )


@pytest.mark.django_db
def test_the_worklist_logs_each_participant_shown(world):
    cases = [factories.case(world, world.alpha) for _ in range(3)]
    shared = dfactories.disclosure(world, world.alpha, dfactories.consent(world, world.alpha))
    factories.case(world, world.beta)  # another site's: never listed, never logged
    assert world.client(Role.PROSECUTOR).get("/legal/").status_code == 200
    assert _rows(Role.PROSECUTOR, "legal worklist") == sorted(
        ("participant", str(c.participant_id), ["legal_cases"]) for c in cases
    )
    assert _rows(Role.PROSECUTOR, "disclosures received") == [
        ("participant", str(shared.participant_id), ["disclosures"])
    ]
    assert not AccessEvent.objects.filter(subject_type="site").exists()
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "verified" in out.getvalue()


@pytest.mark.django_db
def test_each_list_logs_the_people_it_shows_once(world):
    participant = _two_cases(world)[0].participant
    flagged = factories.flagged_decision(world, world.alpha)
    world.api(Role.ADVOCATE).get("/api/v1/legal/cases")
    assert _rows(Role.ADVOCATE, "legal cases") == sorted(
        ("participant", str(pid), ["legal_cases"])
        for pid in {participant.pk, flagged.case.participant_id}
    )
    world.client(Role.PM).get("/legal/reviews/")
    assert _rows(Role.PM, "golden rule reviews") == [
        ("participant", str(flagged.case.participant_id), ["legal_cases"])
    ]
    world.api(Role.PROSECUTOR).get("/api/v1/disclosures/received")
    assert _rows(Role.PROSECUTOR, "disclosures received") == []


@pytest.mark.django_db
def test_a_listed_name_is_not_a_read_but_an_opened_disclosure_is(world):
    first, second = _two_cases(world, baseline=rules.FILE)
    d = dfactories.disclosure(
        world, world.alpha, dfactories.consent(world, world.alpha, first.participant)
    )
    prosecutor = world.api(Role.PROSECUTOR)
    body = {
        "kind": "file_charges",
        "rationale": "New commercial burglary",
        "basis": [{"kind": "police_report", "reference": "SPD 26-004411"}],
    }

    def decide(case):
        return prosecutor.post(
            f"/api/v1/legal/cases/{case.pk}/decisions",
            data=json.dumps(body),
            content_type="application/json",
        ).json()

    prosecutor.get("/api/v1/legal/worklist")  # lists the disclosure, does not open it
    assert decide(first)["flagged_for_review"] is False
    prosecutor.get(f"/api/v1/disclosures/disclosures/{d.pk}")
    assert decide(second)["flagged_for_review"] is True


def _grow(world):
    for _ in range(4):
        case = factories.case(world, world.alpha)
        dfactories.disclosure(
            world, world.alpha, dfactories.consent(world, world.alpha, case.participant)
        )
        factories.flagged_decision(world, world.alpha)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "url", "pin"),
    [
        (Role.PROSECUTOR, "/legal/", 29),
        (Role.PROSECUTOR, "/api/v1/legal/worklist", 23),
        (Role.ADVOCATE, "/api/v1/legal/cases", 16),
        (Role.PM, "/legal/reviews/", 19),
        (Role.PROSECUTOR, "/disclosures/", 18),
        (Role.PROSECUTOR, "/api/v1/disclosures/received", 13),
    ],
)
def test_list_pages_keep_their_query_count_pinned(
    world, django_assert_max_num_queries, role, url, pin
):
    client = world.api(role) if url.startswith("/api/") else world.client(role)
    _grow(world)
    client.get(url)  # warm-up: session, chain heads
    with django_assert_max_num_queries(pin + rls_queries()):
        assert client.get(url).status_code == 200
    _grow(world)
    with django_assert_max_num_queries(pin + rls_queries()):
        assert client.get(url).status_code == 200
