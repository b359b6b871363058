"""Signed links: confirming a subscription (expires) and unsubscribing (never expires).

A confirmation link also records when the subscription was last stopped, as it was when the
link was sent: once she unsubscribes again, an older link is outdated and confirms nothing.
"""

import datetime as dt
from dataclasses import dataclass

from django.core import signing

from notifications import conf

CONFIRM_SALT = "notifications.confirm"
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


@dataclass(frozen=True)
class ConfirmationLink:
    subscription_id: int
    email: str
    # The subscription's ``unsubscribed_at`` when the link was sent, as ISO text; "" if never.
    stopped_at: str


def _stamp(moment: dt.datetime | None) -> str:
    return moment.isoformat() if moment else ""


def _dumps(data: dict, salt: str) -> str:
    return signing.dumps(data, salt=salt, compress=True)


def _loads(token: str, salt: str, max_age=None) -> tuple[int, str, dict]:
    data = signing.loads(token, salt=salt, max_age=max_age)
    try:
        return int(data["s"]), str(data["e"]), data
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("Malformed token.") from None


def confirm_token(subscription_id: int, email: str, *, stopped_at: dt.datetime | None = None) -> str:
    """``stopped_at``: the subscription's ``unsubscribed_at`` now, when the link is sent."""
    return _dumps({"s": subscription_id, "e": email.lower(), "u": _stamp(stopped_at)}, CONFIRM_SALT)


def confirm_token_read(token: str) -> ConfirmationLink:
    """``signing.SignatureExpired`` if too old; ``signing.BadSignature`` if not ours."""
    subscription_id, email, data = _loads(token, CONFIRM_SALT, max_age=conf.confirmation_max_age_seconds())
    if not isinstance(data.get("u"), str):
        raise signing.BadSignature("Malformed token.")
    return ConfirmationLink(subscription_id, email, data["u"])


def confirmation_outdated(link: ConfirmationLink, unsubscribed_at: dt.datetime | None) -> bool:
    """Whether the subscription was stopped (again) after the link was sent."""
    return link.stopped_at != _stamp(unsubscribed_at)


def unsubscribe_token(subscription_id: int, email: str) -> str:
    # No expiry: a notification read months later must still let her stop them.
    return _dumps({"s": subscription_id, "e": email.lower()}, UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    subscription_id, email, _data = _loads(token, UNSUBSCRIBE_SALT)
    return subscription_id, email
