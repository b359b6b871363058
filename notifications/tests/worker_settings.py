"""Settings of the Celery workers the real-worker tests start: the project's, mail by SMTP."""

from tracker.settings import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
SITE_URL = "http://testserver"
NOTIFICATIONS_RETRY_BACKOFF_SECONDS = 0.2
NOTIFICATIONS_SMTP_TIMEOUT_SECONDS = 10
