from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """The never-twice sending of mail that the reminders' digests and the notifications'
    deliveries share. No tables of its own: an abstract model, its services and its task."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "outbox"
    verbose_name = _("Outgoing mail")
