"""Mail: a notification to a subscriber, and the confirmation link, in the subscriber's language.

A notification's wording is stored in all four languages when it is published; what the mail
adds around it is made in her language (``translation.override``), whatever the site's.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from notifications import tokens
from notifications.models import Delivery, Subscription
from notifications.wording import confirmation_body, confirmation_subject, mail_footer, scope_phrase
from outbox.services import absolute_url


def unsubscribe_url(subscription: Subscription) -> str:
    token = tokens.unsubscribe_token(subscription.pk, subscription.email)
    return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": token}))


def delivery_mail(delivery: Delivery) -> EmailMultiAlternatives:
    """Plain text, in the language she chose, with one-click unsubscribe headers (RFC 8058)."""
    notification, subscription = delivery.notification, delivery.subscription
    language = delivery.language
    link = unsubscribe_url(subscription)
    with translation.override(language):
        footer = mail_footer(scope_phrase(subscription, language), link)
    body = "\n\n".join(
        [
            f"{notification.reference} ({notification.issued_on.isoformat()})",
            getattr(notification, f"text_{language}"),
            absolute_url(notification.get_absolute_url()),
            "-- \n" + footer,
        ]
    )
    return EmailMultiAlternatives(
        subject=f"{getattr(notification, f'title_{language}')} ({notification.reference})",
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
    token = tokens.confirm_token(subscription.pk, subscription.email, stopped_at=subscription.unsubscribed_at)
    link = absolute_url(reverse("notifications:confirm", kwargs={"token": token}))
    with translation.override(subscription.language):
        return EmailMultiAlternatives(
            subject=confirmation_subject(),
            body=confirmation_body(scope_phrase(subscription, subscription.language), link),
            to=[subscription.email],
        )
