"""The notifications' settings, read when used so tests and worker settings can change them.

The sending of deliveries reads ``NOTIFICATIONS_SEND_MAX_RETRIES`` and the others of
``outbox.conf.OutboxSettings``.
"""

from django.conf import settings


def _setting(name: str, default):
    return getattr(settings, name, default)


def confirmation_max_age_seconds() -> int:
    """How long a confirmation link stays good."""
    return int(_setting("NOTIFICATIONS_CONFIRMATION_MAX_AGE_SECONDS", 7 * 24 * 60 * 60))
