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
