from celery import shared_task

from imports.services import pending_imports_prune


@shared_task(name="imports.pending_imports_prune")
def pending_imports_prune_task() -> int:
    return pending_imports_prune()
