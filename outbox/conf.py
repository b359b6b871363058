"""The settings of an outbox, each with its default, read when used (not at import) so tests
and the workers' test settings can change them. Named ``<PREFIX>_<NAME>``: the reminders read
``REMINDERS_SEND_MAX_RETRIES``, the notifications ``NOTIFICATIONS_SEND_MAX_RETRIES``."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class OutboxSettings:
    prefix: str

    def _setting(self, name: str, default):
        return getattr(settings, f"{self.prefix}_{name}", default)

    def send_max_retries(self) -> int:
        """How many times a mail refused by the server is tried again before it is failed."""
        return int(self._setting("SEND_MAX_RETRIES", 5))

    def retry_backoff_seconds(self) -> float:
        """The first wait before trying again; it doubles at each retry."""
        return float(self._setting("RETRY_BACKOFF_SECONDS", 60))

    def retry_backoff_max_seconds(self) -> float:
        return float(self._setting("RETRY_BACKOFF_MAX_SECONDS", 60 * 60))

    def smtp_timeout_seconds(self) -> float:
        """How long one conversation with the mail server may hang before it counts as an error.

        Django's own default is to wait forever, which would leave a mail "sending" for good.
        """
        return float(self._setting("SMTP_TIMEOUT_SECONDS", 30))

    def sending_stale_seconds(self) -> float:
        """After this long in "sending", nobody is sending the mail any more: its worker died.

        Far longer than a send can take (the SMTP timeout and the task's time limit are
        shorter), so a mail being sent right now is never taken for a lost one.
        """
        return float(self._setting("SENDING_STALE_SECONDS", 15 * 60))

    def claimed_stale_seconds(self) -> float:
        """After this long, a mail claimed but never tried was not queued (broker down at commit)."""
        return float(self._setting("CLAIMED_STALE_SECONDS", 15 * 60))


def mail_requests_per_address_per_day() -> int:
    """How many mails of one kind anyone may have the site send one address in a day."""
    return settings.MAIL_REQUESTS_PER_ADDRESS_PER_DAY


def mail_requests_per_client_rate() -> str:
    """How many mail requests (forms posted) one client may make, as django-ratelimit reads it."""
    return settings.MAIL_REQUESTS_PER_CLIENT_RATE
