"""The printable agenda and minutes carry the §2.32 notice where Part 2 information appears."""

from __future__ import annotations

import pytest

from goldenthread.conferencing.models import DiscussionNote
from goldenthread.conferencing.tests.matrix import item, meeting
from goldenthread.core.roles import Role

NOTICE = b"42 CFR part 2 prohibits unauthorized disclosure of these records."


@pytest.mark.django_db
def test_it_prints_the_notice_only_when_part2_information_appears(world):
    m = meeting(world.alpha, "closed", minutes="All items discussed.")
    shared = item(world.alpha, m, title="Dana: housing")
    page = world.client(Role.CM).get(f"/conferencing/{m.pk}/print/")
    assert page.status_code == 200 and NOTICE not in page.content
    assert b"Minutes: OWG North" in page.content and b"All items discussed." in page.content
    DiscussionNote.objects.create(
        site=world.alpha.site,
        item=shared,
        text="Started MOUD",
        part2=True,
        author=world.alpha.users[Role.CM],
    )
    page = world.client(Role.CM).get(f"/conferencing/{m.pk}/print/")
    assert NOTICE in page.content and b"Started MOUD" in page.content
    officer = world.client(Role.OFFICER).get(f"/conferencing/{m.pk}/print/")
    assert NOTICE not in officer.content and b"Started MOUD" not in officer.content


@pytest.mark.django_db
def test_it_prints_the_notice_on_an_agenda_with_a_part2_item(world):
    m = meeting(world.alpha)
    item(world.alpha, m, title="Treatment plan review", tags=["part2"])
    page = world.client(Role.CM).get(f"/conferencing/{m.pk}/print/")
    assert b"Agenda: OWG North" in page.content and NOTICE in page.content
    assert NOTICE in world.client(Role.PM).get(f"/conferencing/{m.pk}/print/").content


@pytest.mark.django_db
def test_it_keeps_part2_items_from_roles_that_may_not_read_them(world):
    m = meeting(world.alpha)
    item(world.alpha, m, title="Treatment plan review", tags=["part2"])
    page = world.client(Role.OFFICER).get(f"/conferencing/{m.pk}/print/")
    assert b"Treatment plan review" not in page.content and NOTICE not in page.content
