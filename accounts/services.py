"""Password resets: asked for on the site, mailed by a worker.

The request does the same work whatever the address, known or not: it records the ask (within
the day's limit for that address) and queues it. Only the worker looks the address up, so the
answer and its timing tell nobody whether an account has it.
"""

from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import translation

from outbox.models import MailKind
from outbox.services import mail_request_admit

EMAIL_TEMPLATE = "accounts/password_reset_email.txt"


def _enqueue_reset_mail(address: str, language: str) -> None:
    from accounts.tasks import password_reset_mail_send  # the tasks module imports this one

    password_reset_mail_send.delay(address, language)


@transaction.atomic
def password_reset_request(address: str, *, language: str) -> bool:
    """Queue a reset mail to ``address`` once committed; False (nothing queued) over the day's limit."""
    if not mail_request_admit(address, MailKind.PASSWORD_RESET):
        return False
    # robust: a broker out of reach must not turn the answer into an error page.
    transaction.on_commit(partial(_enqueue_reset_mail, address, language), robust=True)
    return True


def password_reset_mail_send(address: str, language: str) -> None:
    """Mail a reset link to every active account with this address that has a password.

    None: nothing is mailed. ``outbox.services.MailRefused`` or ``MailOutcomeUnknown`` if the
    mail server did not take one.
    """
    from accounts.forms import SiteUrlPasswordResetForm

    form = SiteUrlPasswordResetForm({"email": address})
    if not form.is_valid():
        return
    site = urlsplit(settings.SITE_URL)
    with translation.override(language):
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            email_template_name=EMAIL_TEMPLATE,
            from_email=settings.DEFAULT_FROM_EMAIL,
        )
