"""The notifications' settings, read when used so tests and worker settings can change them."""

from django.conf import settings


def _setting(name: str, default):
    return getattr(settings, name, default)


def site_url() -> str:
    """Where the site is served, for the links in mail (the SITE_URL setting)."""
    return settings.SITE_URL


def send_max_retries() -> int:
    return int(_setting("NOTIFICATIONS_SEND_MAX_RETRIES", 5))


def retry_backoff_seconds() -> float:
    """The first wait before a refused mail is tried again; it doubles each time."""
    return float(_setting("NOTIFICATIONS_RETRY_BACKOFF_SECONDS", 60))


def retry_backoff_max_seconds() -> float:
    return float(_setting("NOTIFICATIONS_RETRY_BACKOFF_MAX_SECONDS", 60 * 60))


def smtp_timeout_seconds() -> float:
    """Django waits forever by default, which would leave a delivery "sending" for good."""
    return float(_setting("NOTIFICATIONS_SMTP_TIMEOUT_SECONDS", 30))


def sending_stale_seconds() -> float:
    """After this long in "sending", its worker is gone: the delivery is marked unknown, not resent."""
    return float(_setting("NOTIFICATIONS_SENDING_STALE_SECONDS", 15 * 60))


def confirmation_max_age_seconds() -> int:
    """How long a confirmation link stays good."""
    return int(_setting("NOTIFICATIONS_CONFIRMATION_MAX_AGE_SECONDS", 7 * 24 * 60 * 60))
