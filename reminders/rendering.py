"""A digest as mail: subject, plain text and HTML in the contact's language, with its links.

Rendering reads nothing from the database: everything comes with the plan.
"""

from dataclasses import dataclass

from django.core import signing
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from outbox.services import absolute_url
from reminders.selectors import DigestPlan

UNSUBSCRIBE_SALT = "reminders.unsubscribe"


def unsubscribe_token(contact_id: int, convention_ids: list[int]) -> str:
    """A signed token naming a contact and the conventions she may stop reminders about.

    It does not expire: a digest read months later must still let her unsubscribe.
    """
    return signing.dumps(
        {"contact": contact_id, "conventions": sorted(convention_ids)}, salt=UNSUBSCRIBE_SALT
    )


def unsubscribe_token_read(token: str) -> tuple[int, list[int]]:
    """The contact and conventions of a token; ``signing.BadSignature`` if it was not ours."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    try:
        return int(data["contact"]), [int(pk) for pk in data["conventions"]]
    except (KeyError, TypeError, ValueError):
        raise signing.BadSignature("Malformed unsubscribe token.") from None


def unsubscribe_url(contact_id: int, convention_ids: list[int]) -> str:
    token = unsubscribe_token(contact_id, convention_ids)
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
    link = unsubscribe_url(plan.contact.pk, [c.pk for c in plan.conventions])
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
