"""Celery tasks of the notifications. They take ids and hold no rules: the services decide.

Safe to run twice (the delivery row is the lock), hence ``acks_late``: a message lost with its
worker is delivered again and finds the row already taken.
"""

from celery import shared_task

from notifications import services
from notifications.models import Subscription
from outbox.tasks import RETRY_WHILE_DATABASE_AWAY, SEND_TIME_LIMIT_SECONDS, outgoing_mail_send


@shared_task(name="notifications.deliver", acks_late=True, **RETRY_WHILE_DATABASE_AWAY)
def notification_deliver(notification_id: int) -> list[int]:
    """Claim a delivery for each subscriber of a just-published notification and queue them."""
    return services.deliveries_claim(notification_id)


@shared_task(
    bind=True,
    name="notifications.delivery_send",
    acks_late=True,
    time_limit=SEND_TIME_LIMIT_SECONDS,
    **RETRY_WHILE_DATABASE_AWAY,
)
def delivery_send(self, delivery_id: int) -> str:
    """Send one claimed delivery (``outbox.tasks.outgoing_mail_send``)."""
    return outgoing_mail_send(self, services.DELIVERIES, delivery_id)


# Reads only, before the mail: a database error never comes after the link went out.
@shared_task(name="notifications.confirmation_send", **RETRY_WHILE_DATABASE_AWAY)
def subscription_confirmation_send(subscription_id: int) -> str:
    """The double opt-in link. Not a never-twice mail: asking again is meant to send it again."""
    subscription = (
        Subscription.objects.select_related("convention", "state").filter(pk=subscription_id).first()
    )
    if subscription is None or subscription.is_active:
        return "nothing to confirm"
    services.subscription_confirmation_mail_send(subscription)
    return "sent"
