"""Celery tasks of the notifications. They take ids and hold no rules: the services decide.

Safe to run twice (the delivery row is the lock), hence ``acks_late``: a message lost with its
worker is delivered again and finds the row already taken.
"""

import logging

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

from notifications import conf, services
from notifications.models import Subscription

logger = logging.getLogger(__name__)

# Longer than an SMTP conversation may last, far shorter than NOTIFICATIONS_SENDING_STALE_SECONDS.
SEND_TIME_LIMIT_SECONDS = 5 * 60


@shared_task(name="notifications.deliver", acks_late=True)
def notification_deliver(notification_id: int) -> list[int]:
    """Claim a delivery for each subscriber of a just-published notification and queue them."""
    return services.deliveries_claim(notification_id)


@shared_task(
    bind=True, name="notifications.delivery_send", acks_late=True, time_limit=SEND_TIME_LIMIT_SECONDS
)
def delivery_send(self, delivery_id: int) -> str:
    delivery = services.delivery_send_start(delivery_id)
    if delivery is None:
        return "not claimed by this task"
    try:
        services.delivery_mail_send(delivery)
    except services.MailRefused as error:
        retries = self.request.retries
        if retries >= conf.send_max_retries():
            services.delivery_failed_record(delivery_id, str(error))
            logger.warning("Delivery %s failed after %s attempts: %s", delivery_id, retries + 1, error)
            return "failed"
        services.delivery_retry_release(delivery_id, str(error))
        countdown = get_exponential_backoff_interval(
            factor=conf.retry_backoff_seconds(),
            retries=retries,
            maximum=conf.retry_backoff_max_seconds(),
            full_jitter=False,
        )
        raise self.retry(exc=error, countdown=countdown, max_retries=conf.send_max_retries()) from error
    except services.MailOutcomeUnknown as error:
        services.delivery_unknown_record(delivery_id, str(error))
        logger.warning("Delivery %s: unknown whether it went out: %s", delivery_id, error)
        return "unknown"
    services.delivery_sent_record(delivery_id)
    return "sent"


@shared_task(name="notifications.confirmation_send")
def subscription_confirmation_send(subscription_id: int) -> str:
    """The double opt-in link. Not a never-twice mail: asking again is meant to send it again."""
    subscription = (
        Subscription.objects.select_related("convention", "state").filter(pk=subscription_id).first()
    )
    if subscription is None or subscription.is_active:
        return "nothing to confirm"
    services.send_mail_message(services.subscription_confirmation_mail(subscription))
    return "sent"
