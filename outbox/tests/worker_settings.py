"""Settings of the Celery workers that the real-worker tests start: the project's, mail by
SMTP, and short waits between retries so a refused mail is retried within the test."""

from tracker.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
SITE_URL = "http://testserver"
REMINDERS_RETRY_BACKOFF_SECONDS = 0.2
REMINDERS_RETRY_BACKOFF_MAX_SECONDS = 1
REMINDERS_SEND_MAX_RETRIES = 3
REMINDERS_SMTP_TIMEOUT_SECONDS = 10
NOTIFICATIONS_RETRY_BACKOFF_SECONDS = 0.2
NOTIFICATIONS_SMTP_TIMEOUT_SECONDS = 10
