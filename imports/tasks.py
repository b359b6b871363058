from celery import shared_task

from imports.services import import_job_run, pending_imports_prune


@shared_task(name="imports.pending_imports_prune")
def pending_imports_prune_task() -> int:
    return pending_imports_prune()


@shared_task(name="imports.import_job_run")
def import_job_run_task(job_id: int) -> str | None:
    job = import_job_run(job_id)
    return job and job.status
