"""Objects of the referrals area for tests, built at a given site of the test world."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count
from typing import Any

from django.utils import timezone

from goldenthread.core.models import Agency, Person
from goldenthread.core.roles import Role
from goldenthread.referrals.models import (
    EligibilityPolicy,
    Notification,
    PersonLink,
    PolicyVersion,
    Referral,
    Screening,
)
from goldenthread.referrals.seeds import seed_policy
from goldenthread.testing import site_today

_serial = count(1)


def adopted_policy(site: Any, model: str = "seattle") -> PolicyVersion:
    """The site's seeded policy, adopted and in force since 2020."""
    found = PolicyVersion.objects.filter(site=site.site, status="adopted").first()
    return found or seed_policy(
        site.site, model, adopted_by=site.users[Role.PM], effective_from=date(2020, 1, 1)
    )


def referral(site: Any, *, identified: bool = True, **fields: Any) -> Referral:
    """An arrest diversion by the site's officer, just referred."""
    n = next(_serial)
    values: dict[str, Any] = {
        "site": site.site,
        "door": "arrest",
        "referred_by": site.users[Role.OFFICER],
        "referring_agency": site.agencies[Agency.Kind.POLICE],
        "first_name": "Quinn",
        "last_name": f"Okonkwo-{n}",
        "date_of_birth": date(1985, 3, 9),
        "contact_at": timezone.now() - timedelta(minutes=5),
        "offence_category": "drug_possession",
        "probable_cause": True,
        "arrest_report_number": f"AR-{n}",
    }
    values.update(fields)
    made = Referral.objects.create(**values)
    if identified and made.person_id is None:
        made.person = Person.objects.create(
            site=site.site,
            first_name=made.first_name,
            last_name=made.last_name,
            date_of_birth=made.date_of_birth,
        )
        made.save(update_fields=["person"])
    return made


def pending(site: Any, **fields: Any) -> Referral:
    """Eligible, intake complete: ready to enroll."""
    values: dict[str, Any] = {
        "state": "intake_pending",
        "intake_due": site_today() + timedelta(days=20),
        "assessment": "Housing first; wants help with ID documents.",
        "roi_signed": True,
        "roi_signed_on": site_today(),
        "assigned_cm": site.users[Role.CM],
    }
    values.update(fields)
    return referral(site, **values)


def waiting(site: Any, **fields: Any) -> Referral:
    """A social contact waiting for capacity."""
    values: dict[str, Any] = {
        "door": "social",
        "state": "intake_pending",
        "offence_category": "drug_possession",
        "prior_activity": "Possession observed",
        "verification": "observation",
        "prior_activity_on": site_today() - timedelta(days=40),
        "waiting_since": timezone.now() - timedelta(days=3),
    }
    values.update(fields)
    return referral(site, **values)


def screening(site: Any) -> Screening:
    """A needs-review screening of a referral in screening."""
    made = referral(site, state="screening")
    return Screening.objects.create(
        site=site.site,
        referral=made,
        policy_version=adopted_policy(site),
        result="needs_review",
        explanation=[{"criterion": "approval", "outcome": "review", "reason": "approval"}],
        screened_at=timezone.now(),
        screened_by=site.users[Role.CM],
    )


def draft(site: Any) -> PolicyVersion:
    policy = EligibilityPolicy.objects.create(site=site.site, name=f"Draft policy {next(_serial)}")
    return PolicyVersion.objects.create(
        site=site.site, policy=policy, number=1, eligible_categories=["drug_possession"]
    )


def link(site: Any) -> PersonLink:
    a = referral(site).person
    b = referral(site).person
    assert a is not None and b is not None
    return PersonLink.objects.create(
        site=site.site, person=a, other=b, score=90, linked_by=site.users[Role.CM]
    )


def failed_notification(site: Any) -> Notification:
    return Notification.objects.create(
        site=site.site,
        referral=referral(site),
        channel="email",
        target="oncall@example.org",
        message="New arrest diversion",
        status="failed",
        attempts=3,
    )
