"""Referral read paths for `make bench`: the officer's "my referrals"."""

from goldenthread.benchmarks import BenchRead

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
    ),
]
