from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    """The never-twice sending of mail that the reminders' digests and the notifications'
    deliveries share (an abstract model, its services and its task), and the limits on mail
    that anyone may ask for (``MailRequest``)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "outbox"
    verbose_name = _("Outgoing mail")
