"""The password reset mail, sent by a worker: never inside the request that asked for it."""

from celery import shared_task

from accounts import services
from outbox.services import MailRefused


# A reset mail sent twice does no harm (both links work until one is used), so a refusal by the
# mail server is simply tried again, a few times, a minute apart.
@shared_task(
    name="accounts.password_reset_mail_send",
    autoretry_for=(MailRefused,),
    max_retries=3,
    default_retry_delay=60,
)
def password_reset_mail_send(address: str, language: str) -> None:
    services.password_reset_mail_send(address, language)
