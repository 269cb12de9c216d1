"""`make trust`: the security, privacy and reliability checks of issue 11, as one table.

Each check runs as its own process; the table shows check, result and figures (tests or
cases tried, findings). `--fast` leaves out the pytest checks that `make test` already runs,
for `.ci/run`, which runs `make test` first.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Check:
    name: str
    argv: list[str]
    kind: str  # "pytest", "schemathesis", "bandit" or "pip-audit"
    in_make_test: bool


CHECKS = [
    Check(
        "permission matrix: role x endpoint x own/other site/missing",
        ["pytest", "-q", "-p", "no:randomly", "tests/test_permission_matrix.py"],
        "pytest",
        True,
    ),
    Check(
        "field level: police and prosecutors never get case-management fields",
        ["pytest", "-q", "tests/test_field_level.py"],
        "pytest",
        True,
    ),
    Check(
        "schemathesis: every API operation as every role; schema, no 5xx, no other site's data",
        ["pytest", "-q", "-s", "tests/test_api_schemathesis.py"],
        "schemathesis",
        True,
    ),
    Check(
        "web attacks: CSRF, XSS, CSP, open redirect, clickjacking, SQL injection",
        ["pytest", "-q", "tests/test_web_attacks.py"],
        "pytest",
        True,
    ),
    Check(
        "authentication and sessions (ASVS L2)",
        ["pytest", "-q", "goldenthread/access/tests"],
        "pytest",
        True,
    ),
    Check(
        "audit chains, backup/restore, deploy check",
        [
            "pytest",
            "-q",
            "goldenthread/audit/tests",
            "goldenthread/core/tests/test_backup_restore.py",
            "goldenthread/core/tests/test_settings.py",
        ],
        "pytest",
        True,
    ),
    Check(
        "reliability on PostgreSQL: outage, SIGKILL mid-burst, races, double sends",
        [
            "pytest",
            "-q",
            "tests/test_database_outage.py",
            "tests/test_crash_drill.py",
            "goldenthread/web/tests/test_once.py",
            "goldenthread/casework/tests/test_flex_concurrency.py",
            "goldenthread/referrals/tests/test_referral_enroll.py",
        ],
        "pytest",
        True,
    ),
    Check(
        "Hypothesis: every parser and import of outside input",
        ["pytest", "-q", "tests/test_parsers_fuzz.py"],
        "pytest",
        True,
    ),
    Check(
        "bandit on the code",
        ["bandit", "-c", "pyproject.toml", "-q", "-r", "goldenthread", "-f", "json"],
        "bandit",
        False,
    ),
    Check(
        "pip-audit on the pinned requirements",
        ["pip-audit", "-r", "requirements.txt", "--no-deps", "--disable-pip", "-f", "json"],
        "pip-audit",
        False,
    ),
]


def _json(out: str) -> dict:
    """The JSON report in a tool's output, ignoring the warnings printed around it."""
    return json.JSONDecoder().raw_decode(out[out.index("{") :])[0]


def _pytest(out: str, rc: int) -> tuple[str, str]:
    counts = dict((k, int(n)) for n, k in re.findall(r"(\d+) (passed|failed|skipped|error)", out))
    figures = ", ".join(f"{n} {k}" for k, n in counts.items()) or "no tests ran"
    ok = rc == 0 and counts.get("passed", 0) > 0
    return ("pass" if ok else "FAIL"), figures


def _schemathesis(out: str, rc: int) -> tuple[str, str]:
    """pytest's result, with the figures the test prints: cases tried, operations, roles."""
    result, figures = _pytest(out, rc)
    found = re.search(r"schemathesis: (\d+) cases over (\d+) operations as (\d+) roles", out)
    if found:
        cases, operations, roles = found.groups()
        figures = f"{cases} cases, {operations} operations, {roles} roles; {figures}"
    return result, figures


def _bandit(out: str, rc: int) -> tuple[str, str]:
    try:
        data = _json(out)
    except ValueError:
        return "FAIL", "no report"
    issues = data.get("results", [])
    files = len(data.get("metrics", {})) - 1
    return ("pass" if rc == 0 and not issues else "FAIL"), f"{files} files, {len(issues)} findings"


def _pip_audit(out: str, rc: int) -> tuple[str, str]:
    try:
        data = _json(out)
    except ValueError:
        if "NameResolutionError" in out or "ConnectionError" in out:
            return "UNREACHABLE", "the vulnerability service cannot be reached from here"
        return "FAIL", "no report"
    deps = data.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    vulns = sum(len(d.get("vulns", [])) for d in audited)
    if not audited:
        return "UNREACHABLE", f"0 of {len(deps)} packages could be audited (no advisory data)"
    return ("pass" if vulns == 0 else "FAIL"), f"{len(audited)} packages, {vulns} advisories"


PARSERS = {
    "pytest": _pytest,
    "schemathesis": _schemathesis,
    "bandit": _bandit,
    "pip-audit": _pip_audit,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fast", action="store_true", help="skip what `make test` runs")
    args = parser.parse_args()
    rows = []
    for check in CHECKS:
        if args.fast and check.in_make_test:
            rows.append((check.name, "in make test", "run by `make test` in the same CI run"))
            continue
        argv = [str(BIN / check.argv[0]), *check.argv[1:]]
        proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
        pytest_kind = check.kind in ("pytest", "schemathesis")
        out = proc.stdout + proc.stderr if pytest_kind else proc.stdout
        result, figures = PARSERS[check.kind](out or proc.stderr, proc.returncode)
        rows.append((check.name, result, figures))
    width = max(len(r[0]) for r in rows)
    print(f"{'check':<{width}}  {'result':<12}  figures")
    for name, result, figures in rows:
        print(f"{name:<{width}}  {result:<12}  {figures}")
    return 1 if any(r[1] == "FAIL" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
