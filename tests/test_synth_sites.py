"""`goldenthread synth`, run once for this module (two sites of 300 participants, inside a
transaction rolled back at the end) and checked by every area. Each area keeps its checks in its
own `tests/synth_checks.py`; one run instead of one per area keeps the suite fast."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from goldenthread.casework.tests.synth_checks import (
    test_it_builds_contacts_goals_statuses_and_flex_funds,
    test_it_leaves_inactive_participants_quiet_for_longer_than_the_site_allows,
    test_its_contact_counters_equal_a_count_of_its_contacts,
)
from goldenthread.conferencing.tests.synth_checks import test_it_builds_a_year_of_biweekly_meetings
from goldenthread.core.models import Site
from goldenthread.core.tests.synth_checks import test_it_builds_sites_with_participants_and_staff
from goldenthread.evaluation.tests.synth_checks import (
    test_it_builds_events_for_participants_and_a_comparison_group,
)
from goldenthread.legal.tests.synth_checks import (
    test_it_builds_cases_with_charges_dates_and_decisions,
)
from goldenthread.legalservices.tests.synth_checks import (
    test_it_builds_matters_at_every_stage,
    test_it_inserts_in_bulk_not_a_query_per_matter,
)
from goldenthread.referrals.tests.synth_checks import (
    test_it_adds_referrals_through_the_doors_at_the_published_proportions,
)

pytestmark = pytest.mark.django_db

__all__ = [
    "test_it_adds_referrals_through_the_doors_at_the_published_proportions",
    "test_it_builds_a_year_of_biweekly_meetings",
    "test_it_builds_cases_with_charges_dates_and_decisions",
    "test_it_builds_contacts_goals_statuses_and_flex_funds",
    "test_it_builds_events_for_participants_and_a_comparison_group",
    "test_it_builds_matters_at_every_stage",
    "test_it_builds_sites_with_participants_and_staff",
    "test_it_inserts_in_bulk_not_a_query_per_matter",
    "test_it_leaves_inactive_participants_quiet_for_longer_than_the_site_allows",
    "test_its_contact_counters_equal_a_count_of_its_contacts",
]

SITES, PARTICIPANTS = 2, 300


@dataclass(frozen=True)
class SynthRun:
    site: Site  # the first site, synth-000
    sites: int
    participants: int  # per site
    progress: str  # what the command wrote to stderr
    queries: list[str]  # every SQL statement the run issued (without its parameters)


@pytest.fixture(scope="module")
def synth(django_db_setup, django_db_blocker) -> Iterator[SynthRun]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        err = io.StringIO()
        queries: list[str] = []

        def record(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            call_command(
                "synth",
                "--sites",
                str(SITES),
                "--participants",
                str(PARTICIPANTS),
                stdout=io.StringIO(),
                stderr=err,
            )
        yield SynthRun(
            site=Site.objects.get(slug="synth-000"),
            sites=SITES,
            participants=PARTICIPANTS,
            progress=err.getvalue(),
            queries=queries,
        )
        transaction.set_rollback(True)
