"""Signed links: confirming a subscription (expires) and unsubscribing (never expires)."""

from django.core import signing

from notifications import conf

CONFIRM_SALT = "notifications.confirm"
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def _dumps(subscription_id: int, email: str, salt: str) -> str:
    return signing.dumps({"s": subscription_id, "e": email.lower()}, salt=salt, compress=True)


def _loads(token: str, salt: str, max_age=None) -> tuple[int, str]:
    data = signing.loads(token, salt=salt, max_age=max_age)
    try:
        return int(data["s"]), str(data["e"])
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("Malformed token.") from None


def confirm_token(subscription_id: int, email: str) -> str:
    return _dumps(subscription_id, email, CONFIRM_SALT)


def confirm_token_read(token: str) -> tuple[int, str]:
    """``signing.BadSignature`` (or ``SignatureExpired``) if not ours or too old."""
    return _loads(token, CONFIRM_SALT, max_age=conf.confirmation_max_age_seconds())


def unsubscribe_token(subscription_id: int, email: str) -> str:
    # No expiry: a notification read months later must still let her stop them.
    return _dumps(subscription_id, email, UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    return _loads(token, UNSUBSCRIBE_SALT)
