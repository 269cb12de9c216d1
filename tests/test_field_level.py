"""Field-level confidentiality: a police or prosecutor response never carries a case note, a
health or substance-use detail, or the plan, whatever endpoint, path object or query parameters.

Every GET endpoint of the permission matrix (UI and API) is requested by the police and
prosecutor roles for a participant whose case-management records all carry a sentinel string,
with and without `expand`/`fields`/`include` parameters; the sentinel must never appear.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.casework.models import ActionStep, Contact, Goal, ProgressNote, ServiceReferral
from goldenthread.conferencing.models import RosterItem
from goldenthread.conferencing.rules import PART2_TAG
from goldenthread.core.roles import Role
from goldenthread.testing import site_today
from goldenthread.testing_matrix import cases

from .test_permission_matrix import _path

SENTINEL = "QZXV-SENTINEL"
READERS = (Role.OFFICER, Role.POLICE_SUPERVISOR, Role.PROSECUTOR)
PARAMS: tuple[dict[str, str], ...] = (
    {},
    {"expand": "all", "fields": "note,notes,title,detail", "include": "all"},
)
GETS = [c for c in cases() if c.method == "GET"]


def _area(case) -> str:
    return case.endpoint.split("/")[3] if case.is_api else case.endpoint.split(":")[0]


AREAS = sorted({_area(c) for c in GETS})


def _seed(world):
    """A participant whose every case-management record carries the sentinel."""
    p = world.participant(first_name="Sam", last_name="Okafor")
    site, cm = world.alpha.site, world.alpha.users[Role.CM]
    Contact.objects.create(
        site=site,
        participant=p,
        author=cm,
        kind="street",
        occurred_at=timezone.now() - timedelta(days=1),
        place="Camp",
        note=f"{SENTINEL} uses fentanyl daily",
        idempotency_key="sentinel-1",
    )
    goal = Goal.objects.create(
        site=site, participant=p, domain="health", title=f"{SENTINEL} start MOUD", created_by=cm
    )
    ActionStep.objects.create(site=site, goal=goal, description=f"{SENTINEL} step", owner="CM")
    ProgressNote.objects.create(
        site=site, goal=goal, author=cm, written_on=site_today(), note=f"{SENTINEL} progress"
    )
    ServiceReferral.objects.create(
        site=site,
        participant=p,
        kind="treatment",
        provider="Clinic",
        sent_on=site_today(),
        note=f"{SENTINEL} treatment",
        made_by=cm,
    )
    return p


def _kwargs(world, case, participant):
    kwargs = world.make(case.obj) if case.obj else {}
    if "participant_id" in kwargs:
        kwargs["participant_id"] = participant.pk
    if "meeting_id" in kwargs and "conferencing" in case.endpoint:
        # A Part 2 item on the roster, shown to every role at the table by its source.
        RosterItem.objects.create(
            site=world.alpha.site,
            meeting_id=kwargs["meeting_id"],
            participant=participant,
            kind="added",
            title="Health check-in",
            detail=f"{SENTINEL} detox bed",
            source="conferencing.pm",
            visible_to_roles=[r.value for r in Role],
            tags=[PART2_TAG],
        )
    return kwargs


@pytest.mark.django_db
@pytest.mark.parametrize("area", AREAS)
def test_police_and_prosecutors_never_receive_case_management_fields(world, area):
    participant = _seed(world)
    checked = 0
    for case in (c for c in GETS if _area(c) == area):
        path = _path(case, _kwargs(world, case, participant))
        for role in READERS:
            client = world.api(role) if case.is_api else world.client(role)
            for params in PARAMS:
                body = client.get(path, data=params).content.decode(errors="replace")
                assert SENTINEL not in body, f"{role.value} got a case-management field at {path}"
                checked += 1
    assert checked >= len(READERS) * len(PARAMS)


@pytest.mark.django_db
def test_the_sentinel_is_there_for_the_case_manager(world):
    """The check above can fail: the case manager does see the seeded records."""
    participant = _seed(world)
    body = world.client(Role.CM).get(f"/casework/p/{participant.pk}/").content.decode()
    assert SENTINEL in body
