"""Core read paths for `make bench`."""

from goldenthread.benchmarks import BenchRead

READS = [
    BenchRead(
        "API participant list (PM)",
        "pm",
        lambda site, user: "/api/v1/participants",
        floor_sql=(
            "SELECT p.id, per.first_name || ' ' || per.last_name AS name, p.state, "
            "p.enrolled_on, u.username AS case_manager FROM core_participant p "
            "JOIN core_person per ON per.id = p.person_id "
            "LEFT JOIN auth_user u ON u.id = p.case_manager_id "
            "WHERE p.site_id = %(site)s AND per.site_id = %(site)s "
            "ORDER BY per.last_name, per.first_name LIMIT 500"
        ),
        weight=5,
    ),
    BenchRead("Home page (CM)", "cm", lambda site, user: "/", weight=10),
    BenchRead("Home page (PM)", "pm", lambda site, user: "/", weight=3),
]
