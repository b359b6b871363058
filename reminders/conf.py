"""The reminders' settings, each with its default.

They are read when used, not at import, so tests (and the worker's test settings module) can
change them. ``tracker/settings.py`` may set any of them, from the environment if it wants to.
"""

from django.conf import settings


def _setting(name: str, default):
    return getattr(settings, name, default)


def site_url() -> str:
    """Where the site is served, for the links in mail (the SITE_URL setting)."""
    return settings.SITE_URL


def send_max_retries() -> int:
    """How many times a digest refused by the mail server is tried again before it is failed."""
    return int(_setting("REMINDERS_SEND_MAX_RETRIES", 5))


def retry_backoff_seconds() -> float:
    """The first wait before trying again; it doubles at each retry."""
    return float(_setting("REMINDERS_RETRY_BACKOFF_SECONDS", 60))


def retry_backoff_max_seconds() -> float:
    return float(_setting("REMINDERS_RETRY_BACKOFF_MAX_SECONDS", 60 * 60))


def smtp_timeout_seconds() -> float:
    """How long one conversation with the mail server may hang before it counts as an error.

    Django's own default is to wait forever, which would leave a digest "sending" for good.
    """
    return float(_setting("REMINDERS_SMTP_TIMEOUT_SECONDS", 30))


def sending_stale_seconds() -> float:
    """After this long in "sending", nobody is sending the digest any more: its worker died.

    Far longer than a send can take (the SMTP timeout and the task's time limit are shorter),
    so a digest being sent right now is never taken for a lost one.
    """
    return float(_setting("REMINDERS_SENDING_STALE_SECONDS", 15 * 60))


def claimed_stale_seconds() -> float:
    """After this long, a digest claimed but never tried was not enqueued (broker down at commit)."""
    return float(_setting("REMINDERS_CLAIMED_STALE_SECONDS", 15 * 60))
