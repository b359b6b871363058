"""Celery tasks of the reminders. They take ids, and hold no rules: the services decide.

Both are safe to run twice (the database row is the lock), which is why they acknowledge
their message only once done (``acks_late``): a message lost with its worker is delivered
again and finds the row already taken.
"""

import datetime as dt

from celery import shared_task

from outbox.tasks import RETRY_WHILE_DATABASE_AWAY, SEND_TIME_LIMIT_SECONDS, outgoing_mail_send
from reminders import services


@shared_task(name="reminders.dispatch", acks_late=True, **RETRY_WHILE_DATABASE_AWAY)
def reminders_dispatch(as_of: str | None = None) -> dict:
    """Claim and queue every digest due (see ``tracker/celery.py`` for when it runs)."""
    day = dt.date.fromisoformat(as_of) if as_of else None
    return services.reminders_dispatch(day).as_dict()


@shared_task(
    bind=True,
    name="reminders.digest_send",
    acks_late=True,
    time_limit=SEND_TIME_LIMIT_SECONDS,
    **RETRY_WHILE_DATABASE_AWAY,
)
def digest_send(self, digest_id: int) -> str:
    """Send one claimed digest (``outbox.tasks.outgoing_mail_send``)."""
    return outgoing_mail_send(self, services.DIGESTS, digest_id)
