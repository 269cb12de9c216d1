"""The agenda or minutes as a PDF: only what the requesting role may see, the §2.32 notice
where Part 2 information appears, and the read access-logged like the page."""

from __future__ import annotations

import pytest

from goldenthread.audit.models import AccessEvent
from goldenthread.conferencing.models import DiscussionNote
from goldenthread.conferencing.pdf import html_for
from goldenthread.conferencing.tests.matrix import item, meeting
from goldenthread.core.roles import Role

NOTICE = "42 CFR part 2 prohibits unauthorized disclosure of these records."


@pytest.mark.django_db
def test_it_serves_each_role_a_pdf_of_what_it_may_see(world):
    m = meeting(world.alpha, "closed", minutes="All items discussed.")
    dana = world.participant()
    shared = item(world.alpha, m, title="Dana: housing", participant=dana)
    item(world.alpha, m, title="Court date next week", visible_to_roles=["prosecutor"])
    DiscussionNote.objects.create(
        site=world.alpha.site,
        item=shared,
        text="Started MOUD",
        part2=True,
        author=world.alpha.users[Role.CM],
        author_role="cm",
    )
    for response in (
        world.client(Role.CM).get(f"/conferencing/{m.pk}/print.pdf"),
        world.api(Role.OFFICER).get(f"/api/v1/conferencing/meetings/{m.pk}/print.pdf"),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-") and len(response.content) > 2000
        assert "owg-minutes-" in response["Content-Disposition"]
    # The CM's read of the Part 2 note is logged; the officer read no notes.
    event = AccessEvent.objects.get()
    assert event.role == "cm" and event.categories == ["contacts_notes", "health"]
    assert event.path == f"/conferencing/{m.pk}/print.pdf"

    cm, _ = html_for(world.actor(Role.CM), m.pk)
    assert "Started MOUD" in cm and NOTICE in cm and "Court date" not in cm
    assert "Minutes: OWG North" in cm and "All items discussed." in cm
    officer, _ = html_for(world.actor(Role.OFFICER), m.pk)
    assert "Dana: housing" in officer
    assert "Started MOUD" not in officer and NOTICE not in officer and "Court date" not in officer
    prosecutor, _ = html_for(world.actor(Role.PROSECUTOR), m.pk)
    assert "Court date next week" in prosecutor and "Started MOUD" not in prosecutor


@pytest.mark.django_db
def test_it_names_an_open_meeting_an_agenda_and_answers_404_elsewhere(world):
    m = meeting(world.alpha)
    html, name = html_for(world.actor(Role.PM), m.pk)
    assert "Agenda: OWG North" in html and name.startswith("owg-agenda-")
    foreign = meeting(world.beta)
    assert world.client(Role.PM).get(f"/conferencing/{foreign.pk}/print.pdf").status_code == 404
    assert world.client(Role.EVALUATOR).get(f"/conferencing/{m.pk}/print.pdf").status_code == 404
