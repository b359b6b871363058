"""What a locked-out sign-in sees (the sign-in page again, saying why and when to try again),
and the client's address behind the proxy."""

import ipaddress
import math

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import ngettext


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout callable: the sign-in page with the lockout message, status 429.

    The message names the wait but never whether the password was right, so it tells someone
    guessing nothing more than the failures did.
    """
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    message = ngettext(
        "Too many failed attempts to sign in to this account from your address. "
        "Try again in %(minutes)d minute.",
        "Too many failed attempts to sign in to this account from your address. "
        "Try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    username = (credentials or {}).get(settings.AXES_USERNAME_FORM_FIELD, "")
    form = AuthenticationForm(request, initial={"username": username})
    return render(
        request,
        "registration/login.html",
        {"form": form, "locked_out": message, "next": request.POST.get("next", "")},
        status=429,
    )


def forwarded_client_address(request) -> str:
    """Behind the one proxy (BEHIND_PROXY): the last X-Forwarded-For entry, which that proxy
    appended; anything before it the client may have written. The proxy's own address if the
    header is missing or is no address."""
    last = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return request.META["REMOTE_ADDR"]
