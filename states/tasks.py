"""Mail about liaisons' accounts, sent by a worker: never inside the request that asked for it."""

from celery import shared_task

from outbox.services import MailRefused
from outbox.tasks import DATABASE_AWAY, RETRY_WHILE_DATABASE_AWAY
from states import services


# An invitation sent twice does no harm (each link works until one is used), so a refusal by the
# mail server is tried again like a database out of reach, waiting longer each time.
@shared_task(
    name="states.liaison_invitation_mail_send",
    **{**RETRY_WHILE_DATABASE_AWAY, "autoretry_for": (MailRefused, *DATABASE_AWAY)},
)
def liaison_invitation_mail_send(contact_id: int) -> bool:
    return services.liaison_invitation_mail_send(contact_id)
