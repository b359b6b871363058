"""The reminders' settings, read when used, not at import, so tests can change them.

The sending of digests reads ``REMINDERS_SEND_MAX_RETRIES`` and the others of
``outbox.conf.OutboxSettings``.
"""

from django.conf import settings


def _setting(name: str, default):
    return getattr(settings, name, default)


def site_url() -> str:
    """Where the site is served, for the links in mail (the SITE_URL setting)."""
    return settings.SITE_URL
