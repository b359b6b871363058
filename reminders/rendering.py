"""A digest as mail: subject, plain text and HTML in the contact's language, with its links.

Rendering reads nothing from the database: everything comes with the plan.
"""

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from outbox.services import absolute_url
from reminders.selectors import DigestPlan

UNSUBSCRIBE_SALT = "reminders.unsubscribe"

# A digest's unsubscribe link works this long (about six months: two quarterly digests at
# least); the latest digest always has a fresh one.
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=183)


class UnsubscribeLinkGone(Exception):
    """The link is ours but too old, or the contact no longer has the address it was sent to."""


@dataclass(frozen=True)
class UnsubscribeLink:
    contact_id: int
    convention_ids: list[int]
    address: str


def unsubscribe_token(contact_id: int, convention_ids: list[int], address: str) -> str:
    """A signed, dated token naming a contact, the conventions she may stop reminders about,
    and the address the digest goes to: it stops her reminders only while that is still hers."""
    return signing.dumps(
        {"contact": contact_id, "conventions": sorted(convention_ids), "address": address.lower()},
        salt=UNSUBSCRIBE_SALT,
    )


def unsubscribe_token_read(token: str) -> UnsubscribeLink:
    """``signing.BadSignature`` if the token is not ours; ``UnsubscribeLinkGone`` if it is too old
    (or from before links named their address)."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired as error:
        raise UnsubscribeLinkGone("Too old.") from error
    try:
        link = UnsubscribeLink(
            int(data["contact"]), [int(pk) for pk in data["conventions"]], str(data.get("address", ""))
        )
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("Malformed unsubscribe token.") from None
    if not link.address:
        raise UnsubscribeLinkGone("Sent before links named their address.")
    return link


def unsubscribe_url(contact_id: int, convention_ids: list[int], address: str) -> str:
    token = unsubscribe_token(contact_id, convention_ids, address)
    return absolute_url(reverse("reminders:unsubscribe", args=[token]))


def state_dashboard_url(iso3: str) -> str:
    try:
        path = reverse("dashboards:state", kwargs={"iso3": iso3})
    except NoReverseMatch:
        # The dashboards app names this page; until it is there, its documented address.
        path = f"/dashboard/states/{iso3}/"
    return absolute_url(path)


@dataclass(frozen=True)
class RenderedDigest:
    subject: str
    text: str
    html: str
    unsubscribe_url: str


def digest_render(plan: DigestPlan) -> RenderedDigest:
    """The mail of a digest, in the contact's language (state and convention names too)."""
    link = unsubscribe_url(plan.contact.pk, [c.pk for c in plan.conventions], plan.contact.email)
    sections = [
        {"convention": convention, "items": [i for i in plan.items if i.convention.pk == convention.pk]}
        for convention in plan.conventions
    ]
    context = {
        "contact": plan.contact,
        "state": plan.state,
        "period": plan.period,
        "as_of": plan.as_of,
        "items": plan.items,
        "sections": sections,
        "dashboard_url": state_dashboard_url(plan.state.iso3),
        "unsubscribe_url": link,
    }
    with translation.override(plan.language):
        subject = " ".join(render_to_string("reminders/digest_subject.txt", context).split())
        text = render_to_string("reminders/digest.txt", context)
        html = render_to_string("reminders/digest.html", context)
    return RenderedDigest(subject, text, html, link)
