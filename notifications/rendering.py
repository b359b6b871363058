"""Mail: a notification to a subscriber, and the confirmation link, in the subscriber's language.

The wording is stored or written in all four languages (``texts``), not looked up in gettext
catalogues, so a mail is in her language whatever the site's.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from notifications import tokens
from notifications.models import Delivery, Subscription
from notifications.services import unsubscribe_url
from notifications.texts import MAIL, scope_phrase
from outbox.services import absolute_url


def delivery_mail(delivery: Delivery) -> EmailMultiAlternatives:
    """Plain text, in the language she chose, with one-click unsubscribe headers (RFC 8058)."""
    notification, subscription = delivery.notification, delivery.subscription
    language = delivery.language
    link = unsubscribe_url(subscription)
    body = "\n\n".join(
        [
            f"{notification.reference} ({notification.issued_on.isoformat()})",
            getattr(notification, f"text_{language}"),
            absolute_url(notification.get_absolute_url()),
            "-- \n" + MAIL[language]["footer"].format(scope=scope_phrase(subscription, language), link=link),
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
    wording = MAIL[subscription.language]
    return EmailMultiAlternatives(
        subject=wording["confirm_subject"],
        body=wording["confirm_body"].format(
            scope=scope_phrase(subscription, subscription.language), link=link
        ),
        to=[subscription.email],
    )
