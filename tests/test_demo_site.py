"""The demo site (`make run`): built once for this module by `goldenthread demo`, inside a
transaction rolled back at the end, then checked by every area. Each area keeps its checks in
its own `tests/demo_checks.py`; building the demo once instead of once per area keeps the
suite fast."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.db import transaction

from goldenthread.casework.tests.demo_checks import (
    test_it_builds_a_history_for_every_demo_participant,
)
from goldenthread.conferencing.tests.demo_checks import test_it_builds_the_demo_owg
from goldenthread.core.demo import USERS
from goldenthread.core.models import Site
from goldenthread.core.roles import Role
from goldenthread.evaluation.tests.demo_checks import (
    test_it_builds_sources_an_import_a_review_and_outcomes,
)
from goldenthread.governance.tests.demo_checks import test_it_builds_the_demo_governance
from goldenthread.legalservices.tests.demo_checks import (
    test_it_builds_matters_of_every_type_and_outcome,
)
from goldenthread.planning.tests.demo_checks import (
    test_it_builds_a_finished_forecast_for_the_demo_site,
)
from goldenthread.referrals.tests.demo_checks import test_it_builds_the_referrals_demo

pytestmark = pytest.mark.django_db

__all__ = [
    "test_it_builds_a_finished_forecast_for_the_demo_site",
    "test_it_builds_a_history_for_every_demo_participant",
    "test_it_builds_matters_of_every_type_and_outcome",
    "test_it_builds_sources_an_import_a_review_and_outcomes",
    "test_it_builds_the_demo_governance",
    "test_it_builds_the_demo_owg",
    "test_it_builds_the_referrals_demo",
]


@pytest.fixture(scope="module")
def demo_site(django_db_setup, django_db_blocker) -> Iterator[Site]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("demo", stdout=out)
        assert "Built the demo site" in out.getvalue()
        yield Site.objects.get(slug="seattle")
        transaction.set_rollback(True)


def test_it_prints_a_login_for_every_role(demo_site):
    out = io.StringIO()
    call_command("demo", "--logins", stdout=out)
    printed = out.getvalue()
    lines = printed.splitlines()
    for username, role, _ in USERS:
        assert any(role.label in line and f" {username} " in f"{line} " for line in lines), username
    assert {role for _, role, _ in USERS} == set(Role), "every role has a demo login"


def test_it_refuses_to_build_the_demo_twice_and_reuses_it_when_asked(demo_site):
    out = io.StringIO()
    call_command("demo", "--if-empty", stdout=out)
    assert "already present" in out.getvalue()
    with pytest.raises(Exception, match="exists already"):
        call_command("demo", stdout=io.StringIO())
