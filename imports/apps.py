from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Spreadsheets uploaded to the admin and waiting for their uploader to confirm the import."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "imports"
    verbose_name = _("Imports")
