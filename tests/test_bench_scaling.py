"""The scaling ratio of `make bench SCALE=national`: each read path of the same site at national
scale over site scale, matched by name, and read back from an earlier run's results.json."""

from __future__ import annotations

from goldenthread.benchmarks import Result, results_from, scaling, write


def _result(name: str, scale: str, median: float, p95: float) -> Result:
    return Result(name, scale, median, p95, 10, None, None, 200)


def test_the_ratio_is_national_over_site_for_paths_measured_at_both():
    site = [_result("Caseload (CM)", "site", 20.0, 40.0), _result("Dashboard", "site", 50, 80)]
    national = [
        _result("Caseload (CM)", "national", 30.0, 50.0),
        _result("Only national", "national", 5.0, 6.0),
    ]
    (row,) = scaling(site, national)
    assert row.name == "Caseload (CM)"
    assert (row.site_median_ms, row.national_median_ms) == (20.0, 30.0)
    assert row.ratio == 1.5 and row.p95_ratio == 1.25


def test_the_site_figures_come_back_from_a_results_file(tmp_path, db):
    reads = [_result("Caseload (CM)", "site", 20.0, 40.0)]
    path = write(reads, tmp_path)
    scale, back = results_from(path)
    assert scale == "site" and back == reads
