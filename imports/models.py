import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingImport(models.Model):
    """An uploaded file between the admin's preview of an import and its confirmation.

    Only its owner may confirm it, for the model it was uploaded to, by the name the server
    gave it; the file is kept in the database, never in a folder named from the request.
    """

    name = models.UUIDField(_("name"), default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="+"
    )
    model_label = models.CharField(_("model"), max_length=100)
    # "rb" for a workbook, "r" for text: a confirmation that reads the file otherwise is refused.
    read_mode = models.CharField(_("read mode"), max_length=2)
    content = models.BinaryField(_("content"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("pending import")
        verbose_name_plural = _("pending imports")

    def __str__(self):
        return f"{self.model_label} {self.name}"


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    REFUSED = "refused", _("Refused: nothing was imported")
    FAILED = "failed", _("Stopped by an error: nothing was imported")


FINISHED_STATUSES = (ImportJobStatus.DONE, ImportJobStatus.REFUSED, ImportJobStatus.FAILED)


class ImportJob(models.Model):
    """A file too long to import within one request, imported by a worker in the background.

    Like any import it writes every row or none: a refused file says which row and column and
    why. Its progress is shown while it runs; its outcome stays as the record of the import.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    model_label = models.CharField(_("model"), max_length=100)
    file_name = models.CharField(_("file"), max_length=255)
    # Which of the admin's spreadsheet formats reads the file (its index), and how.
    format_index = models.PositiveSmallIntegerField(_("format"))
    read_mode = models.CharField(_("read mode"), max_length=2)
    content = models.BinaryField(_("content"))
    rows = models.PositiveIntegerField(_("rows"))
    status = models.CharField(
        _("status"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED
    )
    # What the import did (rows new, updated, unchanged) or why it refused the file.
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background import")
        verbose_name_plural = _("background imports")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=FINISHED_STATUSES, finished_at__isnull=False)
                | (~models.Q(status__in=FINISHED_STATUSES) & models.Q(finished_at__isnull=True)),
                name="import_job_finished_when_it_ends",
            ),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.model_label})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES
