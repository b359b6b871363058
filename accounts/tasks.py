"""The password reset mail, sent by a worker: never inside the request that asked for it."""

from celery import shared_task

from accounts import services
from outbox.services import MailRefused
from outbox.tasks import DATABASE_AWAY, RETRY_WHILE_DATABASE_AWAY


# A reset mail sent twice does no harm (both links work until one is used), so a refusal by the
# mail server is tried again like a database out of reach, waiting longer each time.
@shared_task(
    name="accounts.password_reset_mail_send",
    **{**RETRY_WHILE_DATABASE_AWAY, "autoretry_for": (MailRefused, *DATABASE_AWAY)},
)
def password_reset_mail_send(address: str, language: str) -> None:
    services.password_reset_mail_send(address, language)
