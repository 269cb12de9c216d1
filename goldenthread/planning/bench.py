"""Planning read paths for `make bench`: the PM's dashboard."""

from goldenthread.benchmarks import BenchRead

READS = [
    BenchRead(
        "Dashboard (PM)",
        "pm",
        lambda site, user: "/planning/",
        floor_sql=(
            "SELECT p.state, count(*) FROM core_participant p WHERE p.site_id = %(site)s "
            "GROUP BY p.state"
        ),
        weight=5,
    ),
]
