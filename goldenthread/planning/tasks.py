"""Background tasks of the planning area (django-tasks; the database backend's worker runs
them outside the request)."""

from __future__ import annotations

from django_tasks import task


@task()
def forecast_compute(run_id: int) -> str:
    """Compute a queued forecast run, saving its progress as it goes."""
    from goldenthread.planning.actions import forecast_run_compute

    return forecast_run_compute(run_id=run_id).status


@task()
def report_build(run_id: int) -> str:
    """Build a queued PCG report's PDF with the requester's permissions; progress lands on
    the ReportRun, the file in the media storage."""
    from goldenthread.planning.actions import report_run_build

    return report_run_build(run_id=run_id).status
