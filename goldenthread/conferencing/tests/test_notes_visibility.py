"""Who reads what was said at the table. Case management's notes about a participant reach
the roles that read case notes, and others only under a live consent to the OWG for case
conferencing (never police); the prosecutor's reach the roles that read legal cases; an
officer's reach police of the same agency only; the PM's and defence counsel's go with the
item. Checked per role through the API, with and without the consent."""

from __future__ import annotations

import pytest

from goldenthread.conferencing.tests.matrix import item, meeting
from goldenthread.core.models import Agency, Membership
from goldenthread.core.roles import Role
from goldenthread.disclosures import rules as disclosure_rules
from goldenthread.disclosures.tests.factories import consent

API = "/api/v1/conferencing"
R = Role
SAID_BY = {
    R.CM: "CM: moved into shelter",
    R.PROSECUTOR: "Prosecutor: holding the filing",
    R.OFFICER: "Officer: no new contacts on patrol",
    R.PM: "PM: revisit next week",
    R.DEFENDER: "Defender: client agrees",
}
TABLE = set(SAID_BY.values()) - {SAID_BY[R.CM]}  # what every non-police role but CMs reads
WITHOUT_CONSENT = {
    R.CM: set(SAID_BY.values()),
    R.SUPERVISOR: set(SAID_BY.values()),
    R.ADVOCATE: set(SAID_BY.values()),
    R.OUTREACH: set(SAID_BY.values()) - {SAID_BY[R.PROSECUTOR]},  # reads no legal cases
    R.PROSECUTOR: TABLE,
    R.DEFENDER: TABLE,
    R.PM: TABLE,
    R.OFFICER: {SAID_BY[R.OFFICER], SAID_BY[R.PM], SAID_BY[R.DEFENDER]},
    # The police supervisor acts for another police agency here (the sheriff).
    R.POLICE_SUPERVISOR: {SAID_BY[R.PM], SAID_BY[R.DEFENDER]},
}


def _heard(world, role, m):
    body = world.api(role).get(f"{API}/meetings/{m.pk}").json()
    return {n["text"] for i in body["items"] for n in i["notes"]}


@pytest.mark.django_db
def test_each_role_reads_what_was_said_by_the_speakers_sphere_and_the_consent(world):
    sheriff = Agency.objects.create(site=world.alpha.site, name="Sheriff", kind="police")
    Membership.objects.filter(pk=world.alpha.memberships[R.POLICE_SUPERVISOR].pk).update(
        agency=sheriff
    )
    world.alpha.memberships[R.POLICE_SUPERVISOR].refresh_from_db()
    dana = world.participant()
    m = meeting(world.alpha, "open")
    on_dana = item(world.alpha, m, title="Dana: housing", participant=dana)
    for role, text in SAID_BY.items():
        response = world.api(role).post(
            f"{API}/items/{on_dana.pk}/notes", {"text": text}, content_type="application/json"
        )
        assert response.status_code == 201, role
    decided = world.api(R.CM).post(
        f"{API}/items/{on_dana.pk}/decisions",
        {"sphere": "clinical", "decision": "Refer to detox"},
        content_type="application/json",
    )
    assert decided.status_code == 201

    for role, expected in WITHOUT_CONSENT.items():
        assert _heard(world, role, m) == expected, role
    prosecutor = world.api(R.PROSECUTOR).get(f"{API}/meetings/{m.pk}").json()
    assert prosecutor["items"][0]["decisions"] == []  # a clinical decision is CM content

    # The participant consents to share with the OWG, as a class, for case conferencing.
    consent(world, world.alpha, dana, audiences=(disclosure_rules.OWG,))
    for role in (R.PROSECUTOR, R.DEFENDER, R.PM):
        assert _heard(world, role, m) == TABLE | {SAID_BY[R.CM]}, role
    for role in (R.OFFICER, R.POLICE_SUPERVISOR):
        assert _heard(world, role, m) == WITHOUT_CONSENT[role], role
    decisions = world.api(R.PROSECUTOR).get(f"{API}/meetings/{m.pk}").json()["items"][0]
    assert [d["decision"] for d in decisions["decisions"]] == ["Refer to detox"]


@pytest.mark.django_db
def test_a_consent_naming_one_agency_covers_that_agencys_roles_only(world):
    dana = world.participant()
    m = meeting(world.alpha, "open")
    on_dana = item(world.alpha, m, title="Dana: housing", participant=dana)
    world.api(R.CM).post(
        f"{API}/items/{on_dana.pk}/notes", {"text": "Moved in"}, content_type="application/json"
    )
    row = consent(world, world.alpha, dana, audiences=())
    row.recipients.create(
        site=world.alpha.site,
        audience=disclosure_rules.OWG,
        agency=world.alpha.agencies["defender"],
    )
    assert _heard(world, R.DEFENDER, m) == {"Moved in"}
    assert _heard(world, R.PROSECUTOR, m) == set()
    assert _heard(world, R.PM, m) == set()
    row.status = disclosure_rules.REVOKED
    row.save()
    assert _heard(world, R.DEFENDER, m) == set()
