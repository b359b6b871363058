"""Invitation links: the way a new liaison sets her first password.

A link carries her account's id and a fingerprint of the account as it was when the link was
made (its password, last sign-in, whether it is active), signed with the site's key and dated.
It works until ``LIAISON_INVITATION_MAX_AGE`` has passed and only once: setting the password
changes the fingerprint, and so does a deactivation.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "accounts.invitation"


class InvitationInvalid(Exception):
    """The link was not made here, was already used, or its account was deactivated."""


class InvitationExpired(InvitationInvalid):
    """The link is genuine but older than LIAISON_INVITATION_MAX_AGE."""


def _fingerprint(user) -> str:
    state = f"{user.pk}|{user.password}|{user.last_login}|{user.is_active}"
    return salted_hmac(SALT, state).hexdigest()[:24]


def invitation_token(user, language: str) -> str:
    """A token for ``user``'s invitation link; ``language`` is the one its page opens in."""
    return signing.dumps([user.pk, _fingerprint(user), language], salt=SALT)


def invited_user(token: str):
    """The account ``token`` invites, with the page's language; raises InvitationInvalid/Expired."""
    max_age = settings.LIAISON_INVITATION_MAX_AGE
    try:
        user_id, fingerprint, language = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise InvitationExpired from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvitationInvalid from error
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not constant_time_compare(fingerprint, _fingerprint(user)):
        raise InvitationInvalid
    return user, language
