"""Settings of the Celery workers that the real-worker tests start: the project's, with short
waits between retries so a refused digest is retried within the test."""

from tracker.settings import *  # noqa: F403

REMINDERS_RETRY_BACKOFF_SECONDS = 0.2
REMINDERS_RETRY_BACKOFF_MAX_SECONDS = 1
REMINDERS_SEND_MAX_RETRIES = 3
REMINDERS_SMTP_TIMEOUT_SECONDS = 10
SITE_URL = "http://testserver"
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
