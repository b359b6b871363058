"""The pending imports' lifetime: created at the preview, read and deleted at the confirmation,
forgotten after a day."""

import datetime as dt
import uuid

from django.http import Http404
from django.utils import timezone

from imports.models import PendingImport

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
