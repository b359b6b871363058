"""The body of every outbox's send task, and the periodic sweep of all outboxes.

The tasks take ids and hold no rules: the outbox's services decide. Safe to run twice (the
row is the lock), which is why the send tasks acknowledge their message only once done
(``acks_late``): a message lost with its worker is delivered again and finds the row taken.
"""

import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval
from django.db import InterfaceError, OperationalError

from outbox.services import OUTBOXES, MailOutcomeUnknown, MailRefused, Outbox, mail_requests_prune

logger = logging.getLogger(__name__)

# A database that cannot be reached for a while (restarted, failed over, the network) is waited
# for: the task runs again about 2 s later, then 4, 8, ... at most 5 minutes apart, 8 times (some
# ten minutes in all), after which the sweep takes over. Every task given this is safe to run
# again: a send claims its row before it mails (a conditional UPDATE), so a retry after the mail
# went out finds the row taken and sends nothing. Only the errors of a database out of reach:
# an IntegrityError or a DataError is a fault that trying again would not mend.
DATABASE_AWAY = (OperationalError, InterfaceError)
RETRY_WHILE_DATABASE_AWAY = {
    "autoretry_for": DATABASE_AWAY,
    "retry_backoff": 2,
    "retry_backoff_max": 5 * 60,
    "retry_jitter": True,
    "max_retries": 8,
}

# Longer than an SMTP conversation may last (its timeout), far shorter than the time after
# which a mail still "sending" counts as lost (<PREFIX>_SENDING_STALE_SECONDS).
SEND_TIME_LIMIT_SECONDS = 5 * 60


def outgoing_mail_send(task, outbox: Outbox, pk: int) -> str:
    """Send one claimed row; a refusal is tried again later, doubling the wait each time.

    ``task`` is the bound Celery task. The retry limit and waits are read from the settings
    when it runs, so they are not fixed in its decorator.
    """
    row = outbox.send_start(pk)
    if row is None:
        return "not claimed by this task"
    conf, kind = outbox.conf, outbox.model.__name__
    try:
        outbox.mail_send(row)
    except MailRefused as error:
        # The row counts the attempts, not the message: a retry the sweep queued again
        # (its first message lost) goes on counting towards the limit.
        retries = row.attempts - 1
        if retries >= conf.send_max_retries():
            outbox.failed_record(pk, str(error))
            logger.warning("%s %s failed after %s attempts: %s", kind, pk, retries + 1, error)
            return "failed"
        outbox.retry_release(pk, str(error))
        countdown = get_exponential_backoff_interval(
            factor=conf.retry_backoff_seconds(),
            retries=retries,
            maximum=conf.retry_backoff_max_seconds(),
            full_jitter=False,
        )
        raise task.retry(exc=error, countdown=countdown, max_retries=conf.send_max_retries()) from error
    except MailOutcomeUnknown as error:
        outbox.unknown_record(pk, str(error))
        logger.warning("%s %s: unknown whether it went out: %s", kind, pk, error)
        return "unknown"
    outbox.sent_record(pk)
    return "sent"


@shared_task(name="outbox.sweep", acks_late=True, **RETRY_WHILE_DATABASE_AWAY)
def outboxes_sweep() -> dict:
    """In every outbox, mark the lost sends unknown and queue the lost claims again.

    See ``tracker/celery.py`` for when it runs. The outboxes are made by the apps' services
    modules, which the worker has imported with their tasks.
    """
    reports = {name: outbox.sweep().as_dict() for name, outbox in OUTBOXES.items()}
    for name, report in reports.items():
        if report["marked_unknown"] or report["requeued"]:
            logger.warning("Outbox %s swept: %s", name, report)
    return reports


@shared_task(name="outbox.mail_requests_prune", **RETRY_WHILE_DATABASE_AWAY)
def mail_requests_old_prune() -> int:
    """Delete the mail requests no limit counts any more (see ``tracker/celery.py`` for when)."""
    return mail_requests_prune()
