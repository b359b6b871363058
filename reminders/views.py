"""The reminders' pages: unsubscribing through the signed link of a digest, and the documents
of the outreach log.

The contact does not sign in: the signed token is her credential. Opening the link only
shows what it would stop (mail scanners open links); stopping takes a POST, which is also
what a mail client's one-click unsubscribe (RFC 8058) sends, without a CSRF token.
"""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from conventions.models import Convention
from reminders.models import OutreachEntry
from reminders.rendering import UnsubscribeLinkGone, unsubscribe_token_read
from reminders.selectors import outreach_entry_for_user
from reminders.services import reminders_unsubscribe
from states.models import Contact
from tracker.views import link_gone


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        link = unsubscribe_token_read(token)
        contact = Contact.objects.select_related("state").get(pk=link.contact_id)
    except UnsubscribeLinkGone:
        return _unsubscribe_link_gone(request)
    except (signing.BadSignature, Contact.DoesNotExist):
        raise Http404("This link is not valid.") from None
    if contact.email.lower() != link.address:
        return _unsubscribe_link_gone(request)
    conventions = list(Convention.objects.filter(pk__in=link.convention_ids).order_by("code"))
    done = False
    if request.method == "POST":
        reminders_unsubscribe(contact.pk, [c.pk for c in conventions])
        done = True
    with translation.override(contact.language):
        return render(
            request,
            "reminders/unsubscribe.html",
            {"contact": contact, "conventions": conventions, "done": done},
        )


def _unsubscribe_link_gone(request):
    return link_gone(
        request,
        _(
            "This link is too old, or the reminders no longer go to the address it was sent to. "
            "The latest reminder has a link that works; or write to the secretariat."
        ),
    )


@require_safe
@login_required
def outreach_document(request, pk: int):
    """The document of an outreach entry, for staff and the liaisons of the states it names.

    Anyone else is told it does not exist, as for an entry with no document.
    """
    try:
        entry = outreach_entry_for_user(request.user, pk)
    except OutreachEntry.DoesNotExist:
        raise Http404("No such document.") from None
    if not entry.document:
        raise Http404("No such document.")
    name = Path(entry.document.name).name
    return FileResponse(entry.document.open("rb"), as_attachment=True, filename=name)
