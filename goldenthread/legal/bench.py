"""Legal read paths for `make bench`: the liaison prosecutor's worklist."""

from goldenthread.benchmarks import BenchRead

READS = [
    BenchRead(
        "Worklist (prosecutor)",
        "prosecutor",
        lambda site, user: "/legal/",
        floor_sql=(
            "SELECT c.id, c.case_number, c.court, c.status, c.filing_date FROM legal_legalcase c "
            "WHERE c.site_id = %(site)s ORDER BY c.created_at DESC, c.id DESC LIMIT 300"
        ),
        weight=7,
    ),
]
