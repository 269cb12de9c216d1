"""One roster, role-filtered: each attendee sees only what their role may see."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from goldenthread.audit.models import AccessEvent
from goldenthread.conferencing.models import DiscussionNote, Situation
from goldenthread.conferencing.tests.matrix import item, meeting
from goldenthread.core.roles import Role
from goldenthread.testing import rls_queries


@pytest.fixture
def roster(world):
    m = meeting(world.alpha, "open")
    mine = world.participant(first_name="Own")
    other = world.participant(first_name="Other")
    other.case_manager = world.alpha.users[Role.SUPERVISOR]
    other.save()
    camp = Situation.objects.create(
        site=world.alpha.site, title="Camp", place="5th & Pine", description="Tents"
    )
    item(world.alpha, m, title="Referral outcome", visible_to_roles=["officer"])
    item(world.alpha, m, title="Court date", visible_to_roles=[], tags=["legal"])
    item(
        world.alpha,
        m,
        title="Disclosed progress",
        visible_to_roles=["prosecutor"],
        tags=["disclosures"],
    )
    item(world.alpha, m, title="Own participant", visible_to_roles=[], participant=mine)
    item(world.alpha, m, title="Other caseload", visible_to_roles=[], participant=other)
    item(world.alpha, m, title="Shared with CMs", visible_to_roles=["cm"])
    item(world.alpha, m, title="Camp", kind="situation", visible_to_roles=[], situation=camp)
    return m


def _titles(world, role, meeting_id):
    response = world.api(role).get(f"/api/v1/conferencing/meetings/{meeting_id}")
    assert response.status_code == 200
    return {i["title"] for i in response.json()["items"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            Role.PM,
            {
                "Referral outcome",
                "Court date",
                "Disclosed progress",
                "Own participant",
                "Other caseload",
                "Shared with CMs",
                "Camp",
            },
        ),
        (Role.OFFICER, {"Referral outcome", "Camp"}),
        (Role.POLICE_SUPERVISOR, {"Camp"}),
        (Role.PROSECUTOR, {"Court date", "Disclosed progress", "Camp"}),
        (Role.CM, {"Own participant", "Shared with CMs", "Camp"}),
        (Role.SUPERVISOR, {"Other caseload", "Camp"}),
        (Role.DEFENDER, {"Camp"}),
    ],
)
def test_it_shows_each_role_its_own_view_of_the_roster(world, roster, role, expected):
    assert _titles(world, role, roster.pk) == expected


@pytest.mark.django_db
def test_it_filters_the_page_and_the_printable_minutes_the_same_way(world, roster):
    for url in (f"/conferencing/{roster.pk}/", f"/conferencing/{roster.pk}/print/"):
        page = world.client(Role.OFFICER).get(url).content.decode()
        assert "Referral outcome" in page and "Camp" in page
        assert "Court date" not in page and "Own participant" not in page


@pytest.mark.django_db
def test_it_logs_each_read_of_notes_about_a_participant(world, roster):
    own = roster.items.get(title="Own participant")
    DiscussionNote.objects.create(
        site=world.alpha.site, item=own, text="Housed", author=world.alpha.users[Role.CM]
    )
    world.api(Role.CM).get(f"/api/v1/conferencing/meetings/{roster.pk}")
    event = AccessEvent.objects.get()
    assert (event.subject_type, event.subject_id) == ("participant", str(own.participant_id))
    assert event.categories == ["contacts_notes"] and event.purpose == "OWG case conference"
    world.api(Role.OFFICER).get(f"/api/v1/conferencing/meetings/{roster.pk}")
    assert AccessEvent.objects.count() == 1, "the officer read no notes about a participant"


@pytest.mark.django_db
def test_it_answers_the_same_404_for_another_sites_meeting(world):
    foreign = meeting(world.beta)
    assert world.api(Role.PM).get(f"/api/v1/conferencing/meetings/{foreign.pk}").status_code == 404
    assert world.client(Role.PM).get(f"/conferencing/{foreign.pk}/").status_code == 404


@pytest.mark.django_db
def test_it_renders_the_roster_in_a_bounded_number_of_queries(
    world, roster, django_assert_max_num_queries
):
    client = world.client(Role.PM)
    client.get("/")
    with django_assert_max_num_queries(40):
        assert client.get(f"/conferencing/{roster.pk}/").status_code == 200


def _page_statements(client, meeting_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    client.get(f"/conferencing/{meeting_id}/")  # each kept query's columns, asked once
    with (
        override_settings(COMPILED_QUERIES_CHECK=False),
        CaptureQueriesContext(connection) as ctx,
    ):
        assert client.get(f"/conferencing/{meeting_id}/").status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db
def test_the_roster_page_reads_a_fixed_number_of_statements(world, roster):
    """However many items are shown, the page reads in two rounds (core.compiled.gather): on
    PostgreSQL the meeting, its attendance, amendments and roster index, what was said at it,
    and the PM's OWG bodies and agencies in one statement, then the page's items; elsewhere the
    items and what was said on them are still four queries."""
    client = world.client(Role.PM)
    before = _page_statements(client, roster.pk)
    for n in range(5):
        item(world.alpha, roster, title=f"More {n}", visible_to_roles=["pm"])
    after = _page_statements(client, roster.pk)
    assert len(after) == len(before)
    said = [s for s in after if "conferencing_discussionnote" in s]
    if connection.vendor == "postgresql":
        reads = [s for s in after if not s.startswith("WITH RECURSIVE old AS")]
        # The session and the user with their memberships, the RLS binding and its release.
        assert len(reads) == 2 + rls_queries() + 2
        assert len(said) == 1 and said[0].count("json_agg") == 9
        assert '"governance_body"' in said[0] and '"conferencing_minutesamendment"' in said[0]
    else:
        assert len(said) == 1 and "conferencing_partnerdecision" not in said[0]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PM, Role.PROSECUTOR])
def test_a_closed_meetings_attendance_and_amendments_cost_no_query_each(world, role):
    """The attendance and the minutes' amendments, each with its author's name, are read with
    the page's first round: more of them read no more statements."""
    from goldenthread.conferencing.models import MinutesAmendment
    from goldenthread.core.models import Agency

    m = meeting(world.alpha, "closed")
    client = world.client(role)

    def amend(n: int) -> None:
        for i in range(MinutesAmendment.objects.count(), n):
            agency = Agency.objects.create(site=world.alpha.site, name=f"Agency {i:02d}")
            m.attending.add(agency)
            MinutesAmendment.objects.create(
                site=world.alpha.site,
                meeting=m,
                before="",
                after=f"v{i}",
                reason=f"Reason {i}",
                amended_by=world.alpha.users[[Role.PM, Role.SUPERVISOR][i % 2]],
            )

    amend(1)
    before = len(_page_statements(client, m.pk))
    amend(4)  # three more
    assert len(_page_statements(client, m.pk)) == before
    page = client.get(f"/conferencing/{m.pk}/").content.decode()
    names = [world.alpha.users[r].get_username() for r in (Role.PM, Role.SUPERVISOR)]
    for i in range(4):
        assert f"Reason {i}" in page
    assert all(f"{name}: Reason" in page for name in names)
    if role != Role.PM:  # the PM sees the attendance as boxes, others as a list
        assert page.index("Agency 00") < page.index("Agency 01") < page.index("Agency 03")
