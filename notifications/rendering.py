"""Mail: a notification to a subscriber, and the confirmation link, in the subscriber's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from notifications import tokens
from notifications.models import Delivery, Subscription
from notifications.services import absolute, unsubscribe_url


def delivery_mail(delivery: Delivery) -> EmailMultiAlternatives:
    """Plain text, in the language she chose, with one-click unsubscribe headers (RFC 8058)."""
    notification, subscription = delivery.notification, delivery.subscription
    language = delivery.language
    link = unsubscribe_url(subscription)
    with translation.override(language):
        body = "\n\n".join(
            [
                f"{notification.reference} ({notification.issued_on.isoformat()})",
                getattr(notification, f"text_{language}"),
                absolute(notification.get_absolute_url()),
                "--",
                gettext("You receive this because you subscribed to: %(scope)s.")
                % {"scope": subscription.scope_label}
                + "\n"
                + gettext("To stop: %(link)s") % {"link": link},
            ]
        )
    return EmailMultiAlternatives(
        subject=f"{notification.reference}: {getattr(notification, f'title_{language}')}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[delivery.recipient],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "X-Tracker-Notification": notification.reference,
            "X-Tracker-Delivery": str(delivery.pk),
        },
    )


def confirmation_mail(subscription: Subscription) -> EmailMultiAlternatives:
    token = tokens.confirm_token(subscription.pk, subscription.email)
    link = absolute(reverse("notifications:confirm", kwargs={"token": token}))
    with translation.override(subscription.language):
        subject = gettext("Confirm your subscription to depositary notifications")
        body = "\n\n".join(
            [
                gettext(
                    "Someone, probably you, asked to receive the depositary notifications about: %(scope)s."
                )
                % {"scope": subscription.scope_label},
                gettext("To confirm, open this link and press the button: %(link)s") % {"link": link},
                gettext("If you did not ask for this, do nothing: you will receive nothing."),
            ]
        )
    return EmailMultiAlternatives(subject=subject, body=body, to=[subscription.email])
