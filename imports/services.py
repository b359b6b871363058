"""The pending imports' lifetime (created at the preview, read and deleted at the confirmation,
forgotten after a day), and the imports too long for one request, run by a worker."""

import datetime as dt
import logging
import uuid

from django.apps import apps
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from imports.models import ImportJob, ImportJobStatus, PendingImport

logger = logging.getLogger(__name__)

PENDING_IMPORT_LIFETIME = dt.timedelta(days=1)


def pending_import_create(*, owner, model_label: str, read_mode: str, content: bytes) -> PendingImport:
    return PendingImport.objects.create(
        owner=owner, model_label=model_label, read_mode=read_mode, content=content
    )


def pending_import_get(*, owner, model_label: str, name: str) -> PendingImport:
    """The owner's unexpired pending import of that model and name; Http404 for anything else
    (another user's, another model's, a name the server never gave), all alike."""
    try:
        name = uuid.UUID(hex=name)
    except (TypeError, ValueError):
        raise Http404 from None
    pending = (
        PendingImport.objects.filter(
            name=name,
            owner=owner,
            model_label=model_label,
            created_at__gt=timezone.now() - PENDING_IMPORT_LIFETIME,
        )
        .only("pk", "read_mode", "content")
        .first()
    )
    if pending is None:
        raise Http404
    return pending


def pending_import_delete(pending: PendingImport) -> None:
    PendingImport.objects.filter(pk=pending.pk).delete()


def pending_imports_prune() -> int:
    """Forget the uploads older than a day, confirmed or not; how many were deleted."""
    deleted, _by_model = PendingImport.objects.filter(
        created_at__lte=timezone.now() - PENDING_IMPORT_LIFETIME
    ).delete()
    return deleted


# --- Imports in the background ----------------------------------------------------------------

# How often a running import tells how far it is: a write to the cache every so many rows.
PROGRESS_EVERY_ROWS = 100


def import_job_queue(
    *, owner, model_label: str, file_name: str, format_index: int, read_mode: str, content: bytes, rows: int
) -> ImportJob:
    """Keep the file as a job and start it once the upload is committed."""
    from imports.tasks import import_job_run_task  # the tasks module imports this one

    job = ImportJob.objects.create(
        owner=owner,
        model_label=model_label,
        file_name=file_name[-255:],
        format_index=format_index,
        read_mode=read_mode,
        content=content,
        rows=rows,
    )
    transaction.on_commit(lambda: import_job_run_task.delay(job.pk), robust=True)
    return job


def _progress_key(job_id: int) -> str:
    return f"imports:job:{job_id}:rows-done"


def import_job_rows_done(job: ImportJob) -> int:
    """How many rows a job has read so far, as its worker last said (all of them once it ended)."""
    if job.is_finished:
        return job.rows
    return cache.get(_progress_key(job.pk), 0)


def _progress_reporter(job_id: int):
    def report(row_number: int) -> None:
        if row_number % PROGRESS_EVERY_ROWS == 0:
            cache.set(_progress_key(job_id), row_number, timeout=24 * 3600)

    return report


def import_job_run(job_id: int) -> ImportJob | None:
    """Import a queued job's file through its model's admin, every row or none; None if the job
    is not waiting (already run, or running elsewhere), so a task delivered twice imports once."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJobStatus.QUEUED).update(
        status=ImportJobStatus.RUNNING
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    model_admin = admin.site._registry[apps.get_model(job.model_label)]
    try:
        refused, outcome = model_admin.import_in_background(job, _progress_reporter(job.pk))
    except Exception:
        logger.exception("Background import %s stopped by an error", job.pk)
        job.status, job.outcome = (
            ImportJobStatus.FAILED,
            {
                "problems": [
                    _(
                        "The import stopped on an unexpected error; "
                        "the secretariat's administrator has its details."
                    )
                ]
            },
        )
    else:
        job.status = ImportJobStatus.REFUSED if refused else ImportJobStatus.DONE
        job.outcome = outcome
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "outcome", "finished_at"])
    cache.delete(_progress_key(job.pk))
    return job
