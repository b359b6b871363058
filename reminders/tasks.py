"""Celery tasks of the reminders. They take ids, and hold no rules: the services decide.

Both are safe to run twice (the database row is the lock), which is why they acknowledge
their message only once done (``acks_late``): a message lost with its worker is delivered
again and finds the row already taken.
"""

import datetime as dt
import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from reminders import conf, services

logger = logging.getLogger(__name__)

# Longer than an SMTP conversation may last (its timeout), far shorter than the time after
# which a digest still "sending" counts as lost (REMINDERS_SENDING_STALE_SECONDS).
SEND_TIME_LIMIT_SECONDS = 5 * 60


@shared_task(name="reminders.dispatch", acks_late=True)
def reminders_dispatch(as_of: str | None = None) -> dict:
    """Claim and queue every digest due (see ``tracker/celery.py`` for when it runs)."""
    day = dt.date.fromisoformat(as_of) if as_of else None
    return services.reminders_dispatch(day).as_dict()


@shared_task(bind=True, name="reminders.digest_send", acks_late=True, time_limit=SEND_TIME_LIMIT_SECONDS)
def digest_send(self, digest_id: int) -> str:
    """Send one claimed digest; a refusal is tried again later, doubling the wait each time.

    The retry limit and waits are read from the settings when the task runs (``conf``), so
    they are not fixed in the decorator.
    """
    digest = services.digest_send_start(digest_id)
    if digest is None:
        return "not claimed by this task"
    try:
        services.digest_mail_send(digest)
    except services.MailRefused as error:
        retries = self.request.retries
        if retries >= conf.send_max_retries():
            services.digest_failed_record(digest_id, str(error))
            logger.warning("Digest %s failed after %s attempts: %s", digest_id, retries + 1, error)
            return "failed"
        services.digest_retry_release(digest_id, str(error))
        countdown = get_exponential_backoff_interval(
            factor=conf.retry_backoff_seconds(),
            retries=retries,
            maximum=conf.retry_backoff_max_seconds(),
            full_jitter=False,
        )
        raise self.retry(exc=error, countdown=countdown, max_retries=conf.send_max_retries()) from error
    except services.MailOutcomeUnknown as error:
        services.digest_unknown_record(digest_id, str(error))
        logger.warning("Digest %s: unknown whether it went out: %s", digest_id, error)
        return "unknown"
    services.digest_sent_record(digest_id)
    return "sent"
