"""The dashboard's panels are kept in the cache while nothing they read is written
(``planning.queries.dashboard_panels_kept``): a view with no write between reads none of the
panels' queries again, every write through an action, which moves the site's audit chain,
shows on the next view, and a write reads again only the panels that read its kind."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goldenthread.casework.actions import contact_log, goal_add, settings_update
from goldenthread.casework.rules import GOAL_DOMAINS
from goldenthread.core.roles import Role
from goldenthread.legalservices.actions import outcome_record
from goldenthread.legalservices.tests.matrix import open_matter
from goldenthread.planning.tests.test_dashboard_panels import _populate


def _panel(html: str, panel: str) -> str:
    return (
        html.split(f'id="panel-{panel}"')[1].split('<div class="panel"')[0].split("</section>")[0]
    )


def _contacts_this_month(html: str) -> int:
    # The table behind the chart: month, contacts, people; the last row is this month.
    rows = re.findall(
        r"<tr><th scope=\"row\">[^<]*</th><td>(\d+)</td>", _panel(html, "contacts-per-month")
    )
    return int(rows[-1])


def _view(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/planning/")
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


@pytest.mark.django_db
def test_a_second_view_reads_no_panel_again_and_shows_the_same(world):
    _populate(world, world.alpha)
    client = world.client(Role.PM)
    first, read = _view(client)
    again, kept = _view(client)
    assert kept <= read - 9  # the nine grouped queries of the panels
    for panel in ("contacts-per-month", "referrals-by-door", "legal-services-outcomes"):
        assert _panel(again, panel) == _panel(first, panel)


def _log_contact(world, site, participant):
    contact_log(
        actor=site.actor(Role.CM),
        participant_id=participant.pk,
        idempotency_key=f"kept-{participant.pk}",
        kind="street",
        note="Met at the library.",
    )


@pytest.mark.django_db
def test_a_contact_logged_after_a_view_shows_on_the_next(world):
    _populate(world, world.alpha)
    participant = world.participant(world.alpha)
    client = world.client(Role.PM)
    before = _contacts_this_month(_view(client)[0])
    _log_contact(world, world.alpha, participant)
    assert _contacts_this_month(_view(client)[0]) == before + 1


@pytest.mark.django_db
def test_a_legal_services_outcome_recorded_after_a_view_shows_on_the_next(world):
    site = world.alpha
    _populate(world, site)
    client = world.client(Role.PM)
    before = _panel(_view(client)[0], "legal-services-outcomes")
    matter = open_matter(world, site)
    outcome_record(
        actor=site.actor(Role.LEGAL_SERVICES), matter_id=matter.pk, kind="eviction_avoided"
    )
    after = _panel(_view(client)[0], "legal-services-outcomes")
    assert after != before and "Eviction avoided" in after


@pytest.mark.django_db
def test_another_site_s_writes_do_not_move_this_site_s_panels(world):
    _populate(world, world.alpha)
    client = world.client(Role.PM)
    _view(client)
    _log_contact(world, world.beta, world.participant(world.beta))
    _, queries = _view(client)
    assert queries <= _view(client)[1]  # still kept: no more queries than a kept view


@pytest.mark.django_db
def test_the_filters_are_part_of_what_is_kept(world):
    _populate(world, world.alpha)
    client = world.client(Role.PM)
    whole = client.get("/planning/").content.decode()
    narrowed = client.get("/planning/?door=social").content.decode()
    assert _panel(whole, "referrals-by-door") != _panel(narrowed, "referrals-by-door")


# Each group of panels is kept apart (ADR 19): a write reads again the groups that read its
# kind, and no other.


@pytest.fixture
def kept(world):  # type: ignore[no-untyped-def]
    """The PM's client after two views of the populated dashboard, and the second view's
    query count (everything kept)."""
    _populate(world, world.alpha)
    client = world.client(Role.PM)
    _view(client)
    return client, _view(client)[1]


@pytest.mark.django_db
def test_a_contact_logged_reads_the_contacts_again_and_no_other_panel(world, kept):
    client, queries = kept
    before = _contacts_this_month(_view(client)[0])
    _log_contact(world, world.alpha, world.participant(world.alpha))
    html, after = _view(client)
    assert after == queries + 1  # the contact counters' one grouped query
    assert _contacts_this_month(html) == before + 1


@pytest.mark.django_db
def test_a_write_no_panel_reads_reads_no_panel_again(world, kept):
    client, queries = kept
    goal_add(
        actor=world.alpha.actor(Role.CM),
        participant_id=world.participant(world.alpha).pk,
        domain=next(iter(GOAL_DOMAINS)),
        title="Keep my ID safe",
    )
    assert _view(client)[1] == queries


@pytest.mark.django_db
def test_a_write_of_a_kind_no_rule_names_reads_every_panel_again(world, kept):
    client, queries = kept
    settings_update(actor=world.alpha.actor(Role.PM), changes={"status_every_days": 45})
    assert _view(client)[1] >= queries + 9  # the nine grouped queries of the panels
