"""The PM's dashboard shows the merged areas' aggregates, each read through that area's
queries: referrals by door and outcome, contacts per month, flex-fund spend by pool,
legal-services outcomes, Golden Rule reviews and governance decisions."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from goldenthread.casework.tests import factories as casework
from goldenthread.core.roles import Role
from goldenthread.governance.tests.matrix import decision
from goldenthread.legal.tests.factories import flagged_decision
from goldenthread.legalservices.actions import outcome_record
from goldenthread.legalservices.tests.matrix import open_matter
from goldenthread.planning import queries
from goldenthread.referrals.tests.makers import referral
from goldenthread.testing import rls_queries

PANELS = (
    "referrals-by-door",
    "contacts-per-month",
    "flex-by-pool",
    "flex-by-category",
    "time-to-intake",
    "golden-rule-reviews",
    "governance-decisions",
    "legal-services-outcomes",
)


def _populate(world, site, scale=1):
    for _ in range(scale):
        participant = world.participant(site)
        contact = timezone.make_aware(
            datetime.combine(participant.enrolled_on - timedelta(days=10), time(12))
        )
        referral(site, door="arrest", state="enrolled", participant=participant, contact_at=contact)
        referral(site, door="arrest", state="ineligible")
        referral(site, door="social", state="declined")
        casework.contact(site, participant)
        casework.contact(site, participant, days_ago=1)
        casework.flex_request(site, world, status="approved", amount="120.00")
        flagged_decision(world, site)
        made = decision(site)
        made.decided_on = timezone.localdate()
        made.save()
        matter = open_matter(world, site)
        outcome_record(
            actor=site.actor(Role.LEGAL_SERVICES), matter_id=matter.pk, kind="warrant_quashed"
        )


@pytest.mark.django_db
def test_it_shows_each_areas_aggregates_with_known_counts(world):
    _populate(world, world.alpha)
    _populate(world, world.beta, scale=2)  # another site's records never count
    panels = queries.dashboard_panels(world.alpha.actor(Role.PM), timezone.localdate())
    assert panels.referrals == {
        "arrest": {"enrolled": 1, "ineligible": 1},
        "social": {"declined": 1},
    }
    assert [(n, people) for _, n, people in panels.contacts] == [(2, 1)]
    assert [(total, n) for _, total, n in panels.flex_by_pool] == [(120.0, 1)]
    assert [(total, n) for _, total, n in panels.flex_by_category] == [(120.0, 1)]
    assert panels.days_to_intake == {"arrest": [10]}
    assert panels.reviews == {"open": 1}
    assert [n for _, n in panels.decisions] == [1]
    assert panels.legal_services["outcomes"] == {"warrant_quashed": 1}
    html = world.client(Role.PM).get("/planning/").content.decode()
    for panel in PANELS:
        assert (
            f'id="panel-{panel}"' in html
            and f'<svg role="img" aria-labelledby="{panel}-title' in html
        )


@pytest.mark.django_db
def test_it_shows_a_supervisor_only_what_their_role_reads(world):
    _populate(world, world.alpha)
    html = world.client(Role.SUPERVISOR).get("/planning/").content.decode()
    assert 'id="panel-referrals-by-door"' in html and 'id="panel-flex-by-pool"' in html
    # No legal.review, legalservices.report or governance.view for a clinical supervisor.
    for panel in ("golden-rule-reviews", "legal-services-outcomes", "governance-decisions"):
        assert f'id="panel-{panel}"' not in html


@pytest.mark.django_db
def test_its_query_count_does_not_grow_with_the_data(world, django_assert_max_num_queries):
    _populate(world, world.alpha)
    client = world.client(Role.PM)
    client.get("/planning/")  # warm the session and site caches
    with django_assert_max_num_queries(32 + rls_queries()):
        client.get("/planning/")
    _populate(world, world.alpha, scale=3)
    with django_assert_max_num_queries(32 + rls_queries()):
        response = client.get("/planning/")
    assert response.status_code == 200
    assert len(re.findall(r'id="panel-', response.content.decode())) == len(PANELS)
