"""Starting a meeting."""

from __future__ import annotations

import pytest

from goldenthread.conferencing.models import ConferenceMeeting
from goldenthread.conferencing.tests.matrix import meeting
from goldenthread.core.roles import Role


@pytest.mark.django_db
def test_it_opens_a_draft_once(world):
    m = meeting(world.alpha)
    page = world.client(Role.PM).post(f"/conferencing/{m.pk}/open/")
    assert page.status_code == 302 and page.url == f"/conferencing/{m.pk}/run/"
    assert ConferenceMeeting.objects.get().status == "open"
    again = world.api(Role.PM).post(f"/api/v1/conferencing/meetings/{m.pk}/open")
    assert again.status_code == 409
