"""The home page's cards from legal coordination and consents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from goldenthread.core.roles import Role
from goldenthread.disclosures.tests import factories as dfactories
from goldenthread.legal import rules
from goldenthread.legal.models import Decision, LegalCase
from goldenthread.legal.tests import factories
from goldenthread.testing import site_today


@pytest.mark.django_db
def test_it_tells_the_prosecutor_the_queue_and_the_holds_due(world):
    factories.case(world, world.alpha, status=LegalCase.Status.REFERRED)
    held = factories.case(world, world.alpha)
    for kind, review_on in ((rules.HOLD, site_today() + timedelta(days=1)), (rules.MONITOR, None)):
        Decision.objects.create(
            site=world.alpha.site,
            case=held,
            kind=kind,
            rationale="x",
            review_on=review_on,
            decided_by=world.alpha.users[Role.PROSECUTOR],
            decided_at=timezone.now(),
        )
    page = world.client(Role.PROSECUTOR).get("/")
    assert b"1 in the filing queue" in page.content
    # A later decision (monitor) supersedes the hold.
    assert b"0 holds in abeyance due for review" in page.content


@pytest.mark.django_db
def test_it_tells_the_pm_of_open_reviews_and_the_cm_of_expiring_consents(world):
    factories.flagged_decision(world, world.alpha)
    assert b"Golden Rule reviews" in world.client(Role.PM).get("/").content
    dfactories.consent(world, world.alpha, expires_on=site_today() + timedelta(days=10))
    assert b"Consents expiring" in world.client(Role.CM).get("/").content
    assert b"Golden Rule reviews" not in world.client(Role.CM).get("/").content


@pytest.mark.django_db
def test_the_card_and_the_worklist_count_the_same_holds(world):
    # Two holds on one case recorded at the same instant: the case is due once, on the home
    # card as on the worklist (the card counts with the worklist's own query).
    held = factories.case(world, world.alpha)
    at = timezone.now()
    for _ in range(2):
        factories.decision(
            world.alpha, held, rules.HOLD, review_on=site_today() + timedelta(days=1), decided_at=at
        )
    factories.case(world, world.alpha, status=LegalCase.Status.REFERRED)
    client = world.client(Role.PROSECUTOR)
    work = client.get("/legal/").context["work"]
    assert (work.holds_count, work.queue_count) == (1, 1)
    page = client.get("/").content
    assert b"1 holds in abeyance due for review" in page and b"1 in the filing queue" in page
