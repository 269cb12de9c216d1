"""The agenda pack as a PDF."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role
from goldenthread.governance.models import AgendaItem, Meeting
from goldenthread.governance.tests.matrix import MAKERS, proposal

pytestmark = pytest.mark.django_db


def test_it_renders_the_agenda_pack_as_a_pdf(world):
    meeting_id = MAKERS["gov_meeting"](world, world.alpha)["meeting_id"]
    meeting = Meeting.objects.get(pk=meeting_id)
    AgendaItem.objects.create(
        site=world.alpha.site, meeting=meeting, title="Decide", proposal=proposal(world.alpha)
    )
    for response in (
        world.client(Role.PCG_MEMBER).get(f"/governance/meetings/{meeting_id}/agenda.pdf"),
        world.api(Role.PM).get(f"/api/v1/governance/meetings/{meeting_id}/agenda.pdf"),
    ):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert len(response.content) > 2000
