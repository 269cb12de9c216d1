"""Background work of the evaluation area (django-tasks): an import started from the UI."""

from __future__ import annotations

from pathlib import Path

from django.core.files.storage import default_storage
from django_tasks import task

from goldenthread.access.actor import Actor
from goldenthread.core.models import Membership
from goldenthread.evaluation.models import ImportRun


@task()
def import_legal_events(run_id: int, membership_id: int) -> str:
    """Run a queued import as the member who uploaded it; progress lands on the ImportRun.
    The uploaded file names people, so it is deleted once the run is over, however it ended."""
    from goldenthread.evaluation.actions import legal_events_import

    membership = Membership.objects.select_related("user", "site", "agency").get(pk=membership_id)
    actor = Actor(user=membership.user, membership=membership, via="task")
    run = ImportRun.objects.get(pk=run_id, site_id=membership.site_id)
    path = Path(default_storage.path(str(run.upload.name)))
    try:
        run = legal_events_import(
            actor=actor, source_id=run.source_id, path=path, filename=run.filename, run=run
        )
    finally:
        run.upload.delete(save=False)
        ImportRun.objects.filter(pk=run.pk).update(upload="")
    return run.status
