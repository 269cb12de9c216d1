"""Referrals for `make bench`: the officer's "my referrals" (read), and an arrest diversion
submitted and screened (write)."""

import time
from typing import Any

from django.db import transaction

from goldenthread.benchmarks import BenchRead, BenchWrite
from goldenthread.core.models import Site
from goldenthread.referrals.models import Referral

READS = [
    BenchRead(
        "My referrals (officer)",
        "officer",
        lambda site, user: "/referrals/",
        floor_sql=(
            "SELECT r.id, r.door, r.state, r.waiting_since, r.contact_at, r.first_name, "
            "r.last_name FROM referrals_referral r WHERE r.site_id = %(site)s AND "
            "(r.referred_by_id = %(user)s OR r.referring_agency_id = (SELECT m.agency_id "
            "FROM core_membership m WHERE m.user_id = %(user)s AND m.site_id = %(site)s "
            "LIMIT 1)) ORDER BY r.contact_at DESC LIMIT 200"
        ),
        weight=10,
    ),
]


def _referrals(site: Site, n: int) -> Any:
    run = time.time_ns() % 10**9

    def request(i: int) -> tuple[str, dict[str, Any]]:
        return "/api/v1/referrals/", {
            "door": "arrest",
            "first_name": f"{BENCH_NAME}{run}",
            "last_name": f"{BENCH_SURNAME}{i}",
            "date_of_birth": "1990-04-02",
            "offence_category": "drug_possession",
            "probable_cause": True,
            "charge": "VUCSA possession",
            "arrest_report_number": f"AR-{run}-{i}",
            "quantity_grams": "1.5",
        }

    return request


# How the referrals this benchmark submits are named: no one else is.
BENCH_NAME, BENCH_SURNAME = "Bench", "Subject"


def _forget_referrals(site: Site) -> int:
    """Remove the arrest diversions this benchmark submitted at ``site`` (with their screenings
    and state changes). Each stays awaiting a warm hand-off, which the on-call card counts on
    the CM's home page: after a session's runs synth-000 held 3,845 of them, and the count read
    them all (1.7 ms in one statement). The persons they named are left."""
    with transaction.atomic():
        made = Referral.objects.filter(
            site=site,
            door="arrest",
            first_name__startswith=BENCH_NAME,
            last_name__startswith=BENCH_SURNAME,
            arrest_report_number__startswith="AR-",
        )
        _, removed = made.delete()
    return removed.get(Referral._meta.label, 0)


WRITES = [
    BenchWrite(
        "Referral submission, screened (officer)", "officer", _referrals, forget=_forget_referrals
    )
]
