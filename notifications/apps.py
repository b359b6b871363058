from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "notifications"
    verbose_name = _("Depositary notifications")
    # Notifications are not loaded from fixtures/: `build_notifications --backfill` makes the
    # published ones from the loaded record.
    reference_files: list = []

    def ready(self):
        from notifications import receivers  # noqa: F401  (connects the drafting to the record's writes)
