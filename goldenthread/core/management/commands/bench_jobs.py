"""``goldenthread bench_jobs`` (run by ``goldenthread bench``): time the heavy jobs a site runs
from the command line, each in its own process, as ``run_measured`` does for the import and
``audit verify``: the PCG report (PDF), the evaluation (an outcome run), the HMIS export and the
de-identified export. For each: wall time, that process's CPU time and its own peak memory,
beside the peak of a process that only starts (``goldenthread check``), so what a job adds can
be told from what every process costs."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from goldenthread.core.measure import run_measured
from goldenthread.core.models import Site


def jobs(site: str, hmis_site: str, out: Path) -> list[tuple[str, list[str]]]:
    """What is timed, in order: a name and the ``goldenthread`` arguments."""
    return [
        ("process start (goldenthread check)", ["check"]),
        (
            f"PCG report, PDF ({site})",
            ["report", "pcg", "--site", site, "--out", str(out / "pcg.pdf")],
        ),
        (f"evaluation run ({site})", ["evaluate", "--site", site]),
        (f"HMIS export ({hmis_site})", ["export", "hmis", "--site", hmis_site, "--out", str(out)]),
        (
            f"de-identified export ({site})",
            ["export", "deidentified", "--site", site, "--out", str(out)],
        ),
    ]


class Command(BaseCommand):
    help = "Time the PCG report, the evaluation run and the two exports, each in its own process."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--site", default="synth-000")
        parser.add_argument(
            "--hmis-site", help="the site whose HMIS export is timed (default: --site)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        hmis_site = opts["hmis_site"] or opts["site"]
        for slug in {opts["site"], hmis_site}:
            if not Site.objects.filter(slug=slug).exists():
                raise CommandError(f"site: no site {slug!r}; run goldenthread synth first")
        with tempfile.TemporaryDirectory(prefix="gt-bench-jobs-") as out:
            for name, job in jobs(opts["site"], hmis_site, Path(out)):
                run = run_measured(*job)
                said = run.output[-1] if run.output else ""
                self.stdout.write(
                    f"{name}: {run.seconds:.1f} s, process CPU {run.cpu_seconds:.1f} s, "
                    f"peak memory {run.peak_mb:.0f} MB; {said}".rstrip("; ")
                )
