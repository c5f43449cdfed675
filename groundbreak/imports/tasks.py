"""The import engine's background jobs, run by ``groundbreak worker``."""

from datetime import timedelta

from django.conf import settings
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _

from groundbreak.core.jobs import job
from groundbreak.imports.models import ImportRecord, ImportStatus


def _mark_failed(pk, *, error):
    """The reading is given up: the import says so instead of reading forever."""
    ImportRecord.objects.filter(pk=pk, status=ImportStatus.READING).update(
        status=ImportStatus.FAILED,
        progress=100,
        error=_("The file could not be read: %(error)s") % {"error": error},
    )


@job(attempts=3, backoff=5, on_give_up=_mark_failed)
def preview_import_task(pk):
    """Read an uploaded file into its preview. Safe to run again: the preview is stored in one
    write at the end, and an import no longer at "reading" is left as it is."""
    from groundbreak.imports.services import preview_import

    record = ImportRecord.objects.filter(pk=pk).first()
    if record is None or record.status != ImportStatus.READING:
        return
    preview_import(record)


@job(attempts=1)
def fail_stalled_imports():
    """Imports still at "reading" IMPORT_STALL_MINUTES after the upload with no job left to
    read them (its row pruned, enqueued by a worker that died before it wrote it) are failed."""
    from django_tasks_db.models import DBTaskResult

    before = timezone.now() - timedelta(minutes=settings.IMPORT_STALL_MINUTES)
    waiting = {
        (result.args_kwargs or {}).get("args", [None])[0]
        for result in DBTaskResult.objects.filter(
            task_path=preview_import_task.module_path,
            status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
        )
    }
    failed = 0
    stalled = ImportRecord.objects.filter(status=ImportStatus.READING, created_at__lt=before)
    for pk in stalled.values_list("pk", flat=True):
        if pk not in waiting:
            _mark_failed(pk, error=_("the reading was interrupted; upload the file again"))
            failed += 1
    return failed
